"""The review service: runs turns of the state machine against a ReviewStore. Knows nothing of HTTP, Slack or click.

Every write carries the version the caller last saw; a stale one raises StaleReview carrying the current turn, and
nothing is written. A review is visible only to the principal that created it (anyone else gets ReviewNotFound, as
for a missing one). Side questions go to a pluggable `ask` callable (the QA service, adapted) with the review's
principal, and never move the review. An answer not written in English (app/retrieval/language.py) is not mapped: the
review stays as it was (nothing recorded, its version unchanged) and the turn comes back with a `not_english` notice
asking for the answer in English, since the mapper reads English only.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from app.findings.drafting import draft_findings
from app.findings.export import RenderedReport, ReportFormat, export_report
from app.findings.milestones import Milestone, MilestoneDiff, diff_milestones, freeze_milestone
from app.findings.report import Report, build_report
from app.lens.interview import Interview
from app.lens.models import Lens, Question
from app.principal import Principal
from app.retrieval.language import in_another_language
from app.review.actions import Action, Answer
from app.review.errors import ActionNotAllowed, InvalidAction, ReviewNotFound, StaleReview
from app.review.findings import Finding
from app.review.machine import ReviewContext, propose_answer, start_review, transition
from app.review.mapping import AnswerMapper
from app.review.models import Review, ReviewOrder, ReviewScope, WorkloadProfile
from app.review.risk import RiskSummary, summarise_risk
from app.review.turn import Notice, NoticeCode, SideAnswer, TurnResult
from app.review.view import render_turn
from app.reviewing.store import ReviewPosition, ReviewStore
from app.text_faults import check_text, visible


@dataclass(frozen=True)
class AskContext:
    """Where the review stands when a side question is asked (so the answer can focus on this question)."""

    review_id: str
    principal: Principal  # the review's: a side question is stored under it
    question_id: str | None
    bp_ids: tuple[str, ...]


AskFn = Callable[[str, AskContext], SideAnswer]
FindingDrafter = Callable[[Lens, Review, Sequence[str]], tuple[Finding, ...]]
MAX_SIDE_QUESTION_CHARS = 1000


def lens_drafter(lens: Lens, review: Review, question_ids: Sequence[str]) -> tuple[Finding, ...]:
    """No-LLM mode: findings composed from the lens text."""
    return draft_findings(lens, review, question_ids)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


class ReviewService:
    def __init__(
        self,
        lens: Lens,
        interview: Interview,
        mapper: AnswerMapper,
        store: ReviewStore,
        *,
        ask: AskFn | None = None,
        drafter: FindingDrafter = lens_drafter,
        clock: Callable[[], datetime] = _utcnow,
        new_id: Callable[[], str] = _new_id,
    ) -> None:
        self.lens = lens
        self.interview = interview
        self.ctx = ReviewContext(lens, interview, mapper)
        self.store = store
        self._ask = ask
        self._drafter = drafter
        self._clock = clock
        self._new_id = new_id

    # --- lifecycle ------------------------------------------------------------------------------------------------

    def create(
        self,
        principal: Principal,
        profile: WorkloadProfile,
        scope: ReviewScope | None = None,
        order: ReviewOrder = ReviewOrder.PHASE_FIRST,
    ) -> TurnResult:
        if not visible(profile.name):  # "   " would list as a review with no name, on every surface
            raise InvalidAction("a review needs a workload name (it was blank)")
        check_text(profile.model_dump(), error=InvalidAction)
        step = start_review(self.ctx, review_id=self._new_id(), profile=profile, scope=scope, order=order)
        now = self._clock()
        review = step.review.model_copy(update={"created_at": now, "updated_at": now})
        self.store.create(review, principal)
        return step.result

    def get(self, review_id: str, principal: Principal) -> Review:
        """Raises ReviewNotFound for a missing review and for someone else's (they look the same), InvalidAction for
        an ID no database can look up (NUL, which PostgreSQL refuses; an unpaired surrogate)."""
        check_text({"review_id": review_id}, error=InvalidAction)
        return self.store.get(review_id, principal)

    def list_reviews(
        self, principal: Principal, *, limit: int | None = None, after: ReviewPosition | None = None
    ) -> list[Review]:
        """The principal's reviews, newest first (a page of them with `limit` and `after`)."""
        return self.store.list_reviews(principal, limit=limit, after=after)

    def latest(self, principal: Principal) -> Review:
        """The principal's newest review (the first one listed). Raises ReviewNotFound when they have none."""
        newest = self.store.list_reviews(principal, limit=1)
        if not newest:
            raise ReviewNotFound("no reviews yet: start one with `mllens review` (or POST /v1/reviews)")
        return newest[0]

    def current(self, review_id: str, principal: Principal) -> TurnResult:
        """The turn as it stands (what to show when a user comes back)."""
        return render_turn(self.lens, self.interview, self.get(review_id, principal))

    def act(self, review_id: str, principal: Principal, action: Action, *, expected_version: int) -> TurnResult:
        """Apply one action. Raises StaleReview (with the current turn) if `expected_version` is not current."""
        check_text(action.model_dump(), error=InvalidAction)
        review = self.get(review_id, principal)
        if review.version != expected_version:
            raise self._stale(review, expected_version)
        if isinstance(action, Answer) and in_another_language(action.text):
            # the mapper reads English only: a German "no CI/CD pipeline" was proposed as implemented
            turn = render_turn(self.lens, self.interview, review)
            return turn.model_copy(update={"notices": (not_english_notice(review.cursor),)})
        proposal = propose_answer(self.ctx, review, action)  # the turn's one effect: the mapper (a model in LLM mode)
        step = transition(self.ctx, review, action, proposal)
        new = step.review.model_copy(update={"updated_at": self._clock()})
        try:
            self.store.save(new, principal, expected_version=expected_version)
        except StaleReview as exc:  # lost a race with another writer between get and save
            raise self._stale(exc.current, expected_version) from None
        result = step.result
        if result.saved is not None:
            findings = self._drafter(self.lens, new, [result.saved.question_id])
            notices = (*result.notices, *drafting_notices(result.saved.question_id, findings))
            result = result.model_copy(update={"findings": findings, "notices": notices})
        return result

    def ask(self, review_id: str, principal: Principal, question: str) -> TurnResult:
        """Answer a side question without moving the review; the turn comes back unchanged plus `side_answer`."""
        check_text({"question": question}, error=InvalidAction)
        review = self.get(review_id, principal)
        text = visible(question)
        if not text:
            raise InvalidAction("the question is empty")
        if len(text) > MAX_SIDE_QUESTION_CHARS:
            raise InvalidAction(f"the question is longer than {MAX_SIDE_QUESTION_CHARS} characters")
        turn = render_turn(self.lens, self.interview, review)
        if self._ask is None:
            notice = Notice(code=NoticeCode.SIDE_QUESTION_UNAVAILABLE, message="Side questions are not available here.")
            return turn.model_copy(update={"notices": (notice,)})
        current = self.lens.question(review.cursor) if review.cursor else None
        expanded = expand_local_ids(text, current)
        context = AskContext(
            review_id=review.id,
            principal=principal,
            question_id=current.id if current else None,
            bp_ids=tuple(bp.id for bp in current.best_practices) if current else (),
        )
        answer = self._ask(expanded, context)
        return turn.model_copy(update={"side_answer": answer.model_copy(update={"question": text})})

    # --- results ------------------------------------------------------------------------------------------------

    def risk(self, review_id: str, principal: Principal) -> RiskSummary:
        return summarise_risk(self.lens, self.get(review_id, principal))

    def report(self, review_id: str, principal: Principal, *, milestone: str | None = None) -> Report:
        review = self.get(review_id, principal)
        if milestone is None:
            return build_report(self.lens, review, generated_at=self._clock())
        snapshot = self._milestone(review, principal, milestone)
        return build_report(
            self.lens,
            snapshot.as_review(review),
            generated_at=self._clock(),
            findings=snapshot.findings,
            milestone=snapshot.name,
        )

    def export(
        self, review_id: str, principal: Principal, fmt: ReportFormat, *, milestone: str | None = None
    ) -> RenderedReport:
        return export_report(self.report(review_id, principal, milestone=milestone), fmt)

    def create_milestone(self, review_id: str, principal: Principal, name: str) -> Milestone:
        check_text({"name": name}, error=InvalidAction)
        review = self.get(review_id, principal)
        name = visible(name)
        if not name:
            raise InvalidAction("a milestone needs a name")
        milestone = freeze_milestone(
            self.lens,
            review,
            name,
            created_at=self._clock(),
            findings=self._drafter(self.lens, review, review.question_ids),
        )
        self.store.add_milestone(milestone, principal)
        return milestone

    def milestones(self, review_id: str, principal: Principal) -> list[Milestone]:
        check_text({"review_id": review_id}, error=InvalidAction)
        return self.store.milestones(review_id, principal)

    def diff(self, review_id: str, principal: Principal, before: str, after: str) -> MilestoneDiff:
        review = self.get(review_id, principal)
        return diff_milestones(self._milestone(review, principal, before), self._milestone(review, principal, after))

    # --- helpers ------------------------------------------------------------------------------------------------

    def _milestone(self, review: Review, principal: Principal, name: str) -> Milestone:
        stored = self.store.milestones(review.id, principal)
        found = [m for m in stored if m.name == name]
        if not found:
            names = ", ".join(m.name for m in stored) or "none yet"
            raise InvalidAction(f"review {review.id} has no milestone {name!r}; milestones: {names}")
        return found[0]

    def _stale(self, current: Review, sent: int) -> StaleReview:
        turn = render_turn(self.lens, self.interview, current)
        return StaleReview(
            f"the review changed since you loaded it (you sent version {sent}, it is at {current.version}); "
            "here is the current state",
            turn,
        )


NOT_ENGLISH_ANSWER = (
    "I can only read answers in English: the lens and the answer mapper read English only, so an answer in another "
    "language cannot be matched to the right practices. Nothing was recorded; please write your answer in English "
    "(product names, code and quoted messages can stay as they are)."
)


def not_english_notice(question_id: str | None) -> Notice:
    """The notice of an answer not written in English: nothing of it is repeated."""
    return Notice(code=NoticeCode.NOT_ENGLISH, message=NOT_ENGLISH_ANSWER, question_id=question_id)


def drafting_notices(question_id: str, findings: Sequence[Finding]) -> tuple[Notice, ...]:
    """Turn notices for findings an LLM could not draft (lens text instead) or whose foreign citations were removed."""
    failed = [f for f in findings if f.recommendation.notice and not f.recommendation.citations_removed]
    cleaned = [f for f in findings if f.recommendation.citations_removed]
    notices = []
    if failed:
        notices.append(
            Notice(
                code=NoticeCode.DRAFTING_DEGRADED,
                message="The language model could not draft some recommendations; they are composed from the lens.",
                question_id=question_id,
                bp_ids=tuple(f.bp_id for f in failed),
            )
        )
    if cleaned:
        notices.append(
            Notice(
                code=NoticeCode.CITATIONS_REMOVED,
                message="Drafted recommendations cited practices they were not given; those references were removed.",
                question_id=question_id,
                bp_ids=tuple(f.bp_id for f in cleaned),
            )
        )
    return tuple(notices)


_LOCAL_BP = re.compile(r"(?<![\w-])BP\s*-?\s*0?(\d{1,2})\b", re.IGNORECASE)


def expand_local_ids(text: str, question: Question | None) -> str:
    """ "what does BP02 mean?" asked on MLSEC03 → "what does MLSEC03-BP02 mean?" (only for BPs of that question)."""
    if question is None:
        return text
    valid = {bp.id for bp in question.best_practices}

    def replace(m: re.Match[str]) -> str:
        bp_id = f"{question.id}-BP{int(m.group(1)):02d}"
        return bp_id if bp_id in valid else m.group(0)

    return _LOCAL_BP.sub(replace, text)


__all__ = [
    "ActionNotAllowed",
    "AskContext",
    "AskFn",
    "FindingDrafter",
    "ReviewService",
    "expand_local_ids",
    "lens_drafter",
]
