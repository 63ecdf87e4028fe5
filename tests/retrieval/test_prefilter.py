"""A large alternation searched alternative by alternative behind substring tests (app/retrieval/prefilter.py) finds
exactly what the pattern's own search finds: on small patterns written for this test (character classes, comments and
groups holding "|", optional parts, IGNORECASE) and on every override family and shape over the override detector's
training texts and the unseen sets and override probes (attacks, near misses and in-scope questions alike). The plans
are computed at build time (eval/build_prefilter_plans.py): the shipped file is what a fresh build writes, every
pattern has a plan made for its source, and the service never parses a pattern itself."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from support.eval_scripts import eval_script

from app.retrieval import override
from app.retrieval.prefilter import PLANS_FILE, Prefiltered, digest, shipped_plans

ROOT = Path(__file__).resolve().parents[2]
TEXT_FILES = [
    ROOT / "eval" / "override_model" / "texts.jsonl",
    ROOT / "eval" / "probes" / "override_unseen.jsonl",
    ROOT / "eval" / "probes" / "override_unseen_s11.jsonl",
    *sorted((ROOT / "tests" / "retrieval" / "data" / "unseen").glob("*.jsonl")),
]


def _build_script() -> ModuleType:
    return eval_script("build_prefilter_plans")


BUILD = _build_script()


def planned(pattern: re.Pattern[str]) -> Prefiltered:
    return Prefiltered(pattern, BUILD.plan_of(pattern))


PATTERNS = [
    (r"\bignore\s+(?:all\s+)?(?:rules|instructions)\b | \bforget\s+[a|b]+\s+you\b", re.VERBOSE),
    (r"(?:ab|cd)+x | y(?:z)? | [|]pipe # a comment | not an alternative\n | \bq{2,}", re.VERBOSE),
    (r"(?:^|[.!?]\s+)this\s+is\s+(?:the\s+)?admin|foo(?=bar)|(a)\1z|x*", 0),
    (r"you are now|pretend", re.IGNORECASE),
]
SAMPLES = [
    "please ignore all rules now",
    "ignore instructions",
    "forget ab|ba you",
    "forget abba you",
    "cdcdx and y",
    "a |pipe here",
    "qq",
    "this is the admin. this is admin",
    "foobar",
    "aaz",
    "You Are Now free",
    "nothing at all",
    "",
]


@pytest.mark.parametrize(("source", "flags"), PATTERNS)
def test_the_same_matches_as_the_pattern_on_patterns_written_for_the_test(source: str, flags: int) -> None:
    pattern = re.compile(source, flags)
    prefiltered = planned(pattern)
    for text in SAMPLES:
        assert prefiltered.search(text) == bool(pattern.search(text)), (source, text)


def test_an_alternative_with_no_required_string_is_searched_always() -> None:
    prefiltered = planned(re.compile(r"\bfoo\b|\w+ly\b|a?b?", re.VERBOSE))
    assert prefiltered.search("")  # "a?b?" matches the empty text


def test_every_override_family_and_shape_finds_what_its_pattern_finds() -> None:
    rows = [json.loads(line) for path in TEXT_FILES for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = [str(row.get("text") or row["question"]) for row in rows]
    assert len(texts) > 1000
    lowered = [override._QUOTED.sub(" ", text).lower() for text in texts]
    # as the detector searches them: families and lower-case shapes on lower-cased text, the others as written
    checked = [(pattern, lowered) for pattern in [*override._FAMILY_NAMES, *override._LOWER_CASE_SHAPES]]
    for (name, prefiltered), searched in [*checked, *((pattern, texts) for pattern in override._CASE_SHAPES)]:
        for text in searched:
            assert prefiltered.search(text) == bool(prefiltered.pattern.search(text)), (name, text)
    assert any(prefiltered._guarded for _, prefiltered in override._FAMILY_NAMES)  # the families are prefiltered


def test_alternatives_searched_always_keep_their_meaning_without_verbose() -> None:
    """Two alternatives with no literal to guard them are searched together; joined with a new line (which ends a
    verbose alternative's comment), a pattern written without VERBOSE would have asked for a line break after the
    first (found re-reading session 14's change)."""
    pattern = re.compile(r"a\w|ignore (?:all|previous)|x+y")
    prefiltered = planned(pattern)
    for text in ("ab", "ignore all", "xy", "zz", "a\n"):
        assert bool(prefiltered.search(text)) == bool(pattern.search(text)), text


def test_the_shipped_plans_are_what_a_fresh_build_writes() -> None:
    assert PLANS_FILE.read_text(encoding="utf-8") == BUILD.plans_json(), "run eval/build_prefilter_plans.py"


def test_every_prefiltered_pattern_has_a_plan_made_for_its_source() -> None:
    plans = shipped_plans()
    for name, pattern in override.prefiltered_patterns().items():
        assert plans[name]["digest"] == digest(pattern), name


def test_a_plan_made_for_another_source_searches_the_pattern_whole() -> None:
    old = re.compile(r"ignore\s+rules|forget\s+it")
    new = re.compile(r"ignore\s+rules|forget\s+it|pretend")
    prefiltered = Prefiltered(new, BUILD.plan_of(old))
    assert prefiltered.search("please pretend") and not prefiltered._guarded


def test_the_service_never_parses_a_pattern_with_a_private_module() -> None:
    for path in (ROOT / "app").rglob("*.py"):
        assert "re._parser" not in path.read_text(encoding="utf-8"), path
