"""Whose voice a stored figure is, and the fingerprint of the words it was stated in: the rules
behind Document.origin and Claim.passage, in one place.

Pure: the services store these values as they write the rows (the extract step, the fingerprint
step, a source or document corrected), the data migration fills them for rows stored before, and
every read (the figures the cross-check compares, the candidate query's SQL) reads the columns.
The sources and documents given may be models or anything with their fields (a migration's
historical models).
"""

from __future__ import annotations

import hashlib
from typing import Protocol

# Sentences shorter than this are too short to call copied when two outlets share them.
MIN_PASSAGE_CHARS = 60


class _Voice(Protocol):
    name: str
    independence_group: str


def passage_of(sentence: str) -> str:
    """A fingerprint of a claim's sentence (MD5 of its lower-cased text): the same words under
    two outlets' names are one copied text, so one origin. Empty for a sentence too short to say."""
    if len(sentence) < MIN_PASSAGE_CHARS:
        return ""
    return hashlib.md5(sentence.lower().encode(), usedforsecurity=False).hexdigest()


def source_origin(source: _Voice) -> str:
    """Whose voice a source is: its independence group (one owner, one wire), else its name."""
    return source.independence_group or source.name


def document_origin(source: _Voice, original_source: _Voice | None = None) -> str:
    """Whose voice a document is: a syndicated copy (Document.copy_of) speaks for the source of
    the original it copies; any other document for its own source."""
    return source_origin(original_source if original_source is not None else source)
