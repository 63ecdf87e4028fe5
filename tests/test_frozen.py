"""Value objects share one base (app.frozen.Frozen): immutable, unknown fields rejected; no module redefines it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.frozen import Frozen
from app.lens.interview import QuestionContent
from app.lens.models import BestPractice
from app.qa.models import Answer, Citation
from app.review.findings import Finding
from app.review.models import Review
from app.review.turn import TurnResult

APP = Path(__file__).resolve().parents[1] / "app"


@pytest.mark.parametrize("model", [Answer, Citation, BestPractice, QuestionContent, Review, TurnResult, Finding])
def test_value_objects_are_frozen_and_strict(model: type[Frozen]) -> None:
    assert issubclass(model, Frozen)
    assert model.model_config.get("frozen") is True and model.model_config.get("extra") == "forbid"


def test_an_unknown_field_is_an_error() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Answer(answer="a", citations=(), refused=False, mode="none", conversation_id="c", owner="x")  # type: ignore[call-arg]


def test_no_module_defines_its_own_base() -> None:
    offenders = [p.relative_to(APP) for p in APP.rglob("*.py") if "class _Frozen(" in p.read_text(encoding="utf-8")]
    assert offenders == []
