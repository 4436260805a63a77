"""Which readers a document was read with: a fingerprint of the extraction code and the data it
reads (the taxonomy, the gazetteer, the calendar, counted phrases). A change to any of them may
change what a stored document yields, and `manage.py reextract` reads such documents again."""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
DATA = PACKAGE.parent / "data"
# The data files extraction reads; the event datasets' rules are the cross-check's.
READ_DATA = ("metrics.toml", "places.toml", "calendar.toml", "counted.toml")


def reader_version() -> str:
    digest = hashlib.blake2s(digest_size=8)
    for path in [*sorted(PACKAGE.glob("*.py")), *(DATA / name for name in READ_DATA)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


READER_VERSION = reader_version()
