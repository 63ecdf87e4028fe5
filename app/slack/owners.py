"""TEMPORARY (until issue 8's Principal lands on main): the service calls the Slack edge makes, translated from a
Principal to today's `owner` arguments. Deleted at the merge; the callers then pass the Principal straight through."""

from __future__ import annotations

from app.findings.export import RenderedReport, ReportFormat
from app.findings.report import Report
from app.principal import Principal
from app.qa.models import Answer
from app.review.actions import Action
from app.review.models import Review, WorkloadProfile
from app.review.risk import RiskSummary
from app.review.turn import TurnResult
from app.services import Services


def _owner(p: Principal) -> str:
    return f"{p.tenant}/{p.subject}"


def ask(s: Services, question: str, p: Principal, conversation_id: str | None) -> Answer:
    return s.qa.ask(question, conversation_id=conversation_id, owner=None)


def feedback(s: Services, turn_id: int, p: Principal, rating: int) -> int:
    return s.feedback.add(turn_id, None, rating, None)


def create_review(s: Services, p: Principal, profile: WorkloadProfile) -> TurnResult:
    return s.review.create(_owner(p), profile)


def current(s: Services, review_id: str, p: Principal) -> TurnResult:
    return s.review.current(review_id, _owner(p))


def act(s: Services, review_id: str, p: Principal, action: Action, version: int) -> TurnResult:
    return s.review.act(review_id, _owner(p), action, expected_version=version)


def side_question(s: Services, review_id: str, p: Principal, text: str) -> TurnResult:
    return s.review.ask(review_id, _owner(p), text)


def reviews(s: Services, p: Principal) -> list[Review]:
    return s.review.list_reviews(_owner(p))


def get(s: Services, review_id: str, p: Principal) -> Review:
    return s.review.get(review_id, _owner(p))


def risk(s: Services, review_id: str, p: Principal) -> RiskSummary:
    return s.review.risk(review_id, _owner(p))


def report(s: Services, review_id: str, p: Principal) -> Report:
    return s.review.report(review_id, _owner(p))


def markdown(s: Services, review_id: str, p: Principal) -> RenderedReport:
    return s.review.export(review_id, _owner(p), ReportFormat.MD)
