"""An answer about a different part of the system (a budget, asked how the ML environment is secured) proposes no
status for the question's practices: `mllens review map` with the shipped lens, interview and model. Sentences written
for this test."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.settings import Settings

pytestmark = pytest.mark.integration


@pytest.fixture
def env(full_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("MLLENS_CORPUS_DIR", str(full_settings.corpus_dir))
    monkeypatch.setenv("MLLENS_INDEX_DIR", str(full_settings.index_dir))
    monkeypatch.setenv("MLLENS_PROMPTS_DIR", str(full_settings.prompts_dir))
    return full_settings


def _map(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    result = CliRunner().invoke(cli, ["review", "map", "--jsonl"], input="".join(json.dumps(r) + "\n" for r in rows))
    assert result.exit_code == 0, result.output
    return {line["id"]: line["predicted"] for line in map(json.loads, result.stdout.splitlines())}


def test_an_answer_about_another_part_of_the_system_proposes_nothing(env: Settings) -> None:
    predicted = _map(
        [
            {
                "id": "budget",
                "question_id": "MLSEC04",
                "answer": "We set a monthly budget of 2000 dollars in AWS Budgets and finance gets an alert at 80 "
                "percent.",
            },
            {
                "id": "keys",
                "question_id": "MLCOST06",
                "answer": "Access goes through IAM roles with least privilege and all the S3 buckets are encrypted "
                "with KMS keys.",
            },
        ]
    )
    assert set(predicted["budget"].values()) == {"cannot_determine"}
    assert set(predicted["keys"].values()) == {"cannot_determine"}


def test_the_same_answer_at_its_own_question_is_still_read(env: Settings) -> None:
    predicted = _map(
        [
            {
                "id": "budget",
                "question_id": "MLCOST04",
                "answer": "We set a monthly budget of 2000 dollars in AWS Budgets and finance gets an alert at 80 "
                "percent.",
            },
            {
                "id": "keys",
                "question_id": "MLSEC03",
                "answer": "Access goes through IAM roles with least privilege and all the S3 buckets are encrypted "
                "with KMS keys.",
            },
        ]
    )
    assert predicted["budget"]["MLCOST04-BP12"] in ("implemented", "partially_implemented")
    assert predicted["keys"]["MLSEC03-BP01"] == "implemented"
