"""Session 26 (na26, docs/review-mapping.md): the learned attribution (switched on by na26, off again at the merge),
a clause that takes up the claim before it is no claim of its own to attribute, and one practice left standing by the
facts is attributed when it also leads the moot ones. Answers of our own (not eval rows, not the sets of
tests/review/data/unseen/)."""

from __future__ import annotations

import pytest

from app.review.applicability import Statement
from app.review.cues import split_clauses
from app.review.embedding_mapper import DEFAULT_CONFIG, EmbeddingMapper
from app.review.facts import stated_facts
from app.review.models import BPStatus
from app.services import AnswerMapping

from .conftest import with_attribution

_FACT = "We only send requests to a vendor's hosted model."


def _statements(answer: str) -> tuple[list, list[Statement]]:
    clauses = split_clauses(answer)
    statements = [Statement(c, f) for c in clauses if (f := stated_facts(c.text))]
    return clauses, statements


def test_the_preset_leaves_the_attribution_off() -> None:
    # switched on by na26 and by na27 (with its guards, test_attribution_session27.py), off again at both merges: each
    # time held-out's aggregates showed one more negated practice proposed implemented (docs/review-mapping.md)
    assert not DEFAULT_CONFIG.learned_attribution


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        # "Their contract …" takes up the claim before it, which states no fact: a detail of that claim
        (f"{_FACT} Reviews of its replies are done by a contractor. Their contract ran out in May.", True),
        # taking up the fact's own sentence ("It …" is the model) leaves a claim of its own
        ("It runs on the handset, nothing in the cloud. It was shrunk to 8-bit before shipping.", False),
        # a clause of its own, taking nothing up
        (f"{_FACT} Reviews of its replies are done by a contractor. Two analysts read fifty replies a week.", False),
    ],
)
def test_a_clause_taking_up_a_claim_is_a_detail_of_it(answer: str, detail: bool) -> None:
    clauses, statements = _statements(answer)
    assert statements
    assert EmbeddingMapper._detail_of_a_claim(len(clauses) - 1, clauses, statements) is detail


def test_the_first_clause_takes_nothing_up() -> None:
    clauses, statements = _statements("Their contract ran out in May.")
    assert not EmbeddingMapper._detail_of_a_claim(0, clauses, statements)


@pytest.mark.integration
def test_one_practice_left_standing_is_attributed(mapping: AnswerMapping) -> None:
    # under a vendor's model only data profiling is left of MLOPS03 (versioning is moot)
    done = f"{_FACT} Each night a script counts blank fields and out-of-range values in the day's records."
    assert with_attribution(mapping, "MLOPS03", done)["MLOPS03-BP01"] is BPStatus.IMPLEMENTED
    # a sentence about the moot practice (keeping old copies) is not attributed to the one left
    moot = "We only call a vendor's hosted model. Every file we send keeps its older copies with a date stamp."
    assert with_attribution(mapping, "MLOPS03", moot)["MLOPS03-BP01"] is not BPStatus.IMPLEMENTED


@pytest.mark.parametrize(
    ("answer", "qualified"),
    [
        ("The test boxes shut down at six, though the big one stays up all weekend.", True),
        ("The test boxes shut down at six, except the one the interns use.", True),
        ("The test boxes shut down at six, but also on every public holiday.", False),
        ("The test boxes shut down at six. Two analysts read fifty replies a week.", False),
    ],
)
def test_a_claim_set_against_after_it_is_not_plainly_done(answer: str, qualified: bool) -> None:
    assert EmbeddingMapper._qualified_after(0, split_clauses(answer)) is qualified
