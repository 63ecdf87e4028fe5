"""A large alternation searched one alternative at a time, each only when the text holds a string every match of it
contains: the same verdict as the pattern's own `search`, for a fraction of its CPU (docs/scope-gate.md, "Courtesies
in other languages, overrides the tokenizer partly reads": the override phrase families were two thirds of the override
check, itself about 40 % of a search's CPU).

Python's `re` tries every alternative at every position of the text; most alternatives of an override family start
with a word ("ignore", "pretend", "vergiss") that an ordinary question does not hold at all. The plan of a pattern —
where each top-level alternative starts and ends in its source, and a set of literal strings one of which every match of
it contains — is computed once at build time by eval/build_prefilter_plans.py (which parses the patterns with the
standard library's own parser) and shipped as data (prefilter_plans.json, keyed by the pattern's name, with a digest of
its source); a substring test on that set decides whether the alternative is searched. An alternative with no such set
is searched always; a pattern with no plan, or whose source no longer has the digest its plan was made for, is searched
whole: never a match missed (tests/retrieval/test_prefilter.py checks that a fresh build gives the shipped file).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

PLANS_FILE = Path(__file__).with_name("prefilter_plans.json")
MIN_LITERAL = 2  # a one-character string is in nearly every text: such an alternative is searched always

# A plan: the digest of the pattern's source and flags, and per top-level alternative [start, end, literals or None]
Plan = dict[str, Any]


def digest(pattern: re.Pattern[str]) -> str:
    """What a plan is made for: the pattern's source and flags."""
    return hashlib.sha1(f"{pattern.flags}\0{pattern.pattern}".encode(), usedforsecurity=False).hexdigest()


@functools.cache
def shipped_plans() -> dict[str, Plan]:
    """The plans computed at build time (prefilter_plans.json), by pattern name; none when the file cannot be read."""
    try:
        plans: dict[str, Plan] = json.loads(PLANS_FILE.read_text(encoding="utf-8"))["plans"]
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("no prefilter plans (%s): the override patterns are searched whole", exc)
        return {}
    return plans


class Prefiltered:
    """`pattern`, searched alternative by alternative behind substring tests (`search` is truthy exactly when
    `pattern.search` is), as its `plan` says (None, or a plan made for another source: the pattern searched whole). For
    patterns written without IGNORECASE (the override families are matched on lower-cased text)."""

    def __init__(self, pattern: re.Pattern[str], plan: Plan | None) -> None:
        self.pattern = pattern
        self._guarded: list[tuple[tuple[str, ...], str]] = []  # (the literals, the alternative's source)
        self._compiled: dict[int, re.Pattern[str]] = {}  # an alternative is compiled the first time it is searched
        stale = plan is not None and plan.get("digest") != digest(pattern)
        if stale:
            logger.warning("a stale prefilter plan: searched whole (run eval/build_prefilter_plans.py)")
        if plan is None or stale or plan.get("alternatives") is None:  # no plan, or IGNORECASE: searched whole
            self._always: re.Pattern[str] | None = pattern
            return
        always: list[str] = []
        for start, end, literals in plan["alternatives"]:
            source = pattern.pattern[start:end]
            if literals is None or min(map(len, literals)) < MIN_LITERAL:
                always.append(source)
            else:
                self._guarded.append((tuple(literals), source))
        # a new line ends a verbose alternative's comment before the next "|"; without VERBOSE it would be a character
        joint = "\n|" if pattern.flags & re.VERBOSE else "|"
        self._always = re.compile(joint.join(always), pattern.flags) if always else None

    @classmethod
    def shipped(cls, name: str, pattern: re.Pattern[str]) -> Prefiltered:
        """`pattern` with the plan shipped under `name`."""
        return cls(pattern, shipped_plans().get(name))

    def search(self, text: str) -> bool:
        if self._always is not None and self._always.search(text):
            return True
        for index, (literals, source) in enumerate(self._guarded):
            for literal in literals:  # a loop, not any(): a generator per alternative costs more than its tests
                if literal in text:
                    branch = self._compiled.get(index)
                    if branch is None:  # compiling every alternative up front would double the module's import
                        branch = self._compiled[index] = re.compile(source, self.pattern.flags)
                    if branch.search(text):
                        return True
                    break
        return False
