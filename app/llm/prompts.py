"""Load prompt files from prompts/*.md into PromptTemplates carrying the file's SHA-256 (recorded with each answer)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.errors import NotReady
from app.llm.base import PromptTemplate

USER_MARKER = "---user---"


def load_prompt(prompts_dir: Path, name: str) -> PromptTemplate:
    """Read `prompts_dir/name.md`; the part before a `---user---` line is the system message. Lines starting with
    `#!` are comments for maintainers and are not sent."""
    path = prompts_dir / f"{name}.md"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotReady(f"prompt file {path} is missing") from exc
    text = "\n".join(line for line in raw.decode("utf-8").splitlines() if not line.startswith("#!"))
    if USER_MARKER not in text:
        raise NotReady(f"prompt file {path} has no '{USER_MARKER}' line")
    system, user = text.split(USER_MARKER, 1)
    return PromptTemplate(name, system.strip(), user.strip(), hashlib.sha256(raw).hexdigest())
