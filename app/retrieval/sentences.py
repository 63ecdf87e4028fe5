"""Sentences of lens text as answers quote them: list items and lines first, then sentence ends, links reduced to their
text. The quotable sentences of every BP are embedded at ingest (index/sentences.*) so that extractive answers can rank
and de-duplicate them without embedding at question time. PURE."""

from __future__ import annotations

import re

from app.lens.models import Lens, Section

MAX_SENTENCE_CHARS = 350
QUOTED_SECTIONS = (
    Section.INTRO,
    Section.DESIRED_OUTCOME,
    Section.ANTI_PATTERNS,
    Section.BENEFITS,
    Section.GUIDANCE,
    Section.STEPS,
)
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def split_lines(text: str) -> list[list[str]]:
    """The sentences of each non-empty line (a paragraph or a list item) of `text`."""
    out: list[list[str]] = []
    for line in text.splitlines():
        line = clean(line)
        if line:
            out.append([truncate(s) for s in _SENTENCE_END.split(line) if s])
    return out


def split_sentences(text: str) -> list[str]:
    return [s for line in split_lines(text) for s in line]


def lens_sentences(lens: Lens) -> list[str]:
    """Every sentence an extractive answer may quote from a BP page, in lens order, without repeats."""
    texts = [s for bp in lens.best_practices for sec in QUOTED_SECTIONS for s in split_sentences(bp.section_text(sec))]
    return list(dict.fromkeys(texts))


def clean(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"\*\*|__|`", "", text)
    return " ".join(text.lstrip("-*• ").split())


def truncate(sentence: str) -> str:
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    return sentence[:MAX_SENTENCE_CHARS].rsplit(" ", 1)[0] + "…"
