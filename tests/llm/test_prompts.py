from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.errors import NotReady
from app.llm.base import Message
from app.llm.prompts import load_prompt

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"


@pytest.mark.parametrize(
    ("name", "fields"), [("answer", ("context", "question")), ("rewrite", ("history", "question"))]
)
def test_shipped_prompts_render_with_their_placeholders(name: str, fields: tuple[str, ...]) -> None:
    prompt = load_prompt(PROMPTS, name)
    messages = prompt.render(**{f: f"<<{f}>>" for f in fields})
    assert [m.role for m in messages] == ["system", "user"]
    assert all(f"<<{f}>>" in messages[1].content for f in fields)
    assert "#!" not in messages[0].content
    assert prompt.sha256 == hashlib.sha256((PROMPTS / f"{name}.md").read_bytes()).hexdigest()


def test_question_text_is_substituted_not_interpreted(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("System.\n---user---\nQ: ${question}")
    messages = load_prompt(tmp_path, "p").render(question="${context} {x} $$")
    assert messages[1] == Message("user", "Q: ${context} {x} $$")


def test_missing_or_malformed_prompt_is_reported(tmp_path: Path) -> None:
    with pytest.raises(NotReady, match="missing"):
        load_prompt(tmp_path, "nope")
    (tmp_path / "bad.md").write_text("no user part")
    with pytest.raises(NotReady, match="---user---"):
        load_prompt(tmp_path, "bad")
