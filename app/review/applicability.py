"""Not-applicable proposals from facts an answer states about the workload. PURE: no I/O.

The mapper hands over each clause that states a fact (`app.review.facts`). A fact's words are not read as evidence
about the practices it makes moot ("we don't train anything" is not "hyperparameters are not tuned"); those practices
are proposed as not applicable with the fact's WA Tool reason, unless another part of the answer clearly says they
are done ("we don't train, but the only notebook we pay for shuts down when idle": that practice keeps its status).
A clause saying a moot practice is not done is read as the fact's consequence ("no training here, so there are no
experiments to stop early"), not as a gap. Practices
the fact does not make moot keep the status the rest of the answer gives them. When the fact makes every practice of
the question moot, the whole question is proposed as not applicable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableSequence
from dataclasses import dataclass

from app.review.cues import Clause
from app.review.facts import MOOT, REASON, Fact, moot_practices, reason_for
from app.review.mapping import ClauseEvidence
from app.review.models import BPStatus, NAReason

# How clearly another clause must be about a moot practice to keep its own status (the mapper's "specific" strength).
KEEP_STRENGTH = 0.5
NOT_APPLICABLE_STRENGTH = 0.5
# Only doing a moot practice keeps it: a clause saying it is not done is almost always the fact's consequence ("no
# training here, so there are no experiments to stop early").
_DOING = (BPStatus.IMPLEMENTED, BPStatus.PARTIALLY_IMPLEMENTED)
# Practices whose point is using a managed or pre-trained service: a clause saying so is evidence they are done.
USING_A_SERVICE = frozenset({Fact.MANAGED_MODEL})


@dataclass(frozen=True)
class Statement:
    """A clause that states facts about the workload."""

    clause: Clause
    facts: frozenset[Fact]


def is_moot(bp_id: str, facts: frozenset[Fact]) -> bool:
    return any(bp_id in MOOT[fact] for fact in facts)


def settle(
    bp_ids: Iterable[str], evidence: Mapping[str, MutableSequence[ClauseEvidence]], statements: list[Statement]
) -> None:
    """Propose the practices the stated facts make moot as not applicable, in place, unless another clause clearly
    says they are done."""
    facts = frozenset().union(*(s.facts for s in statements)) if statements else frozenset()
    for bp_id, reason in moot_practices(facts, tuple(bp_ids)).items():
        items = evidence[bp_id]
        if any(e.primary and e.strength >= KEEP_STRENGTH and e.status in _DOING for e in items):
            continue
        clause = next(s.clause for s in statements if is_moot(bp_id, s.facts))
        items[:] = [ClauseEvidence(clause, BPStatus.NOT_APPLICABLE, NOT_APPLICABLE_STRENGTH, na_reason=reason)]


def answer_reason(statements: list[Statement]) -> NAReason | None:
    """The reason the answer's facts give, for a "none of this applies" said about the whole question."""
    return reason_for(frozenset().union(*(s.facts for s in statements))) if statements else None


__all__ = ["KEEP_STRENGTH", "REASON", "USING_A_SERVICE", "Statement", "answer_reason", "is_moot", "settle"]
