"""Review fixtures: the tiny lens (MLOPS01, MLOPS02, MLSEC03, MLSEC04), its interview fixtures, a scripted mapper,
a service over the in-memory store with a fixed clock and sequential IDs, and the shipped answer mapping."""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.lens.interview import Interview, QuestionContent, load_interview
from app.lens.loader import load_lens
from app.lens.models import Lens, Question
from app.review.embedding_mapper import EmbeddingMapper, MappingConfig
from app.review.machine import ReviewContext
from app.review.mapping import MappingResult
from app.review.models import UNDETERMINED, BPAnswer, BPStatus, Provenance, WorkloadProfile
from app.reviewing.service import ReviewService
from app.reviewing.store import MemoryReviewStore
from app.services import AnswerMapping, build_answer_mapping
from app.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


class ScriptedMapper:
    """Maps an answer text to scripted statuses: {text: {bp_id: status}}; anything else maps to nothing."""

    name = "scripted"

    def __init__(self, script: Mapping[str, Mapping[str, BPStatus]] | None = None) -> None:
        self.script = dict(script or {})
        self.calls: list[tuple[str, str]] = []

    def map_answer(self, question: Question, content: QuestionContent, text: str) -> MappingResult:
        self.calls.append((question.id, text))
        statuses = self.script.get(text, {})
        practices = {
            bp.id: (
                BPAnswer(status=statuses[bp.id], provenance=Provenance.USER_STATED, confidence=0.8, quote=text)
                if bp.id in statuses
                else UNDETERMINED
            )
            for bp in question.best_practices
        }
        return MappingResult(practices=practices, mapper=self.name)


@pytest.fixture(scope="session")
def lens() -> Lens:
    return load_lens(FIXTURES / "corpus")


@pytest.fixture(scope="session")
def interview(lens: Lens) -> Interview:
    return load_interview(FIXTURES / "prompts" / "interview", lens)


@pytest.fixture
def mapper() -> ScriptedMapper:
    return ScriptedMapper(
        {
            "we do all of it": {
                "MLOPS01-BP01": BPStatus.IMPLEMENTED,
                "MLOPS01-BP02": BPStatus.IMPLEMENTED,
                "MLOPS01-BP03": BPStatus.IMPLEMENTED,
            },
            "skills yes, explainability no": {
                "MLOPS01-BP01": BPStatus.IMPLEMENTED,
                "MLOPS01-BP02": BPStatus.NOT_IMPLEMENTED,
            },
            "monitoring partly": {"MLOPS01-BP03": BPStatus.PARTIALLY_IMPLEMENTED},
        }
    )


@pytest.fixture
def ctx(lens: Lens, interview: Interview, mapper: ScriptedMapper) -> ReviewContext:
    return ReviewContext(lens, interview, mapper)


@pytest.fixture
def profile() -> WorkloadProfile:
    return WorkloadProfile(name="Churn model", ml_use_case="predict churn")


@pytest.fixture
def service(lens: Lens, interview: Interview, mapper: ScriptedMapper) -> ReviewService:
    ids = (f"rev{n}" for n in itertools.count(1))
    return ReviewService(lens, interview, mapper, MemoryReviewStore(), clock=lambda: NOW, new_id=lambda: next(ids))


@pytest.fixture(scope="module")
def mapping(full_settings: Settings) -> AnswerMapping:
    """The shipped answer mapping (real model, interview content): answers read as the product reads them."""
    return build_answer_mapping(full_settings)


@contextmanager
def mapping_config(mapping: AnswerMapping, **changes: Any) -> Iterator[AnswerMapping]:
    """`mapping` with its embedding mapper's settings changed (`dataclasses.replace`) inside the block, and the shipped
    settings back after it; the per-question cache is cleared on the way in and out."""
    shipped = mapping.embedding.config
    mapping.embedding.config = dataclasses.replace(shipped, **changes)
    mapping.embedding._cache.clear()
    try:
        yield mapping
    finally:
        mapping.embedding.config = shipped
        mapping.embedding._cache.clear()


@functools.cache
def _attribution_mapper(base: EmbeddingMapper, config: MappingConfig, on: bool) -> EmbeddingMapper:
    """A mapper like `base` (with its current `config`) and the learned attribution on or off, built once per mapper
    and settings: the attribution's weights are loaded only when the config uses them, and its references are
    embedded once."""
    return EmbeddingMapper(base.embedder, dataclasses.replace(config, learned_attribution=on), elsewhere=base.elsewhere)


def with_attribution(mapping: AnswerMapping, question_id: str, answer: str, *, on: bool = True) -> dict[str, BPStatus]:
    """The shipped mapper's reading with the learned attribution switched on (off in the MiniLM preset: switched on in
    sessions 26 and 27, off again at both merges) or off."""
    mapper = _attribution_mapper(mapping.embedding, mapping.embedding.config, on)
    question = mapping.lens.question(question_id)
    assert question is not None
    result = mapper.map_answer(question, mapping.interview.content(question), answer)
    return {bp_id: proposal.status for bp_id, proposal in result.practices.items()}
