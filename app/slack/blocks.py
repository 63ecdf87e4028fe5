"""Block Kit for answers: the answer text (safe mrkdwn, split into sections), a "Sources" context with practice IDs
linked to the AWS pages and the AWS attribution, the out-of-scope warning with the nearest topics, and 👍/👎 buttons.
PURE: a function of the domain objects, no I/O."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from app.lens.models import ATTRIBUTION, DOCS_BASE_URL
from app.qa.extractive import sources_paragraph
from app.qa.models import Answer
from app.review.turn import SideAnswer
from app.slack.mrkdwn import escape, link, split, to_mrkdwn

Block = dict[str, Any]
MAX_BLOCKS = 50  # per message
MAX_MESSAGE_CHARS = 20_000  # of block JSON per message (see `messages`)
MAX_CONTEXT_ELEMENTS = 10
FALLBACK_CHARS = 300
FEEDBACK_UP, FEEDBACK_DOWN = "feedback_up", "feedback_down"
_LINK = re.compile(r"<[^|<>]+\|([^<>]*)>")


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(*texts: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": t} for t in texts[:MAX_CONTEXT_ELEMENTS]]}


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": text, "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def sections(markdown: str, citation_urls: dict[str, str] | None = None) -> list[Block]:
    """Markdown as one or more section blocks of at most 3,000 characters each."""
    return [section(piece) for piece in split(to_mrkdwn(markdown, citation_urls))]


def sources(citations: Sequence[tuple[str, str, str]]) -> Block:
    """The "Sources" context: (bp_id, title, url) each linked, then the AWS attribution with its link."""
    shown = list(dict.fromkeys(citations))[: MAX_CONTEXT_ELEMENTS - 2]
    items = [f"{link(url, bp_id)} {escape(title)}" for bp_id, title, url in shown]
    return context("*Sources*", *items, attribution())


def attribution() -> str:
    """The AWS attribution with its link, for a context block under any lens text."""
    return f"{escape(ATTRIBUTION.split(' Source:')[0])} {link(DOCS_BASE_URL, 'AWS docs')}"


def answer_text(answer: Answer) -> str:
    """The answer without the composer's plain-text Sources paragraph (Slack shows them as a context block)."""
    text = answer.answer
    if answer.citations:
        text = text.replace(sources_paragraph(answer.citations), "")
    return text.replace(ATTRIBUTION, "").strip()


def answer_blocks(answer: Answer) -> list[Block]:
    """One answer, before splitting into messages."""
    urls = {c.bp_id: c.url for c in answer.citations}
    blocks: list[Block] = []
    if answer.refused:
        topics = [f"• {link(t.url, t.bp_id)} {escape(t.title)}" for t in answer.nearest_topics[:5]]
        warning = ":warning: *The ML Lens has nothing relevant to this question.*"
        blocks.append(section("\n".join([warning, "Nearest topics in the lens:", *topics] if topics else [warning])))
    else:
        blocks += sections(answer_text(answer) or answer.answer, urls)
    if answer.notice:
        blocks.append(context(f":information_source: {escape(answer.notice)}"))
    if answer.citations:
        blocks.append(sources([(c.bp_id, c.title, c.url) for c in answer.citations]))
    if answer.turn_id is not None:
        value = str(answer.turn_id)
        blocks.append(
            {
                "type": "actions",
                "block_id": f"feedback:{value}",
                "elements": [button("👍", FEEDBACK_UP, value), button("👎", FEEDBACK_DOWN, value)],
            }
        )
    return blocks


def side_answer_blocks(side: SideAnswer) -> list[Block]:
    urls = {c.bp_id: c.url for c in side.citations if c.url}
    blocks = [context(f":speech_balloon: Side question: _{escape(side.question)}_ (the review keeps its place)")]
    cited = [(c.bp_id, c.title, c.url) for c in side.citations if c.url]
    # the Sources context below lists them with the attribution: the text's own plain-text copy would repeat both
    blocks += sections(_without_sources(side.text) if cited else side.text, urls)
    return blocks + ([sources(cited)] if cited else [])


def _without_sources(text: str) -> str:
    """The text without a trailing plain-text "Sources:" list and the AWS attribution (as the composer writes them)."""
    text = text.replace(ATTRIBUTION, "").rstrip()
    head, found, tail = text.rpartition("Sources:\n")
    if found and tail.strip() and all(line.startswith("- [") for line in tail.strip().splitlines()):
        return head.rstrip() or text
    return text


def messages(blocks: list[Block], limit: int = MAX_BLOCKS, max_chars: int = MAX_MESSAGE_CHARS) -> list[list[Block]]:
    """Blocks cut into messages of at most `limit` blocks and about `max_chars` of JSON each. The size bound keeps
    a button's block_actions payload (which carries its whole message back) under the app's request body limit."""
    out: list[list[Block]] = [[]]
    size = 0
    for block in blocks:
        block_size = len(json.dumps(block))
        if out[-1] and (len(out[-1]) >= limit or size + block_size > max_chars):
            out.append([])
            size = 0
        out[-1].append(block)
        size += block_size
    return out


def fallback_text(blocks: Sequence[Block]) -> str:
    """The plain `text` Slack shows in notifications for a message made of `blocks` (links reduced to their labels,
    so cutting it short cannot leave half a link)."""
    for block in blocks:
        text = str(block.get("text", {}).get("text") or "") if block.get("type") == "section" else ""
        text = _LINK.sub(lambda m: m.group(1), text)
        if text:
            return text if len(text) <= FALLBACK_CHARS else text[: FALLBACK_CHARS - 1] + "…"
    return "ML Lens Assistant"


def feedback_done(rating: int) -> Block:
    return context("Thanks, noted 👍" if rating > 0 else "Thanks, noted 👎 — it helps us improve the answers.")
