"""Workload profile → practices proposed as not applicable, for the user to confirm. PURE: no I/O.

The rules are deliberately few and conservative: each names the profile fact and the practices it makes moot, and a
fact the user did not state (None) never triggers one.
Proposals are `inferred` with medium confidence and a note saying why; they never reach risk unless confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.lens.models import Question
from app.review.models import BPAnswer, BPStatus, DataSensitivity, InferenceMode, NAReason, Provenance, WorkloadProfile

PROFILE_CONFIDENCE = 0.6


@dataclass(frozen=True)
class ProfileRule:
    applies: Callable[[WorkloadProfile], bool]
    bp_ids: frozenset[str]
    reason: NAReason
    note: str


# Practices about training your own models: moot when the workload only calls managed AI services.
CUSTOM_TRAINING_PRACTICES = frozenset(
    {
        "MLSEC04-BP02",  # inter-node encryption in distributed training
        "MLPERF04-BP06",  # transfer-learning weaknesses
        "MLPERF06-BP05",  # automated re-training
        "MLPERF06-BP06",  # data and features for retraining
        "MLCOST03-BP01",  # labelling training data
        "MLCOST04-BP01",  # training instance sizes
        "MLCOST04-BP03",  # local training for small experiments
        "MLCOST04-BP04",  # choosing an ML framework
        "MLCOST04-BP05",  # AutoML
        "MLCOST04-BP06",  # managed training jobs
        "MLCOST04-BP07",  # distributed training
        "MLCOST04-BP09",  # start training on small datasets
        "MLCOST04-BP10",  # warm start and checkpointing
        "MLCOST04-BP11",  # hyperparameter optimisation
        "MLCOST04-BP13",  # data and compute proximity for training
        "MLCOST04-BP14",  # choosing algorithms
        "MLSUS04-BP01",  # stop training at a good-enough target
        "MLSUS04-BP02",  # energy-efficient algorithms
        "MLSUS04-BP04",  # efficient tuning
        "MLSUS06-BP02",  # retrain only when necessary
    }
)

# Practices about real-time endpoints: moot for batch-only inference.
REAL_TIME_ENDPOINT_PRACTICES = frozenset(
    {
        "MLREL05-BP01",  # endpoint autoscaling
        "MLCOST06-BP03",  # endpoint utilisation and fleet size
        "MLSUS05-BP04",  # several models behind one endpoint
    }
)

RULES: tuple[ProfileRule, ...] = (
    ProfileRule(
        applies=lambda p: p.managed_ai_only is True,
        bp_ids=CUSTOM_TRAINING_PRACTICES,
        reason=NAReason.ARCHITECTURE_CONSTRAINTS,
        note="The profile says this workload only calls managed AI services (no custom training).",
    ),
    ProfileRule(
        applies=lambda p: p.inference_mode is InferenceMode.BATCH,
        bp_ids=REAL_TIME_ENDPOINT_PRACTICES,
        reason=NAReason.ARCHITECTURE_CONSTRAINTS,
        note="The profile says this workload only runs batch inference (no real-time endpoint).",
    ),
    ProfileRule(
        applies=lambda p: p.data_sensitivity is DataSensitivity.PUBLIC,
        bp_ids=frozenset({"MLSEC03-BP03"}),
        reason=NAReason.OUT_OF_SCOPE,
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
