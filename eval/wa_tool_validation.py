"""Validate the WA Tool exports against botocore's service model: the custom lens (ImportLens, documented limits) and
every UpdateAnswer request of N random full 35-question reviews (botocore's own parameter validation plus the model's
lengths, enums and patterns), and the exported risk rules against app/review/risk.py on the same answers.

    .venv/bin/python eval/wa_tool_validation.py [--reviews 200] [--seed 0]

Target (issue 14): 100% of answer payloads from a full 35-question review validate against the service model.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import UTC, datetime
from pathlib import Path

import botocore.session
from botocore.validate import ParamValidator

from app.findings.report import build_report
from app.lens.interview import load_interview
from app.lens.loader import load_lens
from app.lens.models import Lens
from app.review.models import (
    BPAnswer,
    BPStatus,
    NAReason,
    Provenance,
    QuestionAnswer,
    Review,
    ReviewOrder,
    ReviewScope,
    WorkloadProfile,
    ordered_questions,
)
from app.wa_tool.answers import update_answer_requests
from app.wa_tool.aws import request_problems
from app.wa_tool.custom_lens import build_custom_lens, check_lens_limits
from app.wa_tool.risk_rules import RiskRule, RuleRisk, evaluate

REPO = Path(__file__).resolve().parent.parent
WORKLOAD = "0" * 32
ALIAS = "arn:aws:wellarchitected:us-east-1:123456789012:lens/" + "a" * 32
WORDS = ["we", "retrain", "weekly", "on Spot", "drift alarms", "a feature store", "ünïcode", "<b>html</b>", "|"]


def random_review(lens: Lens, rng: random.Random, review_id: str) -> Review:
    """A full review: every question confirmed, with random statuses and provenances, quotes of random length up to the
    store's limit (markup, a pipe and non-ASCII letters among the words), reasons, notes; some questions not
    applicable. Also the review of tests/wa_tool (one home, loaded there with tests/support/eval_scripts.py)."""
    answers = {}
    for question in lens.questions:
        practices = {}
        for bp in question.best_practices:
            status = rng.choice(list(BPStatus))
            quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 700)))[:3990]
            practices[bp.id] = BPAnswer(
                status=status,
                provenance=rng.choice(list(Provenance)),
                confidence=rng.random(),
                quote=quote,
                na_reason=rng.choice(list(NAReason)) if status is BPStatus.NOT_APPLICABLE else None,
                note=quote[: rng.randint(0, 1999)] if rng.random() < 0.3 else "",
            )
        na = rng.random() < 0.15
        answers[question.id] = QuestionAnswer(
            question_id=question.id,
            practices=practices,
            not_applicable=na,
            na_reason=rng.choice([None, *NAReason]) if na else None,
            notes=" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 400)))[:2000],
            confirmed=True,
        )
    return Review(
        id=review_id,
        profile=WorkloadProfile(name="eval"),
        scope=ReviewScope(),
        lens_version=lens.version,
        corpus_hash=lens.corpus_hash,
        question_ids=ordered_questions(lens, ReviewScope(), ReviewOrder.PHASE_FIRST),
        cursor=None,
        answers=answers,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reviews", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    lens = load_lens(REPO / "corpus")
    doc = build_custom_lens(lens, load_interview(REPO / "prompts" / "interview", lens))
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    model = botocore.session.get_session().get_service_model("wellarchitected")
    validator = ParamValidator()
    import_lens = model.operation_model("ImportLens").input_shape
    lens_problems = check_lens_limits(doc, len(text.encode()))
    lens_report = validator.validate({"JSONString": text, "ClientRequestToken": "t"}, import_lens)
    lens_problems += [lens_report.generate_report()] if lens_report.has_errors() else []
    rules = {
        q["id"]: [RiskRule(r["condition"], RuleRisk(r["risk"])) for r in q["riskRules"]]
        for p in doc["pillars"]
        for q in p["questions"]
    }
    update_answer = model.operation_model("UpdateAnswer").input_shape
    rng = random.Random(args.seed)
    total = valid = risk_agree = risk_checked = 0
    failures: list[str] = []
    for n in range(args.reviews):
        report = build_report(lens, random_review(lens, rng, f"eval-{n}"), generated_at=datetime.now(UTC))
        risks = {row.question_id: row.risk for row in report.questions}
        for request in update_answer_requests(report):
            params = {"WorkloadId": WORKLOAD, "LensAlias": ALIAS, **request}
            total += 1
            problems = request_problems(update_answer, params, "UpdateAnswer")
            botocore_report = validator.validate(params, update_answer)
            if botocore_report.has_errors():
                problems.append(botocore_report.generate_report())
            if problems:
                failures.append(f"{request['QuestionId']}: {problems[0]}")
            else:
                valid += 1
            if request.get("IsApplicable", True):
                na = {c for c, u in request["ChoiceUpdates"].items() if u["Status"] == "NOT_APPLICABLE"}
                got = evaluate(rules[request["QuestionId"]], request["SelectedChoices"], na).question_risk
                risk_checked += 1
                risk_agree += got is risks[request["QuestionId"]]
    print(
        json.dumps(
            {
                "lens": {"bytes": len(text.encode()), "problems": lens_problems},
                "answers": {
                    "reviews": args.reviews,
                    "requests": total,
                    "valid": valid,
                    "valid_share": round(valid / total, 4) if total else None,
                    "failures": failures[:5],
                },
                "risk_rules_vs_risk_py": {"checked": risk_checked, "agree": risk_agree},
                "seconds": round(time.perf_counter() - started, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
