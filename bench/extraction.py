"""Extraction speed: our extractor, quantulum3 and a bare digit scan on the same text, one run.

    python bench/extraction.py                       # the seed article, repeated to ~2 MB
    python bench/extraction.py --documents ../shared/corpus/documents.jsonl --mb 4

quantulum3 is only needed here (pip install quantulum3); without it its column is skipped. It is
slow, so it reads a slice of the text (--slice-kb) and its rate is scaled per MB.
Peak memory is traced separately for the text and for four times the text, to show it stays
flat in the length of the input apart from the claims returned.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.extraction import extract_claims  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "tests" / "extraction" / "fixtures"
SEED /= "seed_article.txt"
DIGITS = re.compile(r"\d+")


def load_text(documents: Path | None) -> str:
    if documents is None:
        return SEED.read_text(encoding="utf-8")
    with documents.open(encoding="utf-8") as fh:
        return "\n\n".join(json.loads(line)["text"] for line in fh if line.strip())


def timed(fn, text: str) -> tuple[float, int]:
    start = time.perf_counter()
    found = fn(text)
    return time.perf_counter() - start, found


def ours(text: str) -> int:
    return len(extract_claims(text, date(2024, 1, 27)))


def floor(text: str) -> int:
    return sum(1 for _ in DIGITS.finditer(text))


def peak_kib(unit: str, copies: int) -> float:
    """Peak memory reading `copies` documents one after another, keeping only a count, as
    `extract_claims --jsonl` does."""
    tracemalloc.start()
    count = 0
    for _ in range(copies):
        count += len(extract_claims(unit, date(2024, 1, 27)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=Path, help="a documents.jsonl to read text from")
    parser.add_argument("--mb", type=float, default=2.0, help="size of the text to read")
    parser.add_argument("--slice-kb", type=int, default=60, help="text given to quantulum3")
    args = parser.parse_args()

    unit = load_text(args.documents) + "\n\n"
    text = unit * max(1, int(args.mb * 1_000_000 / len(unit)))
    mb = len(text.encode("utf-8")) / 1e6

    rows = []
    seconds, found = timed(ours, text)
    rows.append(("factcheck", mb / seconds, found / seconds, found))
    seconds, found = timed(floor, text)
    rows.append(("re.finditer digit scan (floor)", mb / seconds, found / seconds, found))
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its optional classifier is not needed to time it
            from quantulum3 import parser as q3
    except ImportError:
        q3 = None
    if q3 is not None:
        piece = text[: args.slice_kb * 1000]
        piece_mb = len(piece.encode("utf-8")) / 1e6
        seconds, found = timed(lambda t: len(q3.parse(t)), piece)
        rows.append(("quantulum3", piece_mb / seconds, found / seconds, found))

    print(f"text: {mb:.2f} MB ({len(unit) / 1000:.1f} kB repeated)")
    print(f"{'reader':<32} {'MB/s':>8} {'items/s':>10} {'items':>8} {'ours ×':>8}")
    for name, rate, per_second, found in rows:
        ratio = rows[0][1] / rate
        print(f"{name:<32} {rate:8.3f} {per_second:10.0f} {found:8d} {ratio:8.2f}")
    copies = max(4, len(text) // len(unit))
    peak_kib(unit, 1)  # warm the caches (gazetteer, taxonomy, compiled patterns) first
    one, four = peak_kib(unit, copies // 4), peak_kib(unit, copies)
    print(
        f"peak memory, streamed document by document: {one:,.0f} KiB for {mb / 4:.2f} MB, "
        f"{four:,.0f} KiB for {mb:.2f} MB"
    )
    if q3 is None:
        print("quantulum3 is not installed: pip install quantulum3 to compare")


if __name__ == "__main__":
    main()
