"""`--out` into a directory that does not exist: one line naming the file and the reason, exit code 1, never a
traceback (a user tour found `mllens wa-tool lens --out missing/lens.json` printing a FileNotFoundError traceback;
`mllens export` and `export --all` wrote the same way)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.lens.loader import load_lens
from app.persistence.reviews import SqlReviewStore
from app.principal import Principal
from app.services import build_database
from app.settings import Settings
from tests.wa_tool.conftest import make_review


@pytest.fixture
def saved_review(cli_env: Settings) -> str:
    review = make_review(load_lens(cli_env.corpus_dir), {}, review_id="rev-out")
    db = build_database(cli_env)
    SqlReviewStore(db, load_lens(cli_env.corpus_dir)).create(review, Principal.local())
    db.dispose()
    return review.id


@pytest.mark.parametrize(
    "args",
    [
        ["wa-tool", "lens"],
        ["wa-tool", "answers", "rev-out"],
        ["export", "rev-out"],
        ["export", "rev-out", "--format", "html"],
        ["export", "--all"],
    ],
    ids=" ".join,
)
def test_out_into_a_missing_directory_is_one_clear_line(saved_review: str, tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "no-such-dir" / "out.txt"
    result = CliRunner().invoke(cli, [*args, "--out", str(target)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # handled, not an exception escaping click
    assert result.stderr.strip().splitlines()[-1] == f"Error: {target}: No such file or directory", result.stderr
    assert "Traceback" not in result.output


def test_an_error_without_a_file_is_not_swallowed(cli_env: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only errors about a file become a one-liner; any other OSError keeps its traceback (a bug to see)."""

    def broken(*_: object, **__: object) -> None:
        raise ConnectionResetError("not about a file")

    monkeypatch.setattr("app.wa_tool.custom_lens.build_custom_lens", broken)
    result = CliRunner().invoke(cli, ["wa-tool", "lens"])
    assert isinstance(result.exception, ConnectionResetError)
