"""What a figure counts: the metric, read from the nouns and verbs around it.

The words come from the taxonomy (claims/data/metrics.toml). A figure of people ("70 US
personnel") counts what happened to them when the clause says so ("… with minor injuries"),
and troops deployed when it only says where they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from claims.metrics import taxonomy

from .patterns import words
from .tokens import CLAUSE_MARKS, QUOTES, Token

# The metric whose nouns name people on duty; a figure of them is a deployment unless the clause
# says something happened to them.
PEOPLE_METRIC = "troops_deployed"
# Metrics that say what happened to people: they win over the people noun they describe.
OUTCOMES = frozenset({"injuries", "deaths", "detainees", "displaced", "civilians_killed"})
# People who are counted but not deployed: a figure of them needs an outcome to be a claim.
OTHER_PEOPLE = words(
    """
    people persons person civilians civilian americans others more militants militant
    fighters members member children women men contractors contractor individuals iraqis
    syrians israelis palestinians kurds
    """
)
# A figure's noun phrase ends at these words.
STOP_WORDS = words(
    """
    in on at of to from with by for who whom that which were was have has had is are be
    been being will would could after during since including near across against as than
    while when where said says told according per each a an the into inside outside toward
    towards amid over under between there here it they he she we this these those then but
    so if
    """
)
# Units of time and measure: "3 days", "15 km" never count people or events.
UNIT_WORDS = words(
    """
    second seconds minute minutes hour hours day days week weeks month months year years
    decade decades km kilometers kilometres miles mile meters metres feet foot kg tons
    tonnes pounds inches percent
    """
)
# Words that may follow a figure whose noun was left out ("27 attacks in Iraq and 28 in Syria").
ELLIPSIS_NEXT = words(
    """
    in at on for from across more others additional were was have had has are is and or
    while during since , . ; ) —
    """
)
# Words pointing back to a count named earlier: "the number of injuries is now 46".
COUNT_WORDS = frozenset({"number", "total", "tally", "count", "toll", "figure"})
# Verbs a toll takes: "the toll rose to 40", "the toll stood at 12".
TOLL_VERBS = words("rose reached stood stands climbed hit increased jumped now")
# Nouns too general to carry a metric by themselves: "23 times" counts attacks only where the
# sentence speaks of attacks.
NEEDS_CONTEXT = frozenset({"times"})

NOUN_WINDOW = 7
OUTCOME_WINDOW = 10
BACK_WINDOW = 25


@dataclass(frozen=True)
class Lexicon:
    nouns: dict[tuple[str, ...], str]  # phrase -> metric slug (not people)
    people: dict[tuple[str, ...], str]  # phrase -> PEOPLE_METRIC
    outcomes: dict[tuple[str, ...], str]  # nouns and verbs of outcome metrics
    verbs: dict[tuple[str, ...], str]  # every metric's verbs
    longest: int
    sizes: dict[
        str, tuple[int, ...]
    ]  # first word -> phrase lengths starting with it, longest first


@cache
def lexicon() -> Lexicon:
    nouns: dict[tuple[str, ...], str] = {}
    people: dict[tuple[str, ...], str] = {}
    outcomes: dict[tuple[str, ...], str] = {}
    verbs: dict[tuple[str, ...], str] = {}
    for m in taxonomy().values():
        for noun in m.nouns:
            key = tuple(noun.lower().split())
            target = people if m.slug == PEOPLE_METRIC else nouns
            target.setdefault(key, m.slug)
            if m.slug in OUTCOMES:
                outcomes.setdefault(key, m.slug)
        for verb in m.verbs:
            key = tuple(verb.lower().split())
            verbs.setdefault(key, m.slug)
            if m.slug in OUTCOMES:
                outcomes.setdefault(key, m.slug)
    for word in OTHER_PEOPLE:
        people.setdefault((word,), "")
    longest = max(len(k) for table in (nouns, people, outcomes, verbs) for k in table)
    sizes: dict[str, set[int]] = {}
    for table in (nouns, people, outcomes, verbs):
        for key in table:
            sizes.setdefault(key[0], set()).add(len(key))
    ordered = {w: tuple(sorted(v, reverse=True)) for w, v in sizes.items()}
    return Lexicon(nouns, people, outcomes, verbs, longest, ordered)


def _match(
    toks: list[Token], j: int, table: dict[tuple[str, ...], str], lex: Lexicon
) -> tuple[str, int] | None:
    """The longest phrase of `table` starting at token j: (slug, index past it)."""
    if j >= len(toks):
        return None  # "… one attacks and" ends where a second noun was looked for
    sizes = lex.sizes.get(toks[j].lower)
    if sizes is None:
        return None
    for size in sizes:
        if j + size > len(toks):
            continue
        key = tuple(t.lower for t in toks[j : j + size])
        if key in table:
            return table[key], j + size
    return None


def _sentence_speaks_of(toks: list[Token], slug: str, lex: Lexicon) -> bool:
    words = {t.lower for t in toks}
    for table in (lex.nouns, lex.verbs):
        for key, value in table.items():
            if value == slug and key not in {(w,) for w in NEEDS_CONTEXT} and key[0] in words:
                return True
    return any(w.startswith(slug.rstrip("s")) for w in words)


def _outcome_after(toks: list[Token], j: int, limit: int, blocked: set[int]) -> str | None:
    lex = lexicon()
    end = min(len(toks), j + limit)
    joined = False
    while j < end:
        tok = toks[j]
        if tok.lower in CLAUSE_MARKS:
            return None
        if j in blocked:
            # "15 troops at al-Tanf and four at al-Asad were diagnosed …": the predicate after a
            # coordinated second figure is shared by both.
            if joined or toks[j - 1].lower != "and":
                return None
            joined, end = True, min(len(toks), end + limit)
        found = _match(toks, j, lex.outcomes, lex)
        # An active verb after the people makes them the doers ("troops guarding prisoners").
        if found is not None and not (found[1] == j + 1 and tok.lower.endswith("ing")):
            return found[0]
        j += 1
    return None


def _people_outcome(toks: list[Token], person: tuple[str, ...], slug: str) -> str:
    """A more specific metric for people plus outcome ("civilians killed"), if the data has one."""
    return _people_outcomes().get((person[-1], slug), slug)


@cache
def _people_outcomes() -> dict[tuple[str, str], str]:
    """(person word, outcome metric) → the metric of a two-word noun such as "civilians killed"."""
    lex = lexicon()
    found: dict[tuple[str, str], str] = {}
    for key, value in lex.nouns.items():
        outcome = lex.outcomes.get(key[1:]) if len(key) == 2 else None
        if outcome is not None:
            found.setdefault((key[0], outcome), value)
    return found


class Reading(NamedTuple):
    metric: str | None
    noun_end: int  # token index past the words that named what is counted
    how: str = ""  # noun | people | verb | back | ellipsis


def metric_for(
    toks: list[Token],
    first: int,
    last: int,
    blocked: set[int],
    previous: str | None,
) -> Reading:
    """What the figure in toks[first:last] counts.

    `first` includes the qualifier's words; `blocked` holds the token indices where other figures
    start (a clause's noun is not looked for past another figure); `previous` is the metric of
    the figure before it in the same sentence, for elliptical parts ("and 28 in Syria").
    """
    lex = lexicon()
    n = len(toks)
    verb_metric = outcome_verb_before(toks, first)

    person: tuple[str, ...] | None = None
    person_slug = ""
    person_end = last
    j = last
    end = min(n, last + NOUN_WINDOW)
    while j < end:
        tok = toks[j]
        if tok.lower in QUOTES:
            j += 1
            continue
        if tok.lower in CLAUSE_MARKS or j in blocked or tok.lower in UNIT_WORDS:
            break
        if tok.lower in STOP_WORDS and person is None:
            break
        found = _match(toks, j, lex.nouns, lex)
        if found is not None:
            slug, k = found
            while k < n:  # "drone strikes", "missile and drone assaults": the last noun is the head
                more = _match(toks, k, lex.nouns, lex)
                if more is None and toks[k].lower in ("and", "or") and k + 1 not in blocked:
                    more = _match(toks, k + 1, lex.nouns, lex)
                if more is None:
                    break
                slug, k = more
            phrase = tuple(t.lower for t in toks[j:k])
            if phrase[-1] in NEEDS_CONTEXT and not _sentence_speaks_of(toks, slug, lex):
                return Reading(None, k)
            if verb_metric and slug in OUTCOMES:
                return Reading(verb_metric, k, "verb")
            if slug in OUTCOMES and person is None and k < n:
                people = _match(toks, k, lex.people, lex)  # "80 injured personnel"
                if people is not None:
                    k = people[1]
            return Reading(slug, k, "noun")
        if person is None:
            found = _match(toks, j, lex.people, lex)
            if found is not None:
                person_slug, k = found
                person = tuple(t.lower for t in toks[j:k])
                person_end = j = k
                continue
        elif tok.lower in STOP_WORDS or tok.lower in ("and", "or"):
            break  # after the people, a new conjunct: "killed three troops and injured 34"
        if tok.lower in ("and", "or") and j + 1 < n and (j + 1) in blocked:
            break
        j += 1

    if verb_metric:
        return Reading(verb_metric, person_end if person else last, "verb")
    if person is not None:
        outcome = _outcome_after(toks, j, OUTCOME_WINDOW, blocked)
        if outcome:
            return Reading(_people_outcome(toks, person, outcome), person_end, "people")
        if person_slug and person[-1] not in _SINGULAR_PEOPLE:
            # "One US soldier, …" names a person; a deployment is never a single soldier.
            return Reading(person_slug, person_end, "people")
    else:
        outcome = _outcome_after(toks, last, OUTCOME_WINDOW // 2 + 1, blocked)
        if outcome:
            return Reading(outcome, last, "people")
    back = _count_named_before(toks, first, blocked)
    if back:
        return Reading(back, last, "back")
    nxt = toks[last].lower if last < n else "."
    if previous and person is None and nxt in ELLIPSIS_NEXT:
        return Reading(previous, last, "ellipsis")
    if previous and person in (("more",), ("others",), ("additional",)):
        return Reading(
            previous, person_end, "ellipsis"
        )  # "900 troops in Syria and 2,500 more in Iraq"
    if previous and person is not None and not person_slug and previous in OUTCOMES:
        return Reading(
            previous, person_end, "ellipsis"
        )  # "… and 34 civilians" after "killed three"
    return Reading(None, last)


_SKIP_BEFORE = frozenset({"another", "additional", "an", "a", "the", "further", "some", "all"})


def outcome_verb_before(toks: list[Token], first: int) -> str | None:
    """An outcome verb right before the figure: "killing three", "injured at least 34"."""
    lex = lexicon()
    k = first - 1
    while k >= 0 and (toks[k].lower in _SKIP_BEFORE or toks[k].lower in QUOTES):
        k -= 1
    if k < 0:
        return None
    word = toks[k].lower
    if word == "of" and k >= 1:
        # "the killing of three soldiers", "the wounding of over 40", "the deaths of two sailors"
        named = toks[k - 1].lower
        slug = lex.verbs.get((named,)) or lex.nouns.get((named,))
        return slug if slug in OUTCOMES else None
    slug = lex.verbs.get((word,))
    if slug in OUTCOMES:
        return slug
    return None


def _count_named_before(toks: list[Token], first: int, blocked: set[int]) -> str | None:
    """ "the total number of injuries is now 46": the count's name comes before the figure."""
    lex = lexicon()
    lo = max(0, first - BACK_WINDOW)
    for k in range(first - 1, lo - 1, -1):
        if k in blocked:
            return None
        if toks[k].lower not in COUNT_WORDS:
            continue
        start = max(0, k - 2)
        outcome = people = noun = None
        for j in range(start, first):
            if outcome is None:
                hit = _match(toks, j, lex.outcomes, lex)
                if hit is not None and hit[1] <= first:
                    outcome = hit[0]
            if noun is None:
                hit = _match(toks, j, lex.nouns, lex)
                if hit is not None and hit[1] <= first and toks[j].lower not in NEEDS_CONTEXT:
                    noun = hit[0]
            if people is None:
                hit = _match(toks, j, lex.people, lex)
                if hit is not None and hit[1] <= first and hit[0]:
                    people = hit[0]
        if outcome or noun or people:
            return outcome or noun or people
        # "increased the toll to three": a toll with nothing else named counts the dead (not
        # "toll lanes", "toll roads")
        nxt = toks[k + 1].lower if k + 1 < len(toks) else "."
        said = nxt in STOP_WORDS or nxt in TOLL_VERBS or not nxt[0].isalpha()
        return "deaths" if toks[k].lower == "toll" and said else None
    return None


_SINGULAR_PEOPLE = words(
    """
    soldier troop servicemember member marine sailor airman civilian contractor person
    american
    """
)


_A_AN = frozenset({"a", "an"})


def implicit_ones(toks: list[Token], taken: set[int]) -> list[tuple[int, int, str]]:
    """ "wounding a soldier", "killed an American contractor": a count of one with no numeral.

    Returns (first, last, metric) token spans for "a/an … <person>" right after an outcome verb.
    """
    lex = lexicon()
    found: list[tuple[int, int, str]] = []
    # Only the word before an "a"/"an" can be the verb: find those first in one tight pass.
    for k in [k for k, t in enumerate(toks) if t.lower in _A_AN and k]:
        k -= 1
        tok = toks[k]
        if k + 1 in taken:
            continue
        slug = lex.verbs.get((tok.lower,))
        if slug not in OUTCOMES:
            continue
        for j in range(k + 2, min(len(toks), k + 6)):
            word = toks[j].lower
            if word in _SINGULAR_PEOPLE or (
                word == "service" and toks[j + 1 : j + 2] and toks[j + 1].lower == "member"
            ):
                end = j + (2 if word == "service" else 1)
                found.append((k + 1, end, slug))
                break
            if word in CLAUSE_MARKS or word in STOP_WORDS:
                break
    return found
