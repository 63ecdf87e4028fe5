"""The index's inputs read the interview content through the one typed loader: the same cards as the review's
content, and a bad file is an error naming it (never skipped silently)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.errors import InterviewContentError
from app.lens.interview import load_interview
from app.lens.loader import load_lens
from app.retrieval.inputs import load_retrieval_inputs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_practice_cards_come_from_the_typed_interview_content() -> None:
    lens = load_lens(FIXTURES / "corpus")
    inputs = load_retrieval_inputs(lens, FIXTURES / "corpus", FIXTURES / "prompts")
    interview = load_interview(FIXTURES / "prompts" / "interview", lens)
    assert set(inputs.practice_cards) == {bp.id for bp in lens.best_practices}
    practice = interview.content(lens.question("MLSEC04")).practices["MLSEC04-BP01"]  # type: ignore[arg-type]
    assert inputs.practice_cards["MLSEC04-BP01"].splitlines() == [practice.label, *practice.signals, *practice.gaps]
    assert practice.signals[0] in inputs.interview_sentences


@pytest.mark.parametrize(
    ("broken", "needle"),
    [
        ("  MLSEC04-BP01: just a string\n", "MLSEC04-BP01"),  # an entry that is not a mapping
        ("  MLSEC04-BP09:\n    label: x\n    follow_up: y\n", "unknown practices MLSEC04-BP09"),
    ],
)
def test_a_bad_interview_entry_is_an_error_naming_the_file(tmp_path: Path, broken: str, needle: str) -> None:
    prompts = tmp_path / "prompts"
    shutil.copytree(FIXTURES / "prompts", prompts)
    path = prompts / "interview" / "MLSEC04.yaml"
    text = path.read_text(encoding="utf-8")
    if "BP09" in broken:
        text += broken
    else:  # replace the first practice's whole block with a plain string
        head, _, rest = text.partition("  MLSEC04-BP01:\n")
        text = head + broken + rest[rest.index("  MLSEC04-BP02:") :]
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InterviewContentError, match=needle) as info:
        load_retrieval_inputs(load_lens(FIXTURES / "corpus"), FIXTURES / "corpus", prompts)
    assert info.value.filename.endswith("MLSEC04.yaml")
