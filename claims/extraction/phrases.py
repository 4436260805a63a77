"""What an open figure counts, as a normalised phrase (`counted`): its head noun, with the words
that narrow it ("iron roofing sheets"; "veterans, World War II"; "jobs per year").

The head is the last plural noun of the words after the number (or the first word, when none is
plural), so "Americans suffer from …" counts Americans and "New York police officers" counts
police officers in New York. Normalising is data (`data/counted.toml`): synonyms are stored as
one word, and openers that do not narrow the count ("new", "other") are dropped.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .patterns import words
from .tokens import CLAUSE_MARKS, QUOTES, Token, tokenize

DATA = Path(__file__).resolve().parent.parent / "data" / "counted.toml"
# A noun phrase is at most this many words.
MAX_WORDS = 5
# A noun phrase ends at these words.
STOPS = words(
    """
    in on at of to from with by for who whom that which were was have has had is are be been
    them him themselves
    being will would could can may might must should shall did do does after during since
    including near across against as than while when where said says say told according per
    each a an the into inside outside toward towards amid over under between there here it they
    he she we you this these those then but so if and or nor not no just only also now still
    yet already ago every away about around up down out off because though although via back
    again even ever never very too more most less least
    """
)
# Who is speaking: a count of them is a count of sources, not a claim ("two US officials said").
SPEAKERS = words(
    """
    official officials source sources spokesman spokesmen spokesperson spokespeople spokeswoman
    diplomat diplomats person people witness witnesses aide aides analyst analysts
    """
)
SPEECH = words("said say says told tells speaking spoke confirmed familiar according")
# Words before a count of sources: "CNN reported, citing two US officials".
CITING = words("citing cited quoting quoted")


@dataclass(frozen=True)
class _Counted:
    leading: frozenset[str]
    plural: frozenset[str]
    synonyms: dict[str, str]
    holders: frozenset[str]
    portions: frozenset[str]
    furniture: frozenset[str]


@cache
def _table() -> _Counted:
    """data/counted.toml, read once."""
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)
    keys = ("leading", "plural", "holders", "portions", "furniture")
    lists = {key: frozenset(raw[key]) for key in keys}
    return _Counted(synonyms=dict(raw["synonyms"]), **lists)


def holders() -> frozenset[str]:
    """Nouns a measure is of only as a container ("cargo"): the thing measured follows "of"."""
    return _table().holders


def names_what_follows(taken: list[Token]) -> bool:
    """Whether a phrase read after "of" is a container or a portion of what is counted, named
    after its own "of" ("a cargo of fertiliser", "the total number of casualties")."""
    table = _table()
    return bool(taken) and (taken[-1].lower in table.portions or taken[-1].lower in table.holders)


def a_verb_not_a_noun(taken: list[Token], value: float) -> bool:
    """Whether the words after a number are what it did, not what it counts: "40 stemmed from
    the attack", "eight requiring transportation". A word ending in -ed or -ing opens them and
    no plural noun follows it ("40 armed men", "12 missing children" count men and children);
    a lone -ing word after "one" may be a noun ("one building")."""
    if not taken:
        return False
    first = taken[0].lower
    if len(first) <= 3 or not first.endswith(("ed", "ing")):
        return False
    if any(is_plural(t.text) for t in taken[1:]):
        return False
    return first.endswith("ed") or value != 1


def furniture() -> frozenset[str]:
    """What a web page counts of itself ("12 comments"): never a claim."""
    return _table().furniture


def is_plural(word: str) -> bool:
    low = word.lower()
    if low in _table().plural:
        return True
    return len(low) > 2 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


def phrase_at(toks: list[Token], k: int) -> tuple[list[Token], int]:
    """The noun phrase's words from token k (quotes passed over), and the index past them."""
    n = len(toks)
    taken: list[Token] = []
    ends: list[int] = []  # the token index past each word taken
    j = k
    while j < n and len(taken) < MAX_WORDS:
        tok = toks[j]
        low = tok.lower
        if low in QUOTES:
            j += 1
            continue
        if low == "(" and j + 2 < n and toks[j + 2].lower == ")" and toks[j + 1].text.isalpha():
            j += 3  # "the 13 (Bill) Clinton speeches": an aside inside the phrase
            continue
        if low == "-" and taken and j + 1 < n and toks[j + 1].start == tok.end:
            # "COVID-19 patients": a code joined to its word stays in the phrase
            last = taken[-1]
            text = last.text + "-" + toks[j + 1].text
            taken[-1] = Token(text, text.lower(), last.start, toks[j + 1].end)
            j += 2
            ends[-1] = j
            continue
        if low in CLAUSE_MARKS or low in STOPS or not tok.text[0].isalpha():
            break
        if "'" in low or "’" in low:
            break  # "doesn't", "Trump's": a verb or an owner, not the counted noun
        if taken and low.endswith(("ed", "ing")) and len(low) > 4:
            break  # "resource officers dealing with", "Republicans voted", "one bill passed"
        taken.append(tok)
        j += 1
        ends.append(j)
    if not taken:
        return [], k
    heads = [i for i, t in enumerate(taken) if is_plural(t.text)]
    keep = heads[-1] + 1 if heads else len(taken)
    return taken[:keep], ends[keep - 1]


def counted_phrase(taken: list[Token]) -> str:
    """The normalised phrase: lower-case, synonyms applied, openers dropped, and capitalised
    modifiers (names) set after the head ("World War II veterans" → "veterans, World War II")."""
    table = _table()
    leading, synonyms = table.leading, table.synonyms
    words_ = [t.text for t in taken]
    while len(words_) > 1 and words_[0].lower() in leading:
        words_ = words_[1:]
    if not words_:
        return ""
    head = words_[-1]
    names = [w for w in words_[:-1] if w[:1].isupper()]
    plain = [w.lower() for w in words_[:-1] if not w[:1].isupper()]
    head_word = head.lower() if not head.isupper() or len(head) > 4 else head
    if head[:1].isupper() and not plain and not names:
        head_word = head  # "Americans", "Republicans": a name is the head itself
    head_word = synonyms.get(head_word.lower(), head_word)
    phrase = " ".join([*plain, head_word])
    return f"{phrase}, {' '.join(names)}" if names else phrase


def speaks(toks: list[Token], first: int, taken: list[Token], end: int) -> bool:
    """Whether the figure starting at token `first` counts sources who speak ("two US officials
    said", "one person familiar with the matter", "citing two officials"): voices, not a
    claim."""
    if not taken or taken[-1].text.lower() not in SPEAKERS:
        return False
    ahead = [t.lower for t in toks[end : end + 6]]
    behind = [t.lower for t in toks[max(0, first - 2) : first]]
    return any(w in SPEECH for w in ahead) or any(w in CITING for w in behind)


def normalised(text: str) -> str:
    """A counted phrase written by hand (a reference dataset's metric, a correction) in the form
    extraction stores: "New Jobs" → "jobs", "veterans, World War II" stays."""
    head, _, names = text.partition(",")
    taken = [t for t in tokenize(head) if t.text[0].isalnum()]
    phrase = counted_phrase(taken)
    names = " ".join(names.split())
    return f"{phrase}, {names}" if phrase and names else phrase
