"""Workload profile → practices proposed as not applicable, for the user to confirm. PURE: no I/O.

The rules are deliberately few and conservative: each names the profile fact and the practices it makes moot, and a
fact the user did not state (None) never triggers one.
Proposals are `inferred` with medium confidence and a note saying why; they never reach risk unless confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.lens.models import Question
from app.review.facts import MOOT, REASON, Fact
from app.review.models import BPAnswer, BPStatus, DataSensitivity, InferenceMode, NAReason, Provenance, WorkloadProfile

PROFILE_CONFIDENCE = 0.6


@dataclass(frozen=True)
class ProfileRule:
    applies: Callable[[WorkloadProfile], bool]
    bp_ids: frozenset[str]
    reason: NAReason
    note: str


# The same table the answer mapping uses (app.review.facts): a profile field is a fact stated once for every question.
CUSTOM_TRAINING_PRACTICES = MOOT[Fact.NO_TRAINING]
MANAGED_AI_PRACTICES = MOOT[Fact.MANAGED_MODEL]  # nothing trained and nothing hosted here
REAL_TIME_ENDPOINT_PRACTICES = MOOT[Fact.BATCH_ONLY]
NO_PERSONAL_DATA_PRACTICES = MOOT[Fact.NO_PERSONAL_DATA]

RULES: tuple[ProfileRule, ...] = (
    ProfileRule(
        applies=lambda p: p.managed_ai_only is True,
        bp_ids=MANAGED_AI_PRACTICES,
        reason=REASON[Fact.MANAGED_MODEL],
        note="The profile says this workload only calls managed AI services (nothing is trained or hosted here).",
    ),
    ProfileRule(
        applies=lambda p: p.inference_mode is InferenceMode.BATCH,
        bp_ids=REAL_TIME_ENDPOINT_PRACTICES,
        reason=REASON[Fact.BATCH_ONLY],
        note="The profile says this workload only runs batch inference (no real-time endpoint).",
    ),
    ProfileRule(
        applies=lambda p: p.data_sensitivity is DataSensitivity.PUBLIC,
        bp_ids=NO_PERSONAL_DATA_PRACTICES,
        reason=REASON[Fact.NO_PERSONAL_DATA],
        note="The profile says the workload only uses public data (no personal or sensitive fields).",
    ),
)


def suggest_not_applicable(profile: WorkloadProfile, question: Question) -> dict[str, BPAnswer]:
    """BP ID → a not-applicable proposal, for the practices of `question` that the profile makes moot."""
    out: dict[str, BPAnswer] = {}
    for rule in RULES:
        if not rule.applies(profile):
            continue
        for bp in question.best_practices:
            if bp.id in rule.bp_ids and bp.id not in out:
                out[bp.id] = BPAnswer(
                    status=BPStatus.NOT_APPLICABLE,
                    provenance=Provenance.INFERRED,
                    confidence=PROFILE_CONFIDENCE,
                    na_reason=rule.reason,
                    note=rule.note,
                )
    return out
