"""A large alternation searched one alternative at a time, each only when the text holds a string every match of it
contains: the same verdict as the pattern's own `search`, for a fraction of its CPU (docs/scope-gate.md, "Courtesies
in other languages, overrides the tokenizer partly reads": the override phrase families were two thirds of the override
check, itself about 40 % of a search's CPU).

Python's `re` tries every alternative at every position of the text; most alternatives of an override family start
with a word ("ignore", "pretend", "vergiss") that an ordinary question does not hold at all. For each top-level
alternative the pattern is parsed (the standard library's own parser) for a set of literal strings one of which every
match contains (an alternation of literals, a literal run, a group repeated at least once); a substring test on that
set decides whether the alternative is searched. An alternative with no such set, or a pattern whose source cannot be
split into the alternatives its parse has, is searched always: never a match missed.
"""

from __future__ import annotations

import re
import re._constants as _c  # type: ignore[import-not-found,import-untyped,unused-ignore]
import re._parser as _parser  # type: ignore[import-not-found,import-untyped,unused-ignore]
from collections.abc import Sequence
from typing import Any

MIN_LITERAL = 2  # a one-character string is in nearly every text: such an alternative is searched always


class Prefiltered:
    """`pattern`, searched alternative by alternative behind substring tests (`search` is truthy exactly when
    `pattern.search` is). For patterns written without IGNORECASE (the override families are matched on lower-cased
    text); with it, the pattern is searched whole."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._guarded: list[tuple[tuple[str, ...], str]] = []  # (the literals, the alternative's source)
        self._compiled: dict[int, re.Pattern[str]] = {}  # an alternative is compiled the first time it is searched
        always: list[str] = []
        branches = _top_level_alternatives(pattern.pattern, verbose=bool(pattern.flags & re.VERBOSE))
        if pattern.flags & re.IGNORECASE or len(branches) != _parsed_alternatives(pattern):
            self._always: re.Pattern[str] | None = pattern
            return
        for source in branches:
            literals = _required_literals(list(_parser.parse(source, pattern.flags)))
            if literals is None or min(map(len, literals)) < MIN_LITERAL:
                always.append(source)
            else:
                self._guarded.append((tuple(sorted(literals)), source))
        # a new line ends a verbose alternative's comment before the next "|"; without VERBOSE it would be a character
        joint = "\n|" if pattern.flags & re.VERBOSE else "|"
        self._always = re.compile(joint.join(always), pattern.flags) if always else None

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


def _parsed_alternatives(pattern: re.Pattern[str]) -> int:
    items = list(_parser.parse(pattern.pattern, pattern.flags))
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        return len(items[0][1][1])
    return 1


def _top_level_alternatives(source: str, *, verbose: bool) -> list[str]:
    """`source` split at its top-level `|` (outside groups, character classes, escapes and, in a VERBOSE pattern,
    comments)."""
    out: list[str] = []
    depth = start = i = 0
    in_class = False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 1 + (source[i + 1 : i + 2] == "^")
            i += source[i : i + 1] == "]"  # a "]" first in a class is literal
            continue
        elif ch == "#" and verbose:
            end = source.find("\n", i)
            i = len(source) if end < 0 else end
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
        i += 1
    out.append(source[start:])
    return out


def _required_literals(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """A set of strings one of which every match of the parsed sequence `items` contains, or None when none is known:
    the most selective of its elements' sets (a run of literal characters; a group; an alternation, the union of its
    alternatives' sets; a repeat at least once)."""
    candidates: list[set[str]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append({run})
            run = ""
        found: set[str] | None = None
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, inner = av
            if add_flags & re.IGNORECASE:
                return None
            found = _required_literals(list(inner))
        elif op is _c.BRANCH:
            found = set()
            for alternative in av[1]:
                inner_set = _required_literals(list(alternative))
                if inner_set is None:
                    found = None
                    break
                found |= inner_set
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _required_literals(list(av[2]))
        elif op is _c.ATOMIC_GROUP:
            found = _required_literals(list(av))
        if found:
            candidates.append(found)
    if run:
        candidates.append({run})
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)), default=None)
