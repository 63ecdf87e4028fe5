"""Tokenisation for BM25: lower-case word tokens, English stop words out, light suffix stemming. PURE."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing don done down during each either else even ever every few for from further
    get gets getting got had has have having he her here hers him his how however i if in into is it its itself just
    let like may me might more most much must my need needs no nor not now of off on once one only or other our ours
    out over own per please really same shall she should so some such than that the their theirs them then there these
    they this those through to too under until up upon us use used using very via want was way we well were what when
    where whether which while who whom why will with within without would yes yet you your yours tell explain say says
    thing things know make makes""".split()
)
_SUFFIXES = (
    "ational",
    "ization",
    "ations",
    "ation",
    "ments",
    "ment",
    "ities",
    "ity",
    "ings",
    "ing",
    "ness",
    "ies",
    "ied",
    "ed",
    "es",
    "ly",
    "s",
)


@lru_cache(maxsize=16384)  # the lens's vocabulary is a few thousand words; an answer stems ~1,500 words of it
def stem(word: str) -> str:
    """A small, predictable suffix stripper (no external stemmer is packaged); keeps at least 4 characters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Stemmed content tokens of `text` (single characters and stop words dropped)."""
    return [stem(w) for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS]
