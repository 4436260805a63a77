"""Extraction speed: our extractor, quantulum3 and a bare digit scan on the same text, one run.

    pip install -r bench/requirements.txt            # quantulum3, for this benchmark only
    python bench/extraction.py                       # the seed article, repeated to ~2 MB
    python bench/extraction.py --documents ../shared/corpus/documents.jsonl
    python bench/extraction.py --documents ../shared/corpus/documents.jsonl --instructions

For each reader it prints MB/s, claims (items found) per second and peak memory, and the ratio
of our speed to quantulum3's and to the scan's. All three read the same text in the same run;
quantulum3 is slow, so it reads the first --slice-kb of that text and its rate is per MB of it.
`extract_claims --jsonl` is also run end to end in this process (its JSON lines in, parsed, read
and written out as JSON lines), process start-up excluded.

Rates are per CPU second of this single-threaded process, i.e. on one core: the best of --repeat
runs, as a shared machine's other work only ever slows a run down.

Peak memory is traced (tracemalloc) while each reader streams the text document by document, as
`manage.py extract_claims --jsonl` does, once over 1 MB and once over 4 MB of text: equal peaks
mean memory is flat in the length of the input. A full collection runs between documents (not
timed): CPython keeps freed small tuples, lists and floats on free lists for reuse, up to a fixed
number, until the next full collection, and the tracer counts them as held, which would show as
growth that no length of input makes larger. Timing runs are not traced.

--instructions counts instead of timing: the CPU instructions our extractor executes per MB of
the text, under valgrind's callgrind (the same count on a busy machine as on an idle one, where
CPU seconds on a shared machine can differ by a third from one run to the next). It reads 20 kB
and then 220 kB, each in a fresh process, and reports the difference per MB, so that start-up
(imports, the gazetteer) is left out.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.extraction import extract_claims  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "tests" / "extraction" / "fixtures"
SEED /= "seed_article.txt"
PUBLISHED = date(2024, 1, 27)
DIGITS = re.compile(r"\d+")
MB = 1_000_000

MISSING = "quantulum3 is not installed: pip install -r bench/requirements.txt to compare with it"

Reader = Callable[[str], int]  # text -> how many items it found


def ours(text: str) -> int:
    return len(extract_claims(text, PUBLISHED))


def digit_scan(text: str) -> int:
    return sum(1 for _ in DIGITS.finditer(text))


def load_quantulum3() -> Reader | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its optional classifier is not needed to time it
            from quantulum3 import parser
    except ImportError:
        return None

    def quantulum3(text: str) -> int:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(parser.parse(text))

    return quantulum3


def load_documents(documents: Path | None) -> list[str]:
    if documents is None:
        return [SEED.read_text(encoding="utf-8")]
    with documents.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def repeat_to(documents: list[str], size: int) -> list[str]:
    """Documents cycled until their total length in UTF-8 reaches `size` bytes."""
    out, total, k = [], 0, 0
    while total < size:
        doc = documents[k % len(documents)]
        out.append(doc)
        total += len(doc.encode("utf-8"))
        k += 1
    return out


def megabytes(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / MB


@dataclass
class Row:
    name: str
    mb: float  # text read in the timed run
    seconds: float
    found: int
    peak_small: float | None = None  # peak KiB streaming the small and the large text
    peak_large: float | None = None
    small_mb: float = 0.0
    large_mb: float = 0.0

    @property
    def rate(self) -> float:
        return self.mb / self.seconds

    @property
    def per_second(self) -> float:
        return self.found / self.seconds


def timed(reader: Reader, docs: list[str], repeat: int) -> tuple[float, int]:
    """The fewest CPU seconds of this (single-threaded) process over `repeat` runs, and the items
    found: the rate on one core, steadier than wall-clock time when other work shares it."""
    best, found = float("inf"), 0
    for _ in range(repeat):
        start = time.process_time()
        found = sum(reader(d) for d in docs)
        best = min(best, time.process_time() - start)
    return best, found


def peak_kib(reader: Reader, docs: list[str]) -> float:
    """Peak traced memory reading `docs` one after another, keeping only a count."""
    tracemalloc.start()
    try:
        for doc in docs:
            gc.collect()  # empties the free lists (see the module's docstring)
            reader(doc)
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def django_call_command() -> Callable:
    """Django set up in this process, and its call_command."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")  # a local measurement: no server, no secrets
    import django
    from django.core.management import call_command

    django.setup()
    return call_command


def command_reader() -> Callable[[list[str]], int]:
    """`manage.py extract_claims --jsonl` in this process: documents written as its JSON lines
    input, and its JSON lines output written to nowhere; returns the claims it printed."""
    call_command = django_call_command()

    def run(docs: list[str]) -> int:
        with tempfile.TemporaryDirectory() as folder:
            lines = Path(folder) / "in.jsonl"
            write_jsonl(docs, lines)
            out = _Counting()
            start = time.process_time()
            call_command("extract_claims", jsonl=str(lines), stdout=out)
            run.seconds = time.process_time() - start
        return out.claims

    return run


class _Counting(io.StringIO):
    """An output that keeps only how many claims the lines written to it carry."""

    claims = 0

    def write(self, text: str) -> int:
        self.claims += text.count('"quote"')
        return len(text)


def measure(
    name: str,
    reader: Reader,
    timed_docs: list[str],
    small: list[str] | None = None,
    large: list[str] | None = None,
    repeat: int = 1,
) -> Row:
    reader(timed_docs[0][:20_000])  # warm caches (gazetteer, taxonomy, compiled patterns)
    seconds, found = timed(reader, timed_docs, repeat)
    row = Row(name, megabytes(timed_docs), seconds, found)
    if small and large:
        # Measure in the steady state: a first pass fills the caches and CPython's free lists
        # (blocks of small tuples kept for reuse, a few hundred KiB at most), which would
        # otherwise count in the first measurement and not in the second.
        for doc in large:
            reader(doc)
        row.peak_small, row.peak_large = peak_kib(reader, small), peak_kib(reader, large)
        row.small_mb, row.large_mb = megabytes(small), megabytes(large)
    return row


def instructions_per_mb(documents: Path | None, end_to_end: bool = False) -> float:
    """Instructions executed per MB of text read document by document (see the docstring): by
    the extractor, or (`end_to_end`) by `extract_claims --jsonl` reading JSON lines written
    beforehand, outside the count."""
    counts = []
    with tempfile.TemporaryDirectory() as folder:
        for size in (20_000, 220_000):
            command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
            command += [sys.executable, __file__]
            if end_to_end:
                lines = Path(folder) / f"{size}.jsonl"
                write_jsonl(repeat_to(load_documents(documents), size), lines)
                command += ["--count-command", str(lines)]
            else:
                command += ["--read-only", str(size)]
                if documents is not None:
                    command += ["--documents", str(documents)]
            env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same sets and dicts in each run
            done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
            collected = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
            if collected is None:
                raise SystemExit(f"callgrind printed no count:\n{done.stderr[-2000:]}")
            counts.append(int(collected.group(1)))
    return (counts[1] - counts[0]) / 0.2


def write_jsonl(docs: list[str], path: Path) -> None:
    """The documents as `extract_claims --jsonl` reads them."""
    with path.open("w", encoding="utf-8") as fh:
        for k, text in enumerate(docs):
            row = {"id": k, "text": text, "published": PUBLISHED.isoformat()}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=Path, help="a documents.jsonl to read text from")
    parser.add_argument("--mb", type=float, default=2.0, help="size of the timed text in MB")
    parser.add_argument("--slice-kb", type=int, default=60, help="text given to quantulum3")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best counts")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions per MB (valgrind)"
    )
    parser.add_argument("--read-only", type=int, help=argparse.SUPPRESS)  # one counted run
    parser.add_argument("--count-command", type=Path, help=argparse.SUPPRESS)  # and another
    args = parser.parse_args()

    if args.read_only:
        for doc in repeat_to(load_documents(args.documents), args.read_only):
            ours(doc)
        return
    if args.count_command:
        django_call_command()("extract_claims", jsonl=str(args.count_command), stdout=_Counting())
        return
    if args.instructions:
        if shutil.which("valgrind") is None:
            raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
        per_mb = instructions_per_mb(args.documents)
        print(f"factcheck (ours): {per_mb / 1e9:.3f} G instructions per MB, start-up excluded")
        per_mb = instructions_per_mb(args.documents, end_to_end=True)
        print(f"extract_claims --jsonl: {per_mb / 1e9:.3f} G instructions per MB, end to end")
        return

    documents = load_documents(args.documents)
    # The timed text: the documents cycled to --mb, read one after another as a feed delivers
    # them; and the same text joined into one string, as one very long page would arrive.
    docs = repeat_to(documents, int(args.mb * MB))
    joined = "\n\n".join(docs)
    small, large = repeat_to(documents, 1 * MB), repeat_to(documents, 4 * MB)

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average before: {load} on {os.cpu_count()} CPUs (rates assume an idle core)")
    quantulum3 = load_quantulum3()
    if quantulum3 is None:
        print(MISSING, end="\n\n", flush=True)
    rows = [
        measure("factcheck (ours)", ours, docs, small, large, args.repeat),
        measure("re.finditer digit scan", digit_scan, docs, small, large, args.repeat),
    ]
    if quantulum3 is not None:
        # quantulum3 slows down with a document's length, so it too reads document by document.
        piece = repeat_to(documents, args.slice_kb * 1000)
        few = piece[: max(1, len(piece) // 4)]
        rows.append(measure("quantulum3", quantulum3, piece, few, piece, args.repeat))
    whole = measure("ours, one long string", ours, [joined], repeat=args.repeat)
    command = command_reader()
    command(docs[:5])  # warm
    runs = []
    for _ in range(args.repeat):
        found = command(docs)
        runs.append(command.seconds)
    end_to_end = Row("extract_claims --jsonl", megabytes(docs), min(runs), found)

    source = args.documents or f"the seed article ({SEED.name})"
    size = sum(len(d) for d in documents) / 1000
    print(f"text: {source}, {len(documents)} document(s), {size:.1f} kB in all, cycled to")
    print(f"      {len(docs):,} documents, {megabytes(docs):.2f} MB, read document by document")
    if quantulum3 is not None:
        print(f"      (quantulum3 reads the first {rows[2].mb:.3f} MB of them)")
    print()
    header = f"{'reader':<24} {'MB/s':>9} {'claims/s':>10} {'claims':>8}   peak memory, streamed"
    print(header)
    for r in [*rows, whole, end_to_end]:
        memory = "(speed only)"
        if r.peak_small is not None and r.peak_large is not None:
            memory = (
                f"{r.peak_small:7,.0f} KiB at {r.small_mb:.2f} MB, "
                f"{r.peak_large:7,.0f} KiB at {r.large_mb:.2f} MB"
            )
        print(f"{r.name:<24} {r.rate:9.3f} {r.per_second:10,.0f} {r.found:8,d}   {memory}")
    print()
    mine = rows[0]
    print(f"ours / re.finditer scan: {mine.rate / rows[1].rate:8.3f}× the speed")
    if quantulum3 is not None:
        print(f"ours / quantulum3:       {mine.rate / rows[2].rate:8.1f}× the speed")
        ratio = end_to_end.rate / rows[2].rate
        print(f"extract_claims --jsonl / quantulum3: {ratio:.1f}× the speed")
    else:
        print(f"ours / quantulum3:       not measured — {MISSING}")
    growth = (mine.peak_large or 0) / mine.peak_small if mine.peak_small else float("nan")
    print(
        f"ours, peak memory at {mine.large_mb:.0f} MB / at {mine.small_mb:.0f} MB of input: "
        f"{growth:.2f}× (flat is 1.0)"
    )
    print(f"extract_claims --jsonl end to end: {end_to_end.rate:.2f} MB/s on one core")


if __name__ == "__main__":
    main()
