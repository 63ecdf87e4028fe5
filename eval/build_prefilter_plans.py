"""Compute the plans of the override detector's prefiltered patterns (app/retrieval/prefilter.py) and write
app/retrieval/prefilter_plans.json: for each pattern, where each top-level alternative starts and ends in its source and
a set of literal strings one of which every match of the alternative contains. Run after changing an override family or
shape; tests/retrieval/test_prefilter.py fails while the shipped file is not what this script writes.

    .venv/bin/python eval/build_prefilter_plans.py           # write the JSON
    .venv/bin/python eval/build_prefilter_plans.py --check   # compare with the shipped JSON, write nothing

The patterns are parsed with the standard library's own parser (`re._parser`, a private module: used here, at build
time, never by the service). An alternative's literals: the most selective set among its elements' (a run of literal
characters; a group; an alternation, the union of its alternatives' sets; a repeat at least once). A pattern whose
source does not split into the alternatives its parse has, or one written with IGNORECASE (a substring test would need
`re`'s own case folding), gets no alternatives: it is searched whole.
"""

from __future__ import annotations

import argparse
import json
import re
import re._constants as _c  # type: ignore[import-not-found,import-untyped,unused-ignore]
import re._parser as _parser  # type: ignore[import-not-found,import-untyped,unused-ignore]
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.retrieval.prefilter import PLANS_FILE, Plan, digest  # noqa: E402


def plan_of(pattern: re.Pattern[str]) -> Plan:
    """The plan of `pattern` (its digest, and its alternatives as [start, end, sorted literals or None])."""
    plan: Plan = {"digest": digest(pattern), "alternatives": None}
    spans = _top_level_alternatives(pattern.pattern, verbose=bool(pattern.flags & re.VERBOSE))
    if pattern.flags & re.IGNORECASE or len(spans) != _parsed_alternatives(pattern):
        return plan
    alternatives = []
    for start, end in spans:
        literals = _required_literals(list(_parser.parse(pattern.pattern[start:end], pattern.flags)))
        alternatives.append([start, end, None if literals is None else sorted(literals)])
    plan["alternatives"] = alternatives
    return plan


def plans_json() -> str:
    """The file's text: every prefiltered pattern's plan, by name."""
    from app.retrieval.override import prefiltered_patterns

    plans = {name: plan_of(pattern) for name, pattern in sorted(prefiltered_patterns().items())}
    lines = [f"  {json.dumps(name)}: {json.dumps(plan, ensure_ascii=False)}" for name, plan in plans.items()]
    header = '{"written_by": "eval/build_prefilter_plans.py", "plans": {\n'
    return header + ",\n".join(lines) + "\n}}\n"


def _parsed_alternatives(pattern: re.Pattern[str]) -> int:
    items = list(_parser.parse(pattern.pattern, pattern.flags))
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        return len(items[0][1][1])
    return 1


def _top_level_alternatives(source: str, *, verbose: bool) -> list[tuple[int, int]]:
    """Where `source`'s top-level alternatives start and end: split at its `|` outside groups, character classes,
    escapes and, in a VERBOSE pattern, comments."""
    out: list[tuple[int, int]] = []
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
            out.append((start, i))
            start = i + 1
        i += 1
    out.append((start, len(source)))
    return out


def _required_literals(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """A set of strings one of which every match of the parsed sequence `items` contains, or None when none is known:
    the most selective of its elements' sets."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the shipped JSON, write nothing")
    args = parser.parse_args()
    text = plans_json()
    if args.check:
        same = PLANS_FILE.read_text(encoding="utf-8") == text
        print("the shipped plans are up to date" if same else "stale: run eval/build_prefilter_plans.py")
        sys.exit(0 if same else 1)
    PLANS_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {PLANS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
