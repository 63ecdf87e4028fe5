"""Split the lens into passages along its own structure: one per BP section (or overview section), split further
only where a section exceeds the embedding model's window. PURE: the token counter is passed in."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from app.lens.models import BestPractice, Lens, OverviewSection, Section
from app.retrieval.base import Passage
from app.retrieval.sentences import QUOTED_SECTIONS

BP_SECTIONS = (*QUOTED_SECTIONS, Section.RESOURCES)  # the sections answers quote, then the links
SECTION_LABELS = {
    Section.INTRO: "Overview",
    Section.DESIRED_OUTCOME: "Desired outcome",
    Section.ANTI_PATTERNS: "Common anti-patterns",
    Section.BENEFITS: "Benefits",
    Section.GUIDANCE: "Implementation guidance",
    Section.STEPS: "Implementation steps",
    Section.RESOURCES: "Resources",
    Section.OVERVIEW: "Lens overview",
    Section.PRACTICE_CARD: "In practice",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[(])")


def chunk_lens(
    lens: Lens,
    count_tokens: Callable[[str], int],
    max_tokens: int = 240,
    practice_cards: Mapping[str, str] | None = None,
) -> list[Passage]:
    """All passages of the lens. The embedded text of each starts with its title, and stays within `max_tokens`.

    `practice_cards` (BP ID -> the project's plain-language description) become extra, non-quotable passages.
    """
    passages: list[Passage] = []
    cards = practice_cards or {}
    for bp in lens.best_practices:
        for section in BP_SECTIONS:
            text = bp.section_text(section)
            if text.strip():
                passages.extend(_bp_passages(bp, section, text, count_tokens, max_tokens))
        if bp.id in cards:
            card = cards[bp.id]
            passages.extend(_bp_passages(bp, Section.PRACTICE_CARD, card, count_tokens, max_tokens, quotable=False))
    for part in lens.overview:
        passages.extend(_overview_passages(part, count_tokens, max_tokens))
    return passages


def _bp_passages(
    bp: BestPractice, section: Section, text: str, count: Callable[[str], int], limit: int, *, quotable: bool = True
) -> Iterator[Passage]:
    head = f"{bp.title} ({bp.id}). {SECTION_LABELS[section]}: "
    for n, piece in enumerate(split_to_fit(text, head, count, limit)):
        yield Passage(
            id=f"{bp.id}#{section.value}#{n}",
            bp_id=bp.id,
            question_id=bp.question_id,
            pillar=bp.pillar,
            phase=bp.phase,
            section=section,
            risk=bp.risk,
            title=bp.title,
            url=bp.url,
            text=piece,
            embed_text=head + piece,
            quotable=quotable,
        )


def _overview_passages(part: OverviewSection, count: Callable[[str], int], limit: int) -> Iterator[Passage]:
    head = f"ML Lens overview: {part.title}. "
    for n, piece in enumerate(split_to_fit(part.text, head, count, limit)):
        yield Passage(
            id=f"{part.id}#overview#{n}",
            bp_id=part.id,
            question_id=None,
            pillar=None,
            phase=None,
            section=Section.OVERVIEW,
            risk=None,
            title=part.title,
            url=part.url,
            text=piece,
            embed_text=head + piece,
        )


def split_to_fit(text: str, head: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Pack lines (then sentences, then words) into pieces so that count(head + piece) <= limit."""
    budget = limit - count(head)
    units = [u for line in text.splitlines() for u in _fit_unit(line, count, budget)]
    pieces: list[str] = []
    current: list[str] = []
    for unit in units:
        candidate = "\n".join([*current, unit])
        if current and count(candidate) > budget:
            pieces.append("\n".join(current))
            current = [unit]
        else:
            current.append(unit)
    if current:
        pieces.append("\n".join(current))
    return pieces


def _fit_unit(line: str, count: Callable[[str], int], budget: int) -> list[str]:
    if count(line) <= budget:
        return [line]
    out: list[str] = []
    for sentence in _SENTENCE_END.split(line):
        if count(sentence) <= budget:
            out.append(sentence)
            continue
        words: list[str] = []
        for word in sentence.split():
            if words and count(" ".join([*words, word])) > budget:
                out.append(" ".join(words))
                words = []
            words.append(word)
        if words:
            out.append(" ".join(words))
    return out
