"""One composition root: the terminal review (`mllens review`) and the HTTP review (`mllens serve`) get their services
from the same builders, so one scripted answer, side question, confirmation and milestone give identical results
through both, with the same settings (here the scripted `fake` LLM, so the mapper, side questions and finding drafts
all go through the model)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.cli import cli
from app.main import create_app
from app.persistence.models import Turn
from app.principal import Principal
from app.services import build_services
from app.settings import Settings

REPO = Path(__file__).resolve().parent.parent
TINY_INTERVIEW = Path(__file__).parent / "fixtures" / "prompts" / "interview"
ANSWER = "Every data scientist has a yearly training budget and we run internal ML study groups."
SIDE_QUESTION = "what does BP02 mean?"


@pytest.fixture
def settings(tiny_settings: Settings, tmp_path: Path) -> Settings:
    """The tiny lens and index with the repository's prompt files and the scripted LLM."""
    prompts = tmp_path / "prompts"
    shutil.copytree(TINY_INTERVIEW, prompts / "interview")
    for prompt in (REPO / "prompts").glob("*.md"):
        shutil.copy(prompt, prompts / prompt.name)
    return tiny_settings.model_copy(update={"prompts_dir": prompts, "llm_provider": "fake"})


def env_file(settings: Settings, path: Path) -> Path:
    values = {
        "MLLENS_CORPUS_DIR": settings.corpus_dir,
        "MLLENS_PROMPTS_DIR": settings.prompts_dir,
        "MLLENS_INDEX_DIR": settings.index_dir,
        "MLLENS_EMBEDDER": settings.embedder,
        "MLLENS_RELEVANCE_THRESHOLD": settings.relevance_threshold,
        "MLLENS_DATABASE_URL": settings.database_url,
        "MLLENS_LLM_PROVIDER": settings.llm_provider,
    }
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()), encoding="utf-8")
    return path


def run_in_the_terminal(settings: Settings, tmp_path: Path) -> None:
    profile = ["Churn model", "", "", "n", "", "", ""]  # name, description, use case, managed AI?, defaults
    lines = [*profile, ANSWER, f"? {SIDE_QUESTION}", "/c", "/m baseline", "/q"]
    result = CliRunner().invoke(
        cli, ["--env-file", str(env_file(settings, tmp_path / "cli.env")), "review"], input="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Milestone 'baseline' frozen." in result.output


def run_over_http(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:  # builds its services from the settings, like `mllens serve`
        created = client.post("/v1/reviews", json={"profile": {"name": "Churn model"}})
        assert created.status_code == 201, created.text
        review_id, version = created.json()["review_id"], created.json()["version"]

        def turn(**body: Any) -> dict[str, Any]:
            response = client.post(f"/v1/reviews/{review_id}/turns", json=body)
            assert response.status_code == 200, response.text
            return dict(response.json())

        version = turn(expected_version=version, text=ANSWER)["version"]
        turn(ask=SIDE_QUESTION)
        turn(expected_version=version, action={"type": "confirm"})
        assert client.post(f"/v1/reviews/{review_id}/milestones", json={"name": "baseline"}).status_code == 201


def test_one_scripted_answer_gives_the_same_results_in_the_terminal_and_over_http(
    settings: Settings, tmp_path: Path
) -> None:
    run_in_the_terminal(settings, tmp_path)
    run_over_http(settings)

    services = build_services(settings)
    try:
        # No keys on a loopback server: both reviews belong to the local principal, the terminal's first.
        terminal, http = services.review.list_reviews(Principal.local())
        assert terminal.answers and terminal.answers == http.answers  # the same confirmed proposal
        assert (terminal.cursor, terminal.drafts, terminal.version) == (http.cursor, http.drafts, http.version)
        (terminal_milestone,) = services.review.milestones(terminal.id, Principal.local())
        (http_milestone,) = services.review.milestones(http.id, Principal.local())
        assert terminal_milestone.findings == http_milestone.findings
        assert terminal_milestone.risks == http_milestone.risks
        assert {f.recommendation.drafted_by for f in http_milestone.findings} == {"llm:fake"}  # drafted by the model

        with services.db.session() as session:
            side = [(t.question, t.answer, t.mode, t.tenant) for t in session.scalars(select(Turn).order_by(Turn.id))]
        half = len(side) // 2
        assert half and side[:half] == side[half:]  # the same side question, answered the same way
        assert all(mode == "llm" and tenant == "local" for _, _, mode, tenant in side)  # MLLENS_LLM_PROVIDER honoured
    finally:
        services.close()
