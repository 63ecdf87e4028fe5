"""Retrieval types and ports: Passage, SearchFilters, BPHit, SearchResult, Embedder. PURE: no I/O."""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from app.lens.models import Phase, PillarId, Risk, Section


class Passage(BaseModel):
    """One indexed piece of lens text: a BP section (or part of one) or an overview section."""

    model_config = ConfigDict(frozen=True)

    id: str  # e.g. "MLSEC03-BP02#implementation_steps#2"
    bp_id: str  # the BP (or OVERVIEW-<SLUG>) it belongs to
    question_id: str | None
    pillar: PillarId | None
    phase: Phase | None
    section: Section
    risk: Risk | None
    title: str
    url: str
    text: str  # what users see and what citations quote
    embed_text: str  # what is embedded: leads with the BP title
    quotable: bool = (
        True  # False for practice cards (our own words): they help matching but are never shown as lens text
    )


class SearchFilters(BaseModel):
    model_config = ConfigDict(frozen=True)

    pillars: tuple[PillarId, ...] = ()
    phases: tuple[Phase, ...] = ()
    question_ids: tuple[str, ...] = ()
    risks: tuple[Risk, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.pillars or self.phases or self.question_ids or self.risks)

    def admits(self, p: Passage) -> bool:
        return (
            (not self.pillars or p.pillar in self.pillars)
            and (not self.phases or p.phase in self.phases)
            and (not self.question_ids or p.question_id in self.question_ids)
            and (not self.risks or p.risk in self.risks)
        )


class PassageHit(BaseModel):
    model_config = ConfigDict(frozen=True)

    passage: Passage
    score: float  # fused score of this passage
    cosine: float  # dense similarity of this passage to the query


HitMatch = Literal["id", "same_question", "ranked"]


class BPHit(BaseModel):
    """One result: a BP (or overview section) with its best passages."""

    model_config = ConfigDict(frozen=True)

    bp_id: str
    question_id: str | None
    pillar: PillarId | None
    phase: Phase | None
    risk: Risk | None
    title: str
    url: str
    score: float = Field(description="ranking score (fused); comparable within one query only")
    relevance: float = Field(description="0..1; how likely this result answers the query; gate on this")
    passages: tuple[PassageHit, ...]
    match: HitMatch = Field(
        "ranked",
        description="why it is listed: `id` (the query names it), `same_question` (another practice of the question "
        "of a practice the query names), `ranked` (dense + BM25 ranking)",
    )


class SearchResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    query: str
    route: str  # "id" | "hybrid"
    hits: tuple[BPHit, ...]
    out_of_scope: bool
    threshold: float  # hits at or above this relevance are quoted
    scope_reason: Literal["override", "off_topic"] | None = Field(
        None, description="why the query is out of scope: an instruction-override attempt, or not about the lens"
    )
    scope_probability: float = Field(1.0, description="the scope gate's estimate that the query is about the lens")
    scope_signals: dict[str, float | bool] = Field(
        default_factory=dict,
        description="what the scope gate measured; on a query refused as off topic also `other_language` (whether it "
        "reads as written in a language other than English)",
    )
    # The query's embedding and the model that made it (not serialised): a composer ranking sentences against the
    # same question with the same model reuses it instead of embedding the question a second time.
    _query_vector: tuple[str, bytes] | None = PrivateAttr(None)
    # The text the retriever read the query as, when it differs (not serialised): see `read_as`.
    _read_as: str | None = PrivateAttr(None)

    def remember_query_vector(self, model: str, vector: NDArray[np.float32], read_as: str | None = None) -> None:
        """`vector`: the embedding by `model` of the text the retriever read (`read_as`, when it is not `query`)."""
        self._query_vector = (model, np.asarray(vector, dtype=np.float32).reshape(-1).tobytes())
        self._read_as = read_as if read_as != self.query else None

    @property
    def read_as(self) -> str:
        """The text the retriever ranked and gated for `query`: without a reviewer persona opening it and with its
        misspelt words spelt right (app/retrieval/persona.py, app/retrieval/typos.py), or `query` itself. A composer
        answering the same question reads it the same way."""
        return self._read_as or self.query

    def query_vector(self, model: str) -> NDArray[np.float32] | None:
        """The query's embedding by `model` (shape (dimension,)), if the retriever recorded one from that model."""
        if self._query_vector is None or self._query_vector[0] != model:
            return None
        return np.frombuffer(self._query_vector[1], dtype=np.float32)


@runtime_checkable
class InteractionScorer(Protocol):
    """An embedder that also scores texts against a question by late interaction of their word pieces
    (PrecomputedEmbedder with the index's app/retrieval/sentence_tokens.py store)."""

    interacts: bool  # whether it has word-piece vectors of the lens sentences to score with

    def interaction_scores(self, question: str, texts: list[str]) -> NDArray[np.float64] | None: ...


@runtime_checkable
class JudgeScorer(Protocol):
    """An embedder that also scores texts against a question by the line judge (PrecomputedEmbedder with the index's
    app/retrieval/line_judge.py store): the cosine of their vectors through the tuned last layer."""

    judges: bool  # whether it has the lens sentences' tuned vectors to score with

    def judge_scores(self, question: str, texts: list[str]) -> NDArray[np.float64] | None: ...


class Embedder(Protocol):
    """Turns text into L2-normalised float32 vectors; `name`/`dimension` are recorded in the index manifest."""

    name: str
    dimension: int
    max_tokens: int

    def warm_up(self) -> None: ...

    def embed(self, texts: list[str], *, show_progress: bool = False) -> NDArray[np.float32]: ...

    def count_tokens(self, text: str) -> int: ...
