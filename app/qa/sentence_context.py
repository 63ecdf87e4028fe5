"""What a quotable lens sentence says around its words, for ranking it against a question (app/qa/extractive.py
FEATURES): the words of its opening condition clause ("For recommendation systems: …", "In scenarios requiring
multi-Region deployments, …"), and its style, whatever the question: a generic opener ("By implementing …", "You …"),
an imperative opener ("Configure …"), and how rare its words are across the lens (docs/extractive-answers.md,
sessions 15 and 16). PURE."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable

from app.retrieval.lexical import tokens

_OPENER = re.compile(
    r"^(?:(?:for|in|when|if|with|during|before|after|once|where|whenever|unless|to)\b[^,:;.]{3,100}[,:]"
    r"|[A-Z][^,:;.]{2,50}:)",
    re.I,
)
_GENERIC = re.compile(r"^(?:by \w+ing\b|your?\b|this (?:practice|approach)\b)", re.I)
_IMPERATIVE = re.compile(
    r"^(?:use|configure|set|implement|define|create|establish|identify|determine|begin|start|evaluate|consider|"
    r"deploy|enable|track|monitor|review|document|select|choose|build|apply|analyze|assess|integrate|maintain|run|"
    r"store|leverage|utilize|add|adjust|compare|design|develop|schedule|verify|check|plan|make|measure|perform|"
    r"calculate|record|provide|specify|follow|collect|automate|encrypt|restrict|look)\b",
    re.I,
)
RARITY_SCALE = 5.0  # a sentence's mean lens-wide word rarity is divided by this (about the rarity of a rare word)


@functools.lru_cache(maxsize=16384)  # the lens has about 5,600 quotable sentences
def opener_words(sentence: str) -> frozenset[str]:
    """The words (stemmed, stop words dropped) of the sentence's opening condition clause; empty when it has none."""
    match = _OPENER.match(sentence)
    return frozenset(tokens(match.group(0))) if match else frozenset()


class LensStyle:
    """A sentence's style features (generic opener, imperative opener, mean lens-wide word rarity), with word rarity
    counted over every quotable unit of the lens: `log((N + 1) / (n_w + 0.5))`, 0 for a word no unit has."""

    def __init__(self, units: Iterable[frozenset[str]]) -> None:
        words = list(units)
        counts = Counter(w for unit in words for w in unit)
        self._rarity = {w: math.log((len(words) + 1) / (c + 0.5)) for w, c in counts.items()}
        self._style: dict[str, tuple[float, float, float]] = {}

    def of(self, sentence: str) -> tuple[float, float, float]:
        style = self._style.get(sentence)
        if style is None:
            words = tokens(sentence)
            specific = math.fsum(self._rarity.get(w, 0.0) for w in words) / max(len(words), 1) / RARITY_SCALE
            style = float(bool(_GENERIC.match(sentence))), float(bool(_IMPERATIVE.match(sentence))), specific
            self._style[sentence] = style
        return style
