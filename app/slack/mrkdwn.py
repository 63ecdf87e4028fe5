"""Markdown (as the answer composer writes it) to Slack mrkdwn, safely, and splitting into Slack-sized pieces. PURE.

Safe means: `&`, `<` and `>` are escaped so no text can form a Slack control sequence (`<!channel>`, `<@U…>`,
`<url|label>`); the only links are the ones built here, from http(s) URLs, so none is broken; `@channel`, `@here`
and `@everyone` are broken with a word joiner so they never notify anyone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.lens.ids import BP_ID, QUESTION_ID

SECTION_LIMIT = 3000  # characters of text in one section block
_WORD_JOINER = "\u2060"
_TOKEN = re.compile(
    r"\[(?P<label>[^\]\n]{1,300})\]\((?P<url>[^)\s]{1,2000})\)"  # [label](url)
    r"|(?P<bare>https?://[^\s<>()\]]+[^\s<>()\].,;:!?'\"])"  # a bare URL (trailing punctuation excluded)
    rf"|\[(?P<ref>{BP_ID}|{QUESTION_ID})\]"  # a citation marker like [MLSEC03-BP02]
)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_SAFE_URL = re.compile(r"^https?://[^\s<>|\"'`]+$", re.IGNORECASE)


def escape(text: str) -> str:
    """Plain text made inert in mrkdwn: control characters escaped, broadcast mentions broken."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: f"@{_WORD_JOINER}{m.group(1)}", text)


def link(url: str, label: str) -> str:
    """`<url|label>` for an http(s) URL; otherwise the escaped label alone (a link that cannot break)."""
    safe_label = escape(label).replace("|", "¦") or escape(url)
    if not _SAFE_URL.match(url):
        return safe_label
    return f"<{url.replace('&', '&amp;')}|{safe_label}>"


def to_mrkdwn(markdown: str, citation_urls: Mapping[str, str] | None = None) -> str:
    """Convert Markdown to safe Slack mrkdwn: **bold** and headings become *bold*, [label](url) becomes a Slack
    link, a citation marker [BP-ID] becomes a link to its AWS page when `citation_urls` knows it."""
    urls = citation_urls or {}
    out: list[str] = []
    position = 0
    for match in _TOKEN.finditer(markdown):
        out.append(_format(markdown[position : match.start()]))
        if match.group("url"):
            out.append(link(match.group("url"), match.group("label")))
        elif match.group("bare"):
            out.append(link(match.group("bare"), match.group("bare")))
        else:
            ref = match.group("ref")
            out.append(f"[{link(urls[ref], ref)}]" if ref in urls else escape(match.group(0)))
        position = match.end()
    out.append(_format(markdown[position:]))
    return "".join(out)


def _format(text: str) -> str:
    text = escape(text)
    text = _HEADING.sub(lambda m: f"*{m.group(1)}*", text)
    return _BOLD.sub(lambda m: f"*{m.group(1) or m.group(2)}*", text)


def split(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, then line, then word boundaries, never inside a
    `<…>` link or an `&…;` escape."""
    pieces: list[str] = []
    for separator in ("\n\n", "\n", " "):
        if len(text) <= limit:
            break
        cut = _last_safe(text, separator, limit)
        if cut > 0:
            head, rest = text[:cut].rstrip(), text[cut + len(separator) :]
            return [head, *split(rest, limit)] if head else split(rest, limit)
    if len(text) <= limit:
        return [text] if text.strip() else pieces
    cut = _last_safe(text, "", limit) or limit  # one unbroken run (or one token) longer than the limit
    return [text[:cut], *split(text[cut:], limit)]


def _last_safe(text: str, separator: str, limit: int) -> int:
    """The last index <= limit where `separator` starts (or any character boundary, if empty) outside a token."""
    safe = _outside_tokens(text[: limit + 1])
    for index in range(min(limit, len(text)), 0, -1):
        if not safe[index]:
            continue
        if not separator or text.startswith(separator, index):
            return index
    return 0


def _outside_tokens(text: str) -> list[bool]:
    """For each index, whether a cut there falls outside `<…>` and `&…;`."""
    safe = [True] * (len(text) + 1)
    for match in re.finditer(r"<[^>]*>|&[a-z]+;", text):
        for index in range(match.start() + 1, match.end()):
            safe[index] = False
    # An unterminated `<…` running past the end is unsafe too.
    opening = text.rfind("<")
    if opening > text.rfind(">"):
        for index in range(opening + 1, len(text) + 1):
            safe[index] = False
    return safe
