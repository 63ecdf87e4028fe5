"""The parse of the shipped corpus agrees with the independent fact sheet (tests/fixtures/lens_facts.yaml) in full."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from app.errors import CorpusParseError
from app.lens.loader import load_lens
from app.lens.models import Lens, Risk
from app.lens.parser import parse_question_file

REPO = Path(__file__).resolve().parents[2]
FACTS = yaml.safe_load((REPO / "tests" / "fixtures" / "lens_facts.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lens() -> Lens:
    return load_lens(REPO / "corpus")


def test_totals(lens: Lens) -> None:
    assert len(lens.pillars) == FACTS["meta"]["counts"]["pillars"] == 6
    assert len(lens.questions) == FACTS["meta"]["counts"]["questions"] == 35
    assert len(lens.best_practices) == FACTS["meta"]["counts"]["best_practices"] == 105
    assert Counter(bp.risk for bp in lens.best_practices) == {Risk.HIGH: 60, Risk.MEDIUM: 45}
    by_phase = Counter(bp.phase.value for bp in lens.best_practices)
    assert by_phase == FACTS["meta"]["counts"]["best_practices_by_phase"]
    assert sum(len(bp.anti_patterns) for bp in lens.best_practices) == 473
    assert sum(len(bp.steps) for bp in lens.best_practices) == 919


@pytest.mark.parametrize("fact", FACTS["pillars"], ids=lambda f: f["id"])
def test_pillars(lens: Lens, fact: dict) -> None:
    pillar = next(p for p in lens.pillars if p.id.value == fact["id"])
    assert pillar.name == fact["name"]
    assert pillar.id.prefix == fact["question_id_prefix"]
    assert len(pillar.questions) == fact["question_count"]
    bps = [bp for q in pillar.questions for bp in q.best_practices]
    assert len(bps) == fact["best_practice_count"]
    risks = Counter(bp.risk.value for bp in bps)
    assert {k: risks.get(k, 0) for k in fact["best_practices_by_risk"]} == fact["best_practices_by_risk"]


@pytest.mark.parametrize("fact", FACTS["questions"], ids=lambda f: f["id"])
def test_questions(lens: Lens, fact: dict) -> None:
    question = lens.question(fact["id"])
    assert question is not None
    assert question.pillar.value == fact["pillar"]
    assert question.phase.value == fact["phase"]
    assert [bp.id for bp in question.best_practices] == fact["best_practices"]


@pytest.mark.parametrize("fact", FACTS["best_practices"], ids=lambda f: f["id"])
def test_best_practices(lens: Lens, fact: dict) -> None:
    bp = lens.best_practice(fact["id"])
    assert bp is not None
    assert (bp.question_id, bp.pillar.value, bp.phase.value) == (fact["question"], fact["pillar"], fact["phase"])
    assert bp.title == fact["title"]
    assert bp.risk.value == fact["risk"]
    assert bp.url == fact["url"]
    assert len(bp.anti_patterns) == fact["anti_patterns_count"]
    assert len(bp.steps) == fact["steps_count"]
    assert bp.legacy_id == fact.get("legacy_id")
    assert lens.best_practice(fact["legacy_id"]) is bp
    assert bp.intro and bp.desired_outcome and bp.guidance and bp.benefits
    assert all(step.title for step in bp.steps)
    assert bp.resources and all(r.url.startswith("http") for r in bp.resources)


def test_gotchas(lens: Lens) -> None:
    assert lens.best_practice("MLSEC04-BP03").risk is Risk.HIGH  # "Risk level for not implementing this practice"
    assert lens.best_practice("MLSUS05-BP04").risk is Risk.MEDIUM  # value on the line after the label
    assert len(lens.best_practice("MLREL02-BP02").steps) == 7  # flattened sub-lists are not steps
    assert len(lens.best_practice("MLPERF06-BP05").steps) == 10  # a link block continuing a sentence
    steps = lens.best_practice("MLCOST04-BP03").steps  # code fences with blank lines inside steps
    assert any("pip install sagemaker" in s.text for s in steps)
    assert len(lens.best_practice("MLSUS04-BP02").steps) == 9  # "- **Title:** …" items are steps
    kinds = {r.kind for bp in lens.best_practices for r in bp.resources}
    assert {"documents", "videos", "examples"} <= kinds
    assert "\n" not in lens.best_practice("MLSEC03-BP01").desired_outcome  # hard wraps joined


GOOD = """# MLSEC09 \u2014 Data processing

**Pillar**: Security

---

# MLSEC09-BP01 Keep things safe

Intro text.

**Desired outcome:** Safe.

**Common anti-patterns:**

- Being unsafe.

**Benefits of establishing this best
practice:**

- Safety.

**Level of risk exposed if this best practice
is not established:** {risk}

## Implementation guidance

Guidance.

### Implementation steps

- **Do it**. Now.

## Resources

**Related documents:**

- [Doc](https://example.com/doc)

*Source: https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/mlsec09-bp01.html*
"""


def test_minimal_file_parses() -> None:
    parsed = parse_question_file(GOOD.format(risk="High"), "MLSEC09.md")
    (bp,) = parsed.best_practices
    assert (bp.id, bp.title, bp.risk, bp.steps[0].title) == ("MLSEC09-BP01", "Keep things safe", Risk.HIGH, "Do it")


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (GOOD.format(risk="Low-ish"), 23, "unknown risk"),
        (GOOD.format(risk="High").replace("**Desired outcome:** Safe.", "Safe."), 7, "Desired outcome"),
        (GOOD.format(risk="High").replace("# MLSEC09 \u2014", "# MLSEC09 -"), 1, "question header"),
        (GOOD.format(risk="High").replace("Data processing", "Data wrangling"), 1, "lifecycle phase"),
        (GOOD.format(risk="High").replace("*Source:", "Source:"), 7, "Source"),
        (GOOD.format(risk="High").replace("- **Do it**. Now.", ""), 29, "no implementation steps"),
    ],
)
def test_malformed_file_names_file_and_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(CorpusParseError) as info:
        parse_question_file(text, "corpus/lens/MLSEC09.md")
    assert info.value.filename == "corpus/lens/MLSEC09.md"
    assert info.value.line == line
    assert needle in info.value.message
    assert info.value.message.startswith(f"corpus/lens/MLSEC09.md:{line}:")


def test_malformed_corpus_dir(tmp_path: Path) -> None:
    (tmp_path / "lens").mkdir()
    (tmp_path / "lens" / "MLSEC09.md").write_text(GOOD.format(risk="High"), encoding="utf-8")
    (tmp_path / "legacy-ids.yaml").write_text("legacy_ids: [unclosed\n", encoding="utf-8")
    with pytest.raises(CorpusParseError, match="legacy-ids.yaml:"):
        load_lens(tmp_path)
    with pytest.raises(CorpusParseError, match="no lens question files"):
        load_lens(tmp_path / "nowhere")
