"""Practitioner idioms the lens does not use, and the lens's own words for the same thing. PURE.

A short question carries two or three content words, and some of the commonest have no counterpart in the lens:
"who …?" asks for a role, which the lens discusses as roles, responsibilities, owners and accountability; "sign off"
is the lens's approval; "go live" its production; "on call" / "paged" its alerts and incidents; "revert" / "go back"
its rollback to a previous version; "serving" / "servers" its inference, hosting and endpoints; "annotators" its
labeling. `ranking_terms` adds those lens words to the BM25 terms a question is *ranked* by, at half the weight of the
question's own words, so that they break ties among practices the question's own words already match rather than
outvote them; and, for a question word the lens does not have, the lens's own spellings of it
(app/retrieval/spellings.py), at half weight too. The scope gate keeps reading the question's own tokens
(app/retrieval/hybrid.py): whether a question is about the lens is not decided by words it did not use.

Each target word must be a word of the lens's vocabulary (tests/retrieval/test_idioms.py checks the shipped index),
so the table can only point at what the lens says. It names classes of wording, not questions.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from app.retrieval.lexical import tokens
from app.retrieval.spellings import SPELLING_WEIGHT, LensSpellings

IDIOM_WEIGHT = 0.5  # an idiom's lens words count half as much as the question's own words
# Words that name where the advice comes from, not what it is about ("what does the lens say about …?"): every passage
# is lens text, but the lens's overview sections use the word most, so they outranked the practice asked about.
# Dropped from the ranking terms of a question with at least SOURCE_MIN_OTHERS other tokens.
SOURCE_WORDS = frozenset({"lens"})
SOURCE_MIN_OTHERS = 2


@dataclass(frozen=True, slots=True)
class Idiom:
    pattern: re.Pattern[str]
    lens_words: tuple[str, ...]  # unstemmed; tokenised as the lens is


def _idiom(pattern: str, lens_words: str) -> Idiom:
    return Idiom(re.compile(pattern, re.IGNORECASE), tuple(lens_words.split()))


IDIOMS = (
    _idiom(r"\bwho(?:'s|se|m)?\b", "role responsibility owner accountability"),
    _idiom(r"\bsign(?:s|ed|ing)?[\s-]*off\b|\bsign-?offs?\b|\bgreen[\s-]*light", "approval"),
    _idiom(r"\b(?:go|goes|went|going|gone)\s+live\b|\blaunch(?:es|ed|ing)?\b", "production deploy"),
    _idiom(r"\bon[\s-]*call\b|\bpag(?:ed|er|ing)\b|\bwoken\b", "alert incident"),
    _idiom(r"\b(?:revert(?:s|ed|ing)?|undo(?:es|ing)?|go(?:ing)? back)\b", "rollback previous version"),
    _idiom(r"\bserv(?:e|es|ed|ing)\b|\bservers?\b", "inference hosting endpoint"),
    _idiom(r"\bannotat(?:e|es|ed|ing|ion|ions|or|ors)\b", "label labeler"),
)


def ranking_terms(
    query: str, query_tokens: list[str], vocabulary: Collection[str], spellings: LensSpellings | None = None
) -> list[tuple[str, float]] | None:
    """The weighted BM25 terms to rank `query` by: its own tokens at weight 1, then the lens words of every idiom it
    uses and (with `spellings`) the lens's spellings of its tokens the lens does not have, each not already among them,
    at IDIOM_WEIGHT / SPELLING_WEIGHT; without SOURCE_WORDS when it has enough other tokens. None when that changes
    nothing (rank by its own tokens)."""
    added: dict[str, float] = {}
    own = set(query_tokens)
    kept = [t for t in query_tokens if t not in SOURCE_WORDS]
    if len(kept) < SOURCE_MIN_OTHERS:
        kept = query_tokens
    for idiom in IDIOMS:
        if idiom.pattern.search(query):
            for word in idiom.lens_words:
                for token in tokens(word):
                    if token in vocabulary and token not in own:
                        added.setdefault(token, IDIOM_WEIGHT)
    if spellings is not None:
        for token in query_tokens:
            for spelling in spellings.of(token):
                if spelling not in own:
                    added.setdefault(spelling, SPELLING_WEIGHT)
    if not added and len(kept) == len(query_tokens):
        return None
    return [(t, 1.0) for t in kept] + list(added.items())
