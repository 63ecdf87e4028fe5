"""`mllens wa-tool lens|answers|sync --dry-run` on the tiny lens and a review saved in the configured database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.lens.loader import load_lens
from app.persistence.reviews import SqlReviewStore
from app.principal import Principal
from app.review.models import BPAnswer, BPStatus, QuestionAnswer
from app.services import build_database
from app.settings import Settings
from tests.wa_tool.conftest import WORKLOAD, make_review
from tests.wa_tool.fake_wa_tool import FakeWATool


@pytest.fixture
def saved_review(cli_env: Settings) -> str:
    lens = load_lens(cli_env.corpus_dir)
    question = lens.question("MLOPS01")
    assert question is not None
    answer = QuestionAnswer(
        question_id="MLOPS01",
        practices={bp.id: BPAnswer(status=BPStatus.IMPLEMENTED) for bp in question.best_practices},
        confirmed=True,
    )
    review = make_review(lens, {"MLOPS01": answer}, review_id="rev-cli")
    db = build_database(cli_env)
    SqlReviewStore(db, lens).create(review, Principal.local())
    db.dispose()
    return review.id


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_lens_command_writes_the_custom_lens(cli_env: Settings, tmp_path: Path) -> None:
    target = tmp_path / "lens.json"
    code, _, err = run("wa-tool", "lens", "--out", str(target))
    assert code == 0, err
    doc = json.loads(target.read_text())
    assert doc["schemaVersion"] == "2021-11-01"
    assert [q["id"] for p in doc["pillars"] for q in p["questions"]] == ["MLOPS01", "MLOPS02", "MLSEC03", "MLSEC04"]


def test_answers_command_writes_json_lines(saved_review: str) -> None:
    code, out, err = run("wa-tool", "answers", saved_review)
    assert code == 0, err
    [line] = out.splitlines()
    request = json.loads(line)
    assert request["QuestionId"] == "MLOPS01" and "WorkloadId" not in request and "LensAlias" not in request
    assert request["SelectedChoices"] == ["MLOPS01_BP01", "MLOPS01_BP02", "MLOPS01_BP03"]


def test_answers_for_someone_elses_review_is_not_found(saved_review: str) -> None:
    code, _, err = run("wa-tool", "answers", saved_review, "--owner", "mallory")
    assert code == 1 and "rev-cli" in err


def test_sync_dry_run_shows_the_table_and_sends_nothing(saved_review: str) -> None:
    code, out, err = run(
        "wa-tool", "sync", saved_review, "--workload-id", WORKLOAD, "--lens-alias", "arn:x", "--dry-run"
    )
    assert code == 0, err
    assert "MLOPS01" in out and "NONE" in out and "Dry run" in out


def test_sync_refuses_a_malformed_workload_id(saved_review: str) -> None:
    code, _, err = run("wa-tool", "sync", saved_review, "--workload-id", "abc", "--lens-alias", "arn:x", "--dry-run")
    assert code == 2 and "32 lowercase hex" in err


def test_sync_without_a_region_names_the_variable_boto3_reads(
    saved_review: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """boto3 reads AWS_DEFAULT_REGION, not AWS_REGION; the error named AWS_REGION, so a user who set it got the same
    error again. No AWS call is made: the client cannot be built without a Region."""
    for name in ("AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance metadata look-up (the socket guard)
    monkeypatch.setenv("AWS_REGION", "eu-west-1")  # what the old message asked for: boto3 ignores it
    code, _, err = run("wa-tool", "sync", saved_review, "--workload-id", WORKLOAD, "--lens-alias", "my-lens")
    assert code == 1, err
    assert "no AWS Region" in err and "AWS_DEFAULT_REGION" in err and "Traceback" not in err
    assert "set AWS_REGION" not in err


def test_the_sync_table_fits_80_columns_with_every_risk_whole() -> None:
    # a user tour found "NOT_APPLICABLE" cut to "NOT_APPLICA…" in an 80-column terminal
    from rich.console import Console

    from app.cli.wa_tool_commands import sync_table
    from app.review.risk import QuestionRisk
    from app.wa_tool.sync import SyncRow

    rows = [SyncRow(f"MLSEC0{n}", False, 0, 5, 0, risk, risk.value) for n, risk in enumerate(QuestionRisk, 1)]
    console = Console(width=80, record=True)
    console.print(sync_table(rows))
    lines = console.export_text().splitlines()
    assert all(len(line) <= 80 for line in lines)
    for risk in QuestionRisk:
        assert any(line.count(risk.value) == 2 for line in lines), risk  # ours and the WA Tool's, both whole


@pytest.fixture
def fake_wa(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeWATool]:
    """boto3 against the fake WA Tool API on loopback, with explicit fake credentials (no credential chain)."""
    fake = FakeWATool((WORKLOAD,)).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_WELLARCHITECTED", fake.url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    yield fake
    fake.stop()


def test_import_lens_by_name_reuses_the_lens_it_created(saved_review: str, fake_wa: FakeWATool) -> None:
    """`--lens-alias NAME --import-lens` created another custom lens on every run (a user tour): the lens now gets that
    name, and a later run finds it by name (ListLenses) and updates it in place."""
    args = (
        "wa-tool",
        "sync",
        saved_review,
        "--workload-id",
        WORKLOAD,
        "--lens-alias",
        "churn-ml-lens",
        "--import-lens",
    )
    for _ in range(3):
        code, out, err = run(*args)
        assert code == 0, err + out
    [arn] = fake_wa.lenses  # one lens, however many runs
    assert fake_wa.lenses[arn]["doc"]["name"] == "churn-ml-lens"
    imports = [body for _, body in fake_wa.of("ImportLens")]
    assert "LensAlias" not in imports[0] and [b["LensAlias"] for b in imports[1:]] == [arn, arn]
    assert "Sent 1 answers to " + arn in out.replace("\n", "")
    assert fake_wa.answers[(WORKLOAD, arn, "MLOPS01")]["Risk"] == "NONE"
    # without --import-lens, the name is not an alias the WA Tool knows: the ARN the run printed is
    code, out, err = run("wa-tool", "sync", saved_review, "--workload-id", WORKLOAD, "--lens-alias", arn)
    assert code == 0, err + out


def test_import_lens_by_name_picks_the_exact_name_and_refuses_a_tie(saved_review: str, fake_wa: FakeWATool) -> None:
    """ListLenses' name filter matches a part of the name: only an exact match is reused. Two lenses with the name
    (left by the old behaviour) are refused with both ARNs, rather than updating either at random."""
    code, _, err = run(
        "wa-tool", "sync", saved_review, "--workload-id", WORKLOAD, "--lens-alias", "churn-ml-lens-v2", "--import-lens"
    )
    assert code == 0, err
    args = (
        "wa-tool",
        "sync",
        saved_review,
        "--workload-id",
        WORKLOAD,
        "--lens-alias",
        "churn-ml-lens",
        "--import-lens",
    )
    assert run(*args)[0] == 0
    assert sorted(lens["doc"]["name"] for lens in fake_wa.lenses.values()) == ["churn-ml-lens", "churn-ml-lens-v2"]
    twin = next(arn for arn, lens in fake_wa.lenses.items() if lens["doc"]["name"] == "churn-ml-lens")
    fake_wa.import_lens({}, {"JSONString": json.dumps({**fake_wa.lenses[twin]["doc"]})})  # a twin, as before the fix
    fake_wa.page_size = 1  # the twins are on different pages: every page is read
    code, _, err = run(*args)
    assert code == 1 and "Traceback" not in err
    assert "2 custom lenses are named 'churn-ml-lens'" in err and twin in err
