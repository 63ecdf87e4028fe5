"""WA Tool risk rules that reproduce app.review.risk exactly, and an evaluator for the rule language. PURE.

The project's risk: HIGH if any High-risk practice is not in place, else MEDIUM if any Medium-risk one is not, else
NONE. In the WA Tool a question has at most three rules, tried in order, the first true one wins, and the last is
`default`. A condition is a Boolean expression over choice IDs (`&&`, `||`, `!`, parentheses). So:

    1. every practice's choice selected      -> NO_RISK
    2. every High-risk practice's choice     -> MEDIUM_RISK   (left out when the question has no High-risk practice)
    3. default                               -> HIGH_RISK     (MEDIUM_RISK when it has none)

which is exactly "HIGH if any High is missing, else MEDIUM if any Medium is missing, else NONE", in two or three rules
whatever the number of practices, and never needs the "None of these" choice: selecting it leaves every practice
unselected, so the default applies.

Not-applicable practices: risk.py does not count them, and the WA Tool marks such a practice NOT_APPLICABLE (its own
status, neither selected nor unselected). `evaluate` reads a not-applicable choice as satisfied, which is how the WA
Tool treats practices marked not applicable (they are not reported as risks); `mllens wa-tool sync` compares the risk
the WA Tool returns for every answer with ours and reports any difference, so a different reading cannot go unseen.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.lens.models import Question, Risk
from app.review.risk import QuestionRisk
from app.wa_tool.ids import choice_id

DEFAULT = "default"


class RuleRisk(StrEnum):
    HIGH_RISK = "HIGH_RISK"
    MEDIUM_RISK = "MEDIUM_RISK"
    NO_RISK = "NO_RISK"

    @property
    def question_risk(self) -> QuestionRisk:
        return {"HIGH_RISK": QuestionRisk.HIGH, "MEDIUM_RISK": QuestionRisk.MEDIUM, "NO_RISK": QuestionRisk.NONE}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class RiskRule:
    condition: str
    risk: RuleRisk

    def as_json(self) -> dict[str, str]:
        return {"condition": self.condition, "risk": self.risk.value}


def risk_rules(question: Question) -> tuple[RiskRule, ...]:
    """The question's rules (two or three, the last one `default`); see the module docstring."""
    every = [choice_id(bp.id) for bp in question.best_practices]
    high = [choice_id(bp.id) for bp in question.best_practices if bp.risk is Risk.HIGH]
    if not high:
        return RiskRule(" && ".join(every), RuleRisk.NO_RISK), RiskRule(DEFAULT, RuleRisk.MEDIUM_RISK)
    if len(high) == len(every):
        return RiskRule(" && ".join(every), RuleRisk.NO_RISK), RiskRule(DEFAULT, RuleRisk.HIGH_RISK)
    return (
        RiskRule(" && ".join(every), RuleRisk.NO_RISK),
        RiskRule(" && ".join(high), RuleRisk.MEDIUM_RISK),
        RiskRule(DEFAULT, RuleRisk.HIGH_RISK),
    )


def evaluate(rules: Sequence[RiskRule], selected: Collection[str], not_applicable: Collection[str] = ()) -> RuleRisk:
    """The risk the rules give for an answer: the first rule whose condition holds (`default` always does).

    A choice counts as true when it is selected or marked not applicable (see the module docstring)."""
    true_ids = set(selected) | set(not_applicable)
    for rule in rules:
        if rule.condition.strip() == DEFAULT or evaluate_condition(rule.condition, true_ids):
            return rule.risk
    raise ValueError("risk rules must end with a `default` rule")


_TOKEN = re.compile(r"\s*(?:(&&)|(\|\|)|(!)|(\()|(\))|([A-Za-z0-9_]+))")


def tokenize(condition: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = condition.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"unexpected character at {pos} in risk rule condition {condition!r}")
        tokens.append(match.group(match.lastindex or 0))
        pos = match.end()
    return tokens


def evaluate_condition(condition: str, true_ids: Collection[str]) -> bool:
    """Evaluate a WA Tool condition: identifiers are choice IDs; `!` binds tightest, then `&&`, then `||`."""
    parser = _Parser(tokenize(condition), set(true_ids))
    value = parser.expression()
    if parser.pos != len(parser.tokens):
        raise ValueError(f"unexpected {parser.tokens[parser.pos]!r} in risk rule condition {condition!r}")
    return value


def condition_ids(condition: str) -> set[str]:
    """The choice IDs a condition names."""
    if condition.strip() == DEFAULT:
        return set()
    return {t for t in tokenize(condition) if t not in ("&&", "||", "!", "(", ")")}


class _Parser:
    def __init__(self, tokens: list[str], true_ids: set[str]) -> None:
        self.tokens = tokens
        self.true_ids = true_ids
        self.pos = 0

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek()
        if token is None:
            raise ValueError("risk rule condition ends early")
        self.pos += 1
        return token

    def expression(self) -> bool:
        value = self.conjunction()
        while self._peek() == "||":
            self._take()
            right = self.conjunction()  # evaluate both sides: every token must parse
            value = value or right
        return value

    def conjunction(self) -> bool:
        value = self.unary()
        while self._peek() == "&&":
            self._take()
            right = self.unary()
            value = value and right
        return value

    def unary(self) -> bool:
        token = self._take()
        if token == "!":
            return not self.unary()
        if token == "(":
            value = self.expression()
            if self._take() != ")":
                raise ValueError("unbalanced parentheses in risk rule condition")
            return value
        if token in ("&&", "||", ")"):
            raise ValueError(f"unexpected {token!r} in risk rule condition")
        return token in self.true_ids
