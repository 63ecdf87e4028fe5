"""The scope eval's product probes and the out-of-fold cutoff of the logistic gate's calibration."""

from __future__ import annotations

import pytest

from app.evaluation.scope import PROBE_SAMPLE, Observed, calibrate, gate_decider, observe, product_probes, score
from app.knowledge import KnowledgeBase
from app.retrieval.scope import ScopeSignals
from app.settings import Settings


def test_product_probes_are_practice_wording_against_other_services_how_tos(
    full_kb: KnowledgeBase, full_settings: Settings
) -> None:
    rows = product_probes(full_kb.lens, full_settings.prompts_dir)
    inside = [r["question"] for r in rows if r["expected"]]
    outside = [r["question"] for r in rows if not r["expected"]]
    titles = {bp.title for bp in full_kb.lens.best_practices}
    assert titles <= set(inside) and len(inside) > len(titles)  # the titles and the interview's practice labels
    assert len(outside) == PROBE_SAMPLE and all(q.startswith("How do I ") and q.endswith("?") for q in outside)
    assert not [q for q in outside if "SageMaker" in q or "Bedrock" in q]
    assert rows == product_probes(full_kb.lens, full_settings.prompts_dir)  # the same sample every time
    assert len({r["id"] for r in rows}) == len(rows)
    shipped = score(observe(full_kb.retriever, rows), gate_decider(full_kb.retriever.gate))
    assert shipped["out_of_scope_refused"] > 0.9 and shipped["in_scope_refused"] < 0.05


def _row(i: int, in_scope: bool, margin: float) -> Observed:
    values = {"dense": 0.5, "margin": margin, "lexical": 0.4, "coverage": 0.8, "ml_terms": 0.3, "ml_context": 0.1}
    values |= {"coursework_or_consumer": 0.0, "other_workload": 0.0, "artifact_request": 0.0, "own_workload": 0.0}
    values |= {"domain": 0.5, "ml_object": 0.3, "infra_only": 0.0}
    group = "in_scope:paraphrase" if in_scope else "out_of_scope:infra"
    return Observed(f"{group}-{i}", group, in_scope, False, ScopeSignals(**values, override=False))


def test_the_cutoff_is_read_from_out_of_fold_probabilities() -> None:
    """The cutoff comes from probabilities of rows the scoring model did not see (here: lower than the in-sample
    one, which the fitted rows' own optimism sets), still keeping in-scope refusals on the fitted rows at most 1%;
    with fewer rows than folds in a class it falls back to the in-sample probabilities."""
    rows = [_row(i, True, 0.05 + 0.004 * i) for i in range(100)] + [_row(i, False, -0.3 + 0.004 * i) for i in range(90)]
    oof = calibrate(rows, "model-a")
    in_sample = calibrate(rows, "model-a", out_of_fold=False)
    assert oof.weights == in_sample.weights and oof.cutoff < in_sample.cutoff <= 0.5
    for gate in (oof, in_sample):
        assert sum(not gate.decide(o.signals).in_scope for o in rows if o.in_scope) <= 1
    few = rows[:100] + rows[100:103]
    assert calibrate(few, "model-a").cutoff == calibrate(few, "model-a", out_of_fold=False).cutoff


PAIRS = [  # the same verb on an infrastructure object (out of scope) and on an ML artefact (in scope)
    ("How do I rotate the KMS keys that protect our app database?", "How do I encrypt our training data at rest?"),
    (
        "How should we version the container images of our web backend?",
        "How should we version our models and training datasets?",
    ),
    (
        "Our CI pipeline logs cost too much, how do we cut CloudWatch spend?",
        "How do we keep logs of every prediction our model makes?",
    ),
    (
        "Which EC2 instances are idle in our staging account?",
        "Which instances should we use to train our model cheaply?",
    ),
]


@pytest.mark.parametrize(("infra", "lens"), PAIRS)
def test_the_shipped_gate_tells_infrastructure_objects_from_ml_artefacts(
    full_kb: KnowledgeBase, infra: str, lens: str
) -> None:
    out, inside = (full_kb.retriever.search(q) for q in (infra, lens))
    assert out.out_of_scope and out.scope_signals["infra_only"] > 0 and out.scope_signals["ml_object"] == 0
    assert not inside.out_of_scope and inside.scope_signals["ml_object"] > 0 and inside.scope_signals["infra_only"] == 0
