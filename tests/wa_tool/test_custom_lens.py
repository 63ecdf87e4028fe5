"""The custom lens export: structure, the project's wording, and every documented WA Tool limit (which the checker
must also catch when broken)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from botocore.stub import Stubber

from app.wa_tool.aws import BotoWATool
from app.wa_tool.custom_lens import (
    MAX_CHOICES_PER_QUESTION,
    SCHEMA_VERSION,
    check_lens_limits,
    fit,
)
from app.wa_tool.ids import bp_id_of, choice_id, none_choice_id
from tests.wa_tool.conftest import LENS_ARN, exported_lens, full_interview, full_lens


def test_export_has_every_pillar_question_and_practice() -> None:
    doc = exported_lens()
    assert doc["schemaVersion"] == SCHEMA_VERSION
    assert [p["id"] for p in doc["pillars"]] == [
        "operationalExcellence",
        "security",
        "reliability",
        "performance",
        "costOptimization",
        "sustainability",
    ]
    questions = [q for p in doc["pillars"] for q in p["questions"]]
    assert len(questions) == 35
    choices = [c for q in questions for c in q["choices"]]
    assert len([c for c in choices if not c["id"].endswith("_no")]) == 105
    lens = full_lens()
    for question in questions:
        lens_question = lens.question(question["id"])
        assert lens_question is not None
        bp_choices = [c for c in question["choices"] if not c["id"].endswith("_no")]
        assert [bp_id_of(c["id"]) for c in bp_choices] == [bp.id for bp in lens_question.best_practices]
        assert question["choices"][-1]["id"] == none_choice_id(question["id"])
        assert question["choices"][-1]["title"] == "None of these"
        content = full_interview().content(lens_question)
        for bp, choice in zip(lens_question.best_practices, bp_choices, strict=True):
            assert choice["title"].startswith(bp.id)
            assert content.practices[bp.id].label in choice["description"]  # the project's own wording
            assert choice["helpfulResource"]["url"] == bp.url == choice["improvementPlan"]["url"]
            assert choice["improvementPlan"]["displayText"]
    assert "MIT-0" in doc["description"] and "docs.aws.amazon.com" in doc["description"]


def test_mlcost04_sits_exactly_at_the_choice_limit() -> None:
    question = next(q for p in exported_lens()["pillars"] for q in p["questions"] if q["id"] == "MLCOST04")
    assert len(question["choices"]) == MAX_CHOICES_PER_QUESTION == 15


def test_export_passes_every_documented_limit_and_the_import_lens_model(wa_client: Any) -> None:
    text = json.dumps(exported_lens())
    assert check_lens_limits(exported_lens(), len(text.encode())) == []
    for question in (q for p in exported_lens()["pillars"] for q in p["questions"]):
        assert 2 <= len(question["riskRules"]) <= 3 and question["riskRules"][-1]["condition"] == "default"
    with Stubber(wa_client) as stub:  # botocore validates the ImportLens request against the service model
        stub.add_response("import_lens", {"LensArn": LENS_ARN, "Status": "IN_PROGRESS"})
        assert BotoWATool(wa_client).import_lens(text, None) == LENS_ARN


def _first_question(doc: dict[str, Any]) -> dict[str, Any]:
    question: dict[str, Any] = doc["pillars"][0]["questions"][0]
    return question


BREAKAGES = {
    "16 choices": lambda d: _first_question(d)["choices"].extend(
        copy.deepcopy(_first_question(d)["choices"][0]) | {"id": f"extra_{n}"} for n in range(13)
    ),
    "title over 128": lambda d: _first_question(d).update(title="x" * 129),
    "choice title over 128": lambda d: _first_question(d)["choices"][0].update(title="x" * 129),
    "choice description over 1024": lambda d: _first_question(d)["choices"][0].update(description="x" * 1025),
    "helpful text over 2048": lambda d: _first_question(d)["choices"][0]["helpfulResource"].update(
        displayText="x" * 2049
    ),
    "four rules": lambda d: (
        _first_question(d)["riskRules"].insert(0, {"condition": "MLOPS01_BP01", "risk": "NO_RISK"})
        or _first_question(d)["riskRules"].insert(0, {"condition": "MLOPS01_BP02", "risk": "NO_RISK"})
    ),
    "no default": lambda d: _first_question(d)["riskRules"].pop(),
    "unknown choice in a rule": lambda d: _first_question(d)["riskRules"][0].update(condition="MLOPS01_BP99"),
    "bad risk": lambda d: _first_question(d)["riskRules"][0].update(risk="LOW_RISK"),
    "hyphen in an ID": lambda d: _first_question(d)["choices"][0].update(id="MLOPS01-BP01"),
    "no improvement plan": lambda d: _first_question(d)["choices"][0].pop("improvementPlan"),
    "eleven pillars": lambda d: d["pillars"].extend(
        copy.deepcopy(d["pillars"][0]) | {"id": f"p{n}xx"} for n in range(5)
    ),
    "21 questions": lambda d: d["pillars"][0]["questions"].extend(
        copy.deepcopy(_first_question(d)) | {"id": f"Q{n:03d}"} for n in range(15)
    ),
    "name over 128": lambda d: d.update(name="n" * 129),
    "ftp URL": lambda d: _first_question(d)["choices"][0]["improvementPlan"].update(url="ftp://example.com"),
    "duplicate choice": lambda d: _first_question(d)["choices"].append(copy.deepcopy(_first_question(d)["choices"][0])),
    "wrong schema": lambda d: d.update(schemaVersion="2020-01-01"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_checker_catches_each_broken_limit(breakage: str) -> None:
    doc = copy.deepcopy(exported_lens())
    BREAKAGES[breakage](doc)
    assert check_lens_limits(doc) != []


def test_checker_catches_an_oversized_document() -> None:
    assert check_lens_limits(exported_lens(), json_bytes=500_001) != []


def test_fit_cuts_on_a_word_boundary() -> None:
    assert fit("short text", 20) == "short text"
    cut = fit("alpha beta gamma delta epsilon", 17)
    assert len(cut) <= 17 and cut == "alpha beta gamma…"
    assert len(fit("x" * 300, 128)) == 128


def test_ids_round_trip() -> None:
    for bp in full_lens().best_practices:
        assert bp_id_of(choice_id(bp.id)) == bp.id
    assert bp_id_of("MLCOST04_no") is None
