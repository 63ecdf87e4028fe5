"""The `none`-mode composer: an answer made of the best sentences of the retrieved passages, each sentence followed
by its BP citation, with title, risk, source URLs and the AWS attribution. PURE: no I/O."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from app.lens.models import ATTRIBUTION, BestPractice, Lens, Section
from app.qa.models import Citation
from app.retrieval.base import BPHit, SearchResult
from app.retrieval.lexical import tokens

MAX_BPS = 3
SENTENCES_PER_BP = 2
MAX_SENTENCE_CHARS = 350
HEADER = "From the AWS Well-Architected Machine Learning Lens (extractive answer: quoted lens text, no language model):"
_SECTION_WEIGHT = {
    Section.DESIRED_OUTCOME: 0.35,
    Section.GUIDANCE: 0.3,
    Section.STEPS: 0.3,
    Section.INTRO: 0.25,
    Section.BENEFITS: 0.1,
    Section.OVERVIEW: 0.2,
    Section.ANTI_PATTERNS: 0.0,
}
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


@dataclass(frozen=True)
class Composed:
    paragraphs: tuple[str, ...]  # streamed one by one; joined with blank lines they are the answer
    citations: tuple[Citation, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class _Sentence:
    text: str
    section: Section
    order: int
    score: float


def compose_extractive(question: str, result: SearchResult, lens: Lens) -> Composed:
    """Compose from the in-scope hits of `result` (the caller has already refused out-of-scope questions)."""
    paragraphs = [HEADER]
    citations: list[Citation] = []
    id_hits = [h for h in result.hits if h.relevance >= 1.0] if result.route == "id" else []
    if len(id_hits) > MAX_BPS:  # a question ID: one line per best practice
        return _overview(id_hits, lens, paragraphs)
    hits = id_hits or [h for h in result.hits if h.relevance >= result.threshold][:MAX_BPS] or list(result.hits[:1])
    for hit in hits:
        bp = lens.best_practice(hit.bp_id)
        chosen = _summary_sentences(bp) if result.route == "id" and bp else _best_sentences(question, hit)
        if not chosen:
            continue
        body = " ".join(f"{s.text} [{hit.bp_id}]" for s in chosen)
        paragraphs.append(f"{_heading(hit)}\n{body}")
        citations.append(
            Citation(
                bp_id=hit.bp_id,
                title=hit.title,
                section=chosen[0].section,
                url=hit.url,
                quote=" ".join(s.text for s in chosen),
                risk=hit.risk,
            )
        )
    paragraphs.append(sources_paragraph(citations))
    return Composed(tuple(paragraphs), tuple(citations))


def _overview(hits: list[BPHit], lens: Lens, paragraphs: list[str]) -> Composed:
    lines, citations = [], []
    for hit in hits:
        bp = lens.best_practice(hit.bp_id)
        first = split_sentences(bp.intro)[:1] if bp else []
        risk = f" ({hit.risk.value} risk)" if hit.risk else ""
        lines.append(f"- **{hit.bp_id} {hit.title}**{risk}: {first[0] if first else ''} [{hit.bp_id}]")
        citations.append(
            Citation(
                bp_id=hit.bp_id,
                title=hit.title,
                section=Section.INTRO,
                url=hit.url,
                quote=first[0] if first else hit.title,
                risk=hit.risk,
            )
        )
    paragraphs += ["\n".join(lines), sources_paragraph(citations)]
    return Composed(tuple(paragraphs), tuple(citations))


def sources_paragraph(citations: list[Citation] | tuple[Citation, ...]) -> str:
    lines = ["Sources:"] + [f"- [{c.bp_id}] {c.title}: {c.url}" for c in citations]
    return "\n".join(lines) + "\n\n" + ATTRIBUTION


def _heading(hit: BPHit) -> str:
    facts = [hit.pillar.title] if hit.pillar else []
    facts += [hit.phase.value] if hit.phase else []
    if hit.risk:
        facts.append(f"{hit.risk.value} risk if not established")
    suffix = f" ({' · '.join(facts)})" if facts else ""
    return f"**{hit.bp_id} {hit.title}**{suffix}"


def _best_sentences(question: str, hit: BPHit) -> list[_Sentence]:
    wanted = set(tokens(question))
    candidates: list[_Sentence] = []
    for rank, passage_hit in enumerate(hit.passages):
        section = passage_hit.passage.section
        if section is Section.RESOURCES:
            continue
        for text in split_sentences(passage_hit.passage.text):
            words = tokens(text)
            if len(words) < 3:
                continue
            overlap = len(wanted & set(words)) / math.sqrt(max(len(wanted), 1))
            score = overlap + _SECTION_WEIGHT.get(section, 0.0) - 0.05 * rank
            if section is Section.ANTI_PATTERNS:
                text = f"Anti-pattern to avoid: {text}"
            candidates.append(_Sentence(text, section, len(candidates), score))
    best = sorted(candidates, key=lambda s: (-s.score, s.order))[:SENTENCES_PER_BP]
    return sorted(best, key=lambda s: s.order)


def _summary_sentences(bp: BestPractice) -> list[_Sentence]:
    """For a question naming a BP by ID: what it is, what good looks like, and its first implementation steps."""
    out = [_Sentence(s, Section.INTRO, n, 1.0) for n, s in enumerate(split_sentences(bp.intro)[:2])]
    outcome = split_sentences(bp.desired_outcome)[:1]
    if outcome:
        out.append(_Sentence(f"Desired outcome: {outcome[0]}", Section.DESIRED_OUTCOME, 2, 1.0))
    if bp.steps:
        steps = "; ".join(_clean(s.title).rstrip(".") for s in bp.steps[:4])
        out.append(_Sentence(f"Implementation steps include: {steps}.", Section.STEPS, 3, 1.0))
    return out


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage: list items and lines first, then sentence ends; links reduced to their text."""
    out: list[str] = []
    for line in text.splitlines():
        line = _clean(line)
        if not line:
            continue
        out.extend(s for s in _SENTENCE_END.split(line) if s)
    return [_truncate(s) for s in out]


def _clean(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"\*\*|__|`", "", text)
    return " ".join(text.lstrip("-*• ").split())


def _truncate(sentence: str) -> str:
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    return sentence[:MAX_SENTENCE_CHARS].rsplit(" ", 1)[0] + "…"
