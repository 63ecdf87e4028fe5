"""docs/cli.md's `mllens` help block must match the CLI.

Regenerate with: .venv/bin/python tests/test_readme.py --write
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from app.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- cli-help:start -->\n)(.*?)(<!-- cli-help:end -->)", re.S)


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name in sorted(group.list_commands(click.Context(group))):
        command = group.get_command(click.Context(group), name)
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        elif command is not None:
            found.append((*path, name))
    return found


def help_block() -> str:
    parts = []
    for path in _commands(cli):
        result = CliRunner(env={"COLUMNS": "100"}).invoke(
            cli, [*path, "--help"], prog_name="mllens", terminal_width=100
        )
        assert result.exit_code == 0, result.output
        parts.append(
            f"`mllens {' '.join(path)} --help`".replace("  ", " ") + "\n\n```\n" + result.output.rstrip() + "\n```\n"
        )
    return "\n".join(parts)


def test_cli_doc_help_is_current() -> None:
    match = BLOCK.search(CLI_DOC.read_text(encoding="utf-8"))
    assert match, "docs/cli.md lacks the cli-help markers"
    assert match.group(2) == help_block(), "docs/cli.md is stale: run .venv/bin/python tests/test_readme.py --write"


KEYLESS_RULE = "**Keyless access on loopback.**"


def _paragraph(doc: Path, start: str) -> str:
    text = doc.read_text(encoding="utf-8")
    at = text.index(start)
    end = text.find("\n\n", at)
    return " ".join(text[at : end if end >= 0 else None].split())


def test_readme_api_and_openai_docs_state_the_keyless_loopback_rule_in_the_same_words() -> None:
    """The README's `curl` examples and the demo page rely on a keyless loopback server, the API and OpenAI docs tell
    the reader to create keys: the three state when keyless access holds and when it ends in one paragraph, word for
    word (tests/api/test_auth_api.py checks what it says); the widget doc points to it."""
    api = _paragraph(ROOT / "docs" / "api.md", KEYLESS_RULE)
    assert _paragraph(README, KEYLESS_RULE) == api
    assert _paragraph(ROOT / "docs" / "openai.md", KEYLESS_RULE) == api
    for claim in ("loopback address", "no key has ever existed", "a secret or a widget key", "revoked later", "401"):
        assert claim in api
    assert "Keyless access on loopback" in " ".join((ROOT / "docs" / "widget.md").read_text(encoding="utf-8").split())


def test_readme_links_the_cli_doc_and_holds_no_help_dump() -> None:
    text = README.read_text(encoding="utf-8")
    assert "(docs/cli.md)" in text
    assert "cli-help:start" not in text and "Usage: mllens" not in text


if __name__ == "__main__" and "--write" in sys.argv:
    text = CLI_DOC.read_text(encoding="utf-8")
    CLI_DOC.write_text(BLOCK.sub(lambda m: m.group(1) + help_block() + m.group(3), text), encoding="utf-8")


def test_relative_links_in_readme_and_docs_resolve() -> None:
    """Every relative Markdown link in README.md and docs/*.md points at a file of the repo."""
    broken = []
    for doc in [README, *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            if not (doc.parent / target.split("#", 1)[0]).exists():
                broken.append(f"{doc.relative_to(ROOT)} → {target}")
    assert not broken, broken
