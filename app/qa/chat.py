"""Chat-style interop for the QA service (OpenAI-compatible and MCP edges): a conversation the caller holds, as past
turns, and a cited answer as Markdown with a "Sources" list. PURE: no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from app.lens.ids import BP_ID
from app.lens.models import ATTRIBUTION
from app.qa.compose import REFUSAL_OPENING
from app.qa.extractive import sources_paragraph
from app.qa.models import Answer, Citation, PastTurn

SOURCES_HEAD = "Sources:\n"  # how app.qa.extractive.sources_paragraph starts
_BP_ID = re.compile(rf"\b{BP_ID}\b")


def past_turns(exchanges: Sequence[tuple[str, str]]) -> list[PastTurn]:
    """(user question, assistant answer) pairs, oldest first, as the QA service's history; the practices an answer
    cites are read from the IDs in its text (a follow-up such as "how do I start?" then stays on them), and an answer
    that opens as the assistant's refusals do marks a refused turn (left out of a follow-up's history)."""
    return [
        PastTurn(
            question=q,
            resolved_question=q,
            answer=a,
            cited_bp_ids=tuple(dict.fromkeys(_BP_ID.findall(a))),
            refused=a.lstrip().startswith(REFUSAL_OPENING),
        )
        for q, a in exchanges
    ]


def sources_markdown(citations: Iterable[Citation]) -> str:
    """A Markdown "Sources" list: one line per cited best practice (ID, title, AWS page), then the attribution."""
    seen: dict[str, Citation] = {}
    for citation in citations:
        seen.setdefault(citation.bp_id, citation)
    if not seen:
        return ""
    lines = ["**Sources**", ""]
    lines += [
        f"- [{c.bp_id} {c.title}]({c.url})" + (f" ({c.risk.value} risk)" if c.risk else "") for c in seen.values()
    ]
    return "\n".join([*lines, "", f"_{ATTRIBUTION}_"])


def is_sources_paragraph(delta: str) -> bool:
    """True for the streamed delta that carries the answer's plain "Sources:" paragraph."""
    return delta.lstrip("\n").startswith(SOURCES_HEAD)


def with_markdown_sources(text: str, citations: tuple[Citation, ...] | list[Citation]) -> str:
    """`text` with its plain "Sources:" paragraph (and attribution) as a Markdown list; appended if it had none."""
    if not citations:
        return text
    plain = sources_paragraph(citations)
    if plain in text:
        return text.replace(plain, sources_markdown(citations))
    return f"{text.rstrip()}\n\n{sources_markdown(citations)}"


def answer_markdown(answer: Answer) -> str:
    """The answer with a Markdown "Sources" list (a refusal keeps its own nearest-topics list)."""
    return answer.answer if answer.refused else with_markdown_sources(answer.answer, answer.citations)
