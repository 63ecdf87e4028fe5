from __future__ import annotations

import json
import shutil
import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.settings import Settings
from app.user_tokens import verify_user_token

REPO_PROMPTS = Path(__file__).resolve().parents[2] / "prompts"
QUESTION = "least privilege access to training data"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_keys_create_prints_the_key_once_and_list_shows_only_its_prefix(cli_env: Settings) -> None:
    code, out, err = run("keys", "create", "--name", "portal")
    assert code == 0 and out.strip().startswith("mll_") and "only this once" in err
    code, listed, _ = run("keys", "list")
    assert code == 0 and "portal" in listed and out.strip() not in listed and out.strip()[:10] in listed


def test_ask_prints_a_cited_answer_and_the_conversation(cli_env: Settings) -> None:
    code, out, err = run("ask", QUESTION)
    assert code == 0 and "[MLSEC03-BP01]" in out and "Amazon.com" in out and "--conversation" in err
    code, out, _ = run("ask", QUESTION, "--json", "--pillar", "sec")
    body = json.loads(out)
    assert code == 0 and body["citations"][0]["bp_id"].startswith("MLSEC") and body["mode"] == "none"


def test_ask_streams_with_an_llm(cli_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prompts = tmp_path / "prompts"
    shutil.copytree(cli_env.prompts_dir, prompts)
    for name in ("answer.md", "rewrite.md", "review_map.md", "draft_finding.md"):
        shutil.copy(REPO_PROMPTS / name, prompts / name)
    monkeypatch.setenv("MLLENS_PROMPTS_DIR", str(prompts))
    monkeypatch.setenv("MLLENS_LLM_PROVIDER", "fake")
    code, out, _ = run("ask", QUESTION)
    assert code == 0 and "(Demo model)" in out and "[MLSEC03-BP01]" in out


def test_ask_rejects_an_empty_question(cli_env: Settings) -> None:
    code, _, err = run("ask", "  ")
    assert code == 1 and "question is empty" in err


def test_serve_refuses_a_public_address_without_keys(cli_env: Settings) -> None:
    code, _, err = run("serve", "--host", "0.0.0.0", "--port", "8999")
    assert code == 1 and "mllens keys create --name" in err and "Traceback" not in err


def test_serve_says_the_port_is_taken_before_loading_anything(cli_env: Settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run("serve", "--port", str(port))
    assert code == 1 and f"127.0.0.1:{port} is already in use" in err and "--port" in err, err
    assert "Loading the index" not in err and "Traceback" not in err  # refused before building the services


def test_worker_processes_get_the_same_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pydantic import SecretStr

    from app.cli.service_commands import settings_as_env

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, host="::1", port=9001, llm_api_key=SecretStr("s3cret"), index_dir=tmp_path
    )
    for name, value in settings_as_env(settings).items():
        monkeypatch.setenv(name, value)
    assert Settings(_env_file=None) == settings  # type: ignore[call-arg]


def test_keys_revoke_by_prefix(cli_env: Settings) -> None:
    code, raw, _ = run("keys", "create", "--name", "portal")
    assert code == 0
    code, listed, _ = run("keys", "list")
    prefix = listed.split("…")[0].strip()
    code, _, err = run("keys", "revoke", prefix)
    assert code == 0 and "Revoked key" in err
    code, listed, _ = run("keys", "list")
    assert "portal" not in listed
    code, _, err = run("keys", "revoke", prefix)
    assert code != 0 and "no active key" in err and "Traceback" not in err


def test_widget_keys_need_an_origin_and_sign_user_tokens(cli_env: Settings) -> None:
    code, _, err = run("keys", "create", "--widget")
    assert code == 2 and "--origin" in err
    code, _, err = run("keys", "create", "--widget", "--origin", "https://portal.example/path")
    assert code == 2 and "no path" in err
    assert run("keys", "create", "--name", "x", "--origin", "https://portal.example")[0] == 2
    code, out, err = run("keys", "create", "--widget", "--origin", "https://Portal.Example:443/")
    key, secret = out.split()
    assert code == 0 and key.startswith("pk_") and len(secret) >= 40 and "https://portal.example" in err
    listed = run("keys", "list")[1]
    assert "widget" in listed and key not in listed and secret not in listed
    key_id = next(line.split()[2] for line in listed.splitlines() if "widget" in line)
    code, token, _ = run("keys", "user-token", key_id, "--user", "alice@acme", "--ttl", "60")
    assert code == 0 and verify_user_token(secret, token.strip(), time.time()) == "alice@acme"
    assert run("keys", "user-token", "nope", "--user", "alice")[0] == 2
