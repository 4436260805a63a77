"""Extraction: news text in, claims out. Pure Python, deterministic, no network.

The public entry point is `extract_claims(text, published)`. Each sentence is read on its own
(numbers → what they count → where → when → who says so), with a little carried from the
sentences before it: the country the article is about, the place just named, and the start of a
running count ("The attacks began Oct. 17. There have been more than 150 such attacks …").
Every step is a single pass over the text or a sentence, so time grows linearly with the text.

Modules, in reading order: sentences, tokens, numbers, notcounts, qualifiers, counted (the
metric), where, when, voices (actor and attribution), totals; document and reader tie them
together; evaluation scores the result against labelled claims.
"""

from .claim import ExtractedClaim
from .reader import extract_claims
from .version import READER_VERSION

__all__ = ["READER_VERSION", "ExtractedClaim", "extract_claims"]
