"""The ML lens in the WA Tool custom lens JSON format (schemaVersion 2021-11-01), and a check of its documented limits.
PURE: takes the parsed Lens and the project's interview wording, returns plain JSON-ready dicts.

Choice titles are the lens's BP ID and title; descriptions are the project's own plain-language labels
(prompts/interview), clearly not AWS text. Helpful resource and improvement plan link each practice's AWS page.
"""

from __future__ import annotations

import re
from typing import Any

from app.lens.interview import Interview
from app.lens.models import ATTRIBUTION, DOCS_BASE_URL, LENS_NAME, Lens, PillarId, Question
from app.wa_tool.ids import NONE_SUFFIX, choice_id, is_valid_id, none_choice_id
from app.wa_tool.risk_rules import DEFAULT, RuleRisk, condition_ids, risk_rules

SCHEMA_VERSION = "2021-11-01"
CUSTOM_LENS_NAME = "Machine Learning Lens (ML Lens Assistant)"

# The WA Tool's documented limits: user guide "Lens format specification" and the API reference (ImportLens,
# Choice); the API's choice ID limit (64) is tighter than the format's (128), so the export keeps to 64.
MAX_LENS_NAME = 128
MAX_LENS_DESCRIPTION = 2048
MAX_PILLARS = 10
MAX_QUESTIONS_PER_PILLAR = 20
MAX_CHOICES_PER_QUESTION = 15  # including "None of these"
MAX_RISK_RULES = 3
MAX_TITLE = 128  # pillar name, question title, choice title
MAX_QUESTION_DESCRIPTION = 2048
MAX_CHOICE_DESCRIPTION = 1024
MAX_DISPLAY_TEXT = 2048  # helpful resource / improvement plan text
MAX_LENS_JSON_BYTES = 500_000  # ImportLens JSONString

# The Framework's pillar IDs, so WA Tool reports group the lens's questions under the usual pillars.
WA_PILLAR_IDS = {
    PillarId.OPS: "operationalExcellence",
    PillarId.SEC: "security",
    PillarId.REL: "reliability",
    PillarId.PERF: "performance",
    PillarId.COST: "costOptimization",
    PillarId.SUS: "sustainability",
}


def build_custom_lens(lens: Lens, interview: Interview) -> dict[str, Any]:
    """The whole lens as a WA Tool custom lens document (pillars in lens order)."""
    return {
        "schemaVersion": SCHEMA_VERSION,
        "name": CUSTOM_LENS_NAME,
        "description": fit(
            f"{LENS_NAME} ({lens.version}; corpus {lens.corpus_hash[:12]}) as a custom lens exported by ML Lens "
            "Assistant: one question per pillar and lifecycle phase, one choice per best practice. Question wording "
            f"and choice descriptions are the project's own, not AWS text. {ATTRIBUTION}",
            MAX_LENS_DESCRIPTION,
        ),
        "pillars": [
            {
                "id": WA_PILLAR_IDS[pillar.id],
                "name": pillar.name,
                "questions": [_question(q, interview) for q in pillar.questions],
            }
            for pillar in lens.pillars
        ],
    }


def _question(question: Question, interview: Interview) -> dict[str, Any]:
    content = interview.content(question)
    choices: list[dict[str, Any]] = [
        {
            "id": choice_id(bp.id),
            "title": fit(f"{bp.id} {bp.title}", MAX_TITLE),
            "description": fit(f"{content.practices[bp.id].label} ({bp.risk.value} risk).", MAX_CHOICE_DESCRIPTION),
            "helpfulResource": {
                "displayText": fit(f"{bp.id} {bp.title}: {bp.intro}", MAX_DISPLAY_TEXT),
                "url": bp.url,
            },
            "improvementPlan": {
                "displayText": fit(f"Aim for: {bp.desired_outcome} See {bp.id} for the steps.", MAX_DISPLAY_TEXT),
                "url": bp.url,
            },
        }
        for bp in question.best_practices
    ]
    choices.append(
        {
            "id": none_choice_id(question.id),
            "title": "None of these",
            "helpfulResource": {
                "displayText": "Choose this if your workload follows none of these practices yet.",
                "url": question.url,
            },
        }
    )
    return {
        "id": question.id,
        "title": fit(f"{question.id} {content.title}", MAX_TITLE),
        "description": fit(f"{question.pillar.title} · {question.phase.value}. {content.opening}", 2048),
        "helpfulResource": {
            "displayText": fit(f"{question.id}: {question.title}, {LENS_NAME}.", MAX_DISPLAY_TEXT),
            "url": question.url or DOCS_BASE_URL,
        },
        "choices": choices,
        "riskRules": [rule.as_json() for rule in risk_rules(question)],
    }


def fit(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut on a word boundary with an ellipsis when it is longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if text[limit - 1] != " " and space > limit // 2:  # a word is cut in two: drop it
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def check_lens_limits(doc: dict[str, Any], json_bytes: int | None = None) -> list[str]:
    """Every documented limit `doc` breaks, as readable problems (empty: the lens can be imported)."""
    check = _Checker()
    if doc.get("schemaVersion") != SCHEMA_VERSION:
        check.problems.append(f"schemaVersion must be {SCHEMA_VERSION}")
    check.length("name", doc.get("name"), MAX_LENS_NAME)
    check.length("description", doc.get("description"), MAX_LENS_DESCRIPTION)
    pillars = doc.get("pillars") or []
    if not 1 <= len(pillars) <= MAX_PILLARS:
        check.problems.append(f"{len(pillars)} pillars (1-{MAX_PILLARS})")
    if len({p.get("id") for p in pillars}) != len(pillars):
        check.problems.append("pillar IDs must be unique")
    for pillar in pillars:
        check.ident(f"pillar {pillar.get('id')}", pillar.get("id"))
        check.length(f"pillar {pillar.get('id')} name", pillar.get("name"), MAX_TITLE)
        questions = pillar.get("questions") or []
        if not 1 <= len(questions) <= MAX_QUESTIONS_PER_PILLAR:
            check.problems.append(
                f"pillar {pillar.get('id')}: {len(questions)} questions (1-{MAX_QUESTIONS_PER_PILLAR})"
            )
        for question in questions:
            check.question(question)
    if json_bytes is not None and json_bytes > MAX_LENS_JSON_BYTES:
        check.problems.append(f"lens JSON is {json_bytes} bytes (limit {MAX_LENS_JSON_BYTES})")
    return check.problems


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.question_ids: set[str] = set()

    def length(self, where: str, value: object, limit: int, *, required: bool = True) -> None:
        if not isinstance(value, str) or (required and not value.strip()):
            self.problems.append(f"{where}: missing")
        elif len(value) > limit:
            self.problems.append(f"{where}: {len(value)} characters (limit {limit})")

    def url(self, where: str, value: object) -> None:
        if not isinstance(value, str) or not re.match(r"https?://", value):
            self.problems.append(f"{where}: URL must start with http:// or https://")

    def ident(self, where: str, value: object) -> None:
        if not isinstance(value, str) or not is_valid_id(value):
            self.problems.append(f"{where}: ID {value!r} must be 3-64 letters, digits or underscores")

    def resource(self, where: str, resource: dict[str, Any]) -> None:
        self.length(where, resource.get("displayText"), MAX_DISPLAY_TEXT)
        if "url" in resource:
            self.url(where, resource["url"])

    def question(self, question: dict[str, Any]) -> None:
        qid = question.get("id")
        where = f"question {qid}"
        self.ident(where, qid)
        if str(qid) in self.question_ids:
            self.problems.append(f"{where}: duplicate question ID")
        self.question_ids.add(str(qid))
        self.length(f"{where} title", question.get("title"), MAX_TITLE)
        self.length(f"{where} description", question.get("description", ""), MAX_QUESTION_DESCRIPTION, required=False)
        if "helpfulResource" in question:
            self.resource(f"{where} helpfulResource", question["helpfulResource"])
        choices = question.get("choices") or []
        if not 1 <= len(choices) <= MAX_CHOICES_PER_QUESTION:
            self.problems.append(
                f"{where}: {len(choices)} choices (1-{MAX_CHOICES_PER_QUESTION} including None of these)"
            )
        ids = [str(c.get("id")) for c in choices]
        if len(set(ids)) != len(ids):
            self.problems.append(f"{where}: choice IDs must be unique")
        for choice in choices:
            self.choice(where, choice)
        self.rules(where, question.get("riskRules") or [], set(ids))

    def choice(self, where: str, choice: dict[str, Any]) -> None:
        cid = str(choice.get("id"))
        where = f"{where} choice {cid}"
        self.ident(where, cid)
        self.length(f"{where} title", choice.get("title"), MAX_TITLE)
        self.length(f"{where} description", choice.get("description", ""), MAX_CHOICE_DESCRIPTION, required=False)
        for key in ("helpfulResource", "improvementPlan"):
            if key in choice:
                self.resource(f"{where} {key}", choice[key])
        if "improvementPlan" not in choice and not cid.endswith(NONE_SUFFIX):
            self.problems.append(f"{where}: an improvement plan is required (except for None of these)")

    def rules(self, where: str, rules: list[dict[str, Any]], choice_ids: set[str]) -> None:
        if not 1 <= len(rules) <= MAX_RISK_RULES:
            self.problems.append(f"{where}: {len(rules)} risk rules (1-{MAX_RISK_RULES})")
        conditions = [r.get("condition") for r in rules]
        if conditions.count(DEFAULT) != 1 or conditions[-1:] != [DEFAULT]:
            self.problems.append(f"{where}: needs exactly one `default` risk rule, the last")
        for rule in rules:
            if rule.get("risk") not in {r.value for r in RuleRisk}:
                self.problems.append(f"{where}: risk {rule.get('risk')!r} is not HIGH_RISK, MEDIUM_RISK or NO_RISK")
            try:
                unknown = condition_ids(str(rule.get("condition"))) - choice_ids
            except ValueError as exc:
                self.problems.append(f"{where}: {exc}")
                continue
            if unknown:
                self.problems.append(f"{where}: a risk rule names unknown choices {sorted(unknown)}")
