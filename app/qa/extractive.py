"""The `none`-mode composer: an answer made of the lens sentences that best answer the question, each labelled with the
section it came from and followed by its BP citation, under one heading per practice (title, pillar, phase, risk),
with source URLs and the AWS attribution. PURE: no I/O (the embedder is a port; its lens sentences are precomputed).

Sentences must stand alone: one that opens by referring back ("This baseline…", "These include…", "It also…") is
quoted together with the sentence before it on the same line, or not at all. Near-duplicates (cosine > 0.9) are
quoted once. Within a practice, sentences come in the order of their relevance to the question.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from app.lens.models import ATTRIBUTION, BestPractice, Lens, Section
from app.qa.models import Citation
from app.retrieval.base import BPHit, Embedder, SearchResult
from app.retrieval.chunking import SECTION_LABELS
from app.retrieval.lexical import tokens
from app.retrieval.sentences import QUOTED_SECTIONS, clean, split_lines, split_sentences

__all__ = ["Composed", "compose_extractive", "dangles", "sources_paragraph", "split_sentences"]

MAX_BPS = 3
SENTENCES_PER_BP = 2  # quoted units (a sentence, or a sentence with the one it refers back to) per practice
SENTENCES_FOR_BEST_BP = 3  # the practice that matches best gets one more
NEAR_DUPLICATE = 0.9  # cosine above which two sentences say the same thing
MIN_WORDS = 8  # shorter sentences are step titles and labels ("Set up secure inference API endpoints."), not answers
HEADER = "From the AWS Well-Architected Machine Learning Lens (extractive answer: quoted lens text, no language model):"
_SECTION_WEIGHT = {
    Section.DESIRED_OUTCOME: 0.12,
    Section.GUIDANCE: 0.08,
    Section.STEPS: 0.08,
    Section.INTRO: 0.1,
    Section.BENEFITS: 0.02,
    Section.OVERVIEW: 0.05,
    Section.ANTI_PATTERNS: -0.05,  # what not to do answers a question less directly than what to do
}
_LABEL = SECTION_LABELS | {Section.ANTI_PATTERNS: "Anti-pattern to avoid"}
# Openers that refer back to something said before; "It is important to …" and the like do not.
_REFERS_BACK = re.compile(r"^(?:this|these|that|those|it|its|they|their|them|such|similarly|once identified)\b", re.I)
_EXPLETIVE_IT = re.compile(
    r"^it(?:'s| is) (?:\w+ )?(?:important|essential|critical|crucial|necessary|recommended|advisable|possible|helpful|"
    r"useful|common|good|best|vital|key|worth)\b",
    re.I,
)


def dangles(sentence: str) -> bool:
    """True when `sentence` opens by referring back to something it does not say itself."""
    return bool(_REFERS_BACK.match(sentence)) and not _EXPLETIVE_IT.match(sentence)


@dataclass(frozen=True)
class Composed:
    paragraphs: tuple[str, ...]  # streamed one by one; joined with blank lines they are the answer
    citations: tuple[Citation, ...]
    quoted: tuple[tuple[str, ...], ...] = ()  # the lens sentences of each quoted line, in answer order

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class _Sentence:
    text: str  # one sentence, or a sentence preceded by the one it refers back to
    parts: tuple[str, ...]  # the lens sentences `text` is made of
    section: Section
    order: int
    score: float
    labelled: bool = True  # False when the text already says where it comes from


def compose_extractive(question: str, result: SearchResult, lens: Lens, embedder: Embedder | None = None) -> Composed:
    """Compose from the in-scope hits of `result` (the caller has already refused out-of-scope questions). With an
    embedder, sentences are ranked by meaning as well as words and near-duplicates are dropped."""
    paragraphs = [HEADER]
    citations: list[Citation] = []
    id_hits = [h for h in result.hits if h.relevance >= 1.0] if result.route == "id" else []
    if len(id_hits) > MAX_BPS:  # a question ID: one line per best practice
        return _overview(id_hits, lens, paragraphs)
    hits = id_hits or [h for h in result.hits if h.relevance >= result.threshold][:MAX_BPS] or list(result.hits[:1])
    known = result.query_vector(embedder.name) if embedder is not None and result.query == question else None
    ranker = _Ranker(question, embedder, known)
    quoted: list[tuple[str, ...]] = []
    for hit in hits:
        bp = lens.best_practice(hit.bp_id)
        chosen = _summary_sentences(bp) if result.route == "id" and bp else ranker.best(hit, bp)
        if not chosen:
            continue
        lines = [f"- {_label(s)}{s.text} [{hit.bp_id}]" for s in chosen]
        quoted += [s.parts for s in chosen]
        paragraphs.append("\n".join([_heading(hit), *lines]))
        for section in dict.fromkeys(s.section for s in chosen):
            texts = [s.text for s in chosen if s.section is section]
            citations.append(
                Citation(
                    bp_id=hit.bp_id,
                    title=hit.title,
                    section=section,
                    url=hit.url,
                    quote=" ".join(texts),
                    risk=hit.risk,
                )
            )
    paragraphs.append(sources_paragraph(citations))
    return Composed(tuple(paragraphs), tuple(citations), tuple(quoted))


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
    pages = dict.fromkeys((c.bp_id, c.title, c.url) for c in citations)
    lines = ["Sources:"] + [f"- [{bp_id}] {title}: {url}" for bp_id, title, url in pages]
    return "\n".join(lines) + "\n\n" + ATTRIBUTION


def _heading(hit: BPHit) -> str:
    facts = [hit.pillar.title] if hit.pillar else []
    facts += [hit.phase.value] if hit.phase else []
    if hit.risk:
        facts.append(f"{hit.risk.value} risk if not established")
    suffix = f" ({' · '.join(facts)})" if facts else ""
    return f"**{hit.bp_id} {hit.title}**{suffix}"


def _label(sentence: _Sentence) -> str:
    return f"{_LABEL[sentence.section]}: " if sentence.labelled and sentence.section in _LABEL else ""


class _Ranker:
    """Scores candidate sentences against one question, and remembers what was quoted to skip near-duplicates."""

    def __init__(self, question: str, embedder: Embedder | None, vector: NDArray[np.float32] | None = None) -> None:
        """`vector`: the question's embedding by `embedder`'s model when the retriever already made it."""
        self._embedder = embedder
        self._wanted = set(tokens(question))
        if embedder is None:
            self._question: NDArray[np.float32] | None = None
        else:
            self._question = vector if vector is not None else embedder.embed([question])[0]
        self._quoted: list[NDArray[np.float32]] = []
        self._quoted_texts: set[str] = set()
        self._first = True

    def best(self, hit: BPHit, bp: BestPractice | None) -> list[_Sentence]:
        candidates = _candidates(hit, bp)
        if not candidates:
            return []
        vectors = self._vectors(candidates)
        retrieved = {p.passage.section for p in hit.passages}
        scored = []
        for n, unit in enumerate(candidates):
            overlap = len(self._wanted & set(tokens(unit.text))) / math.sqrt(max(len(self._wanted), 1))
            meaning = (
                float((vectors[n] @ self._question).max()) if vectors is not None and self._question is not None else 0
            )
            bonus = _SECTION_WEIGHT.get(unit.section, 0.0) + (0.03 if unit.section in retrieved else 0.0)
            scored.append((meaning + 0.3 * overlap + bonus, n))
        chosen: list[_Sentence] = []
        self._first = not self._quoted_texts
        for score, n in sorted(scored, key=lambda item: (-item[0], item[1])):
            unit = candidates[n]
            if self._repeats(unit, vectors[n] if vectors is not None else None):
                continue
            chosen.append(_Sentence(unit.text, unit.parts, unit.section, unit.order, round(score, 4)))
            self._remember(unit, vectors[n] if vectors is not None else None)
            if len(chosen) == (SENTENCES_FOR_BEST_BP if self._first else SENTENCES_PER_BP):
                break
        return chosen

    def _vectors(self, candidates: list[_Sentence]) -> list[NDArray[np.float32]] | None:
        if self._embedder is None:
            return None
        parts = list(dict.fromkeys(p for unit in candidates for p in unit.parts))
        found = dict(zip(parts, self._embedder.embed(parts), strict=True))
        return [np.stack([found[p] for p in unit.parts]) for unit in candidates]

    def _repeats(self, unit: _Sentence, vectors: NDArray[np.float32] | None) -> bool:
        if any(" ".join(p.lower().split()) in self._quoted_texts for p in unit.parts):
            return True
        if vectors is None or not self._quoted:
            return False
        return bool((np.stack(self._quoted) @ vectors.T).max() > NEAR_DUPLICATE)

    def _remember(self, unit: _Sentence, vectors: NDArray[np.float32] | None) -> None:
        self._quoted_texts.update(" ".join(p.lower().split()) for p in unit.parts)
        if vectors is not None:
            self._quoted.extend(vectors)


def _candidates(hit: BPHit, bp: BestPractice | None) -> list[_Sentence]:
    """Quotable units of a practice's page (of the retrieved passages for an overview section): each sentence that
    stands alone, and each that refers back together with the sentence before it on its line."""
    if bp is not None:
        return list(_practice_units(bp))
    return _units(
        [(p.passage.section, p.passage.text) for p in hit.passages if p.passage.section is not Section.RESOURCES]
    )


@lru_cache(maxsize=512)  # a practice's page never changes while the lens is loaded; splitting it was ~1 ms an answer
def _practice_units(bp: BestPractice) -> tuple[_Sentence, ...]:
    return tuple(_units([(section, bp.section_text(section)) for section in QUOTED_SECTIONS]))


def _units(sections: list[tuple[Section, str]]) -> list[_Sentence]:
    units: list[_Sentence] = []
    for section, text in sections:
        for line in split_lines(text):
            for n, sentence in enumerate(line):
                if len(sentence.split()) < MIN_WORDS:
                    continue
                start = n
                while start > 0 and dangles(line[start]):
                    start -= 1
                if dangles(line[start]) or n - start > 1:  # nothing before it, or a chain of references: skip
                    continue
                parts = tuple(line[start : n + 1])
                units.append(_Sentence(" ".join(parts), parts, section, len(units), 0.0))
    return units


def _summary_sentences(bp: BestPractice) -> list[_Sentence]:
    """For a question naming a BP by ID: what it is, what good looks like, and its first implementation steps."""
    intro = split_sentences(bp.intro)[:2]
    out = [_Sentence(" ".join(intro), tuple(intro), Section.INTRO, 0, 1.0)] if intro else []
    outcome = split_sentences(bp.desired_outcome)[:1]
    if outcome:
        out.append(_Sentence(outcome[0], (outcome[0],), Section.DESIRED_OUTCOME, 1, 1.0))
    if bp.steps:
        steps = "; ".join(clean(s.title).rstrip(".") for s in bp.steps[:4])
        text = f"Implementation steps include: {steps}."
        out.append(_Sentence(text, (text,), Section.STEPS, 2, 1.0, labelled=False))
    return out
