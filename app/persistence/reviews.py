"""ReviewStore on SQLAlchemy (implements app.reviewing.store.ReviewStore): SQLite or PostgreSQL, same schema.

`save` is one conditional UPDATE (`WHERE version = expected`) plus the confirmed answers, in one transaction: a
concurrent writer on another instance makes it match no row, and the caller gets StaleReview with the stored state.
Every query filters by the principal (the `tenant` and `subject` columns): another principal's review is reported
exactly like a missing one.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.findings.milestones import Milestone
from app.lens.models import Lens
from app.persistence.db import Database
from app.persistence.review_models import ReviewAnswerRow, ReviewMilestoneRow, ReviewRow
from app.principal import Principal
from app.review.errors import ActionNotAllowed, ReviewNotFound, StaleReview
from app.review.models import Review
from app.review.risk import question_risk


class SqlReviewStore:
    def __init__(self, db: Database, lens: Lens) -> None:
        self._db = db
        self._lens = lens

    def create(self, review: Review, principal: Principal) -> None:
        try:
            with self._db.session() as session:
                session.add(
                    ReviewRow(
                        id=review.id,
                        tenant=principal.tenant,
                        subject=principal.subject,
                        name=review.profile.name,
                        status=review.status.value,
                        version=review.version,
                        lens_version=review.lens_version,
                        corpus_hash=review.corpus_hash,
                        state=review.model_dump_json(),
                        created_at=review.created_at,
                        updated_at=review.updated_at,
                    )
                )
                self._write_answers(session, review)
        except IntegrityError:
            raise ActionNotAllowed(f"review {review.id} already exists") from None

    def get(self, review_id: str, principal: Principal) -> Review:
        with self._db.session() as session:
            state = session.scalar(select(ReviewRow.state).where(ReviewRow.id == review_id, *_owned_by(principal)))
        if state is None:
            raise ReviewNotFound(f"no review {review_id!r}")
        return Review.model_validate_json(state)

    def save(self, review: Review, principal: Principal, *, expected_version: int) -> None:
        with self._db.session() as session:
            result = session.execute(
                update(ReviewRow)
                .where(ReviewRow.id == review.id, ReviewRow.version == expected_version, *_owned_by(principal))
                .values(
                    name=review.profile.name,
                    status=review.status.value,
                    version=review.version,
                    state=review.model_dump_json(),
                    updated_at=review.updated_at,
                )
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                session.rollback()
                current = self.get(review.id, principal)  # raises ReviewNotFound if it is gone (or not theirs)
                raise StaleReview(
                    f"review {review.id} is at version {current.version}, not {expected_version}", current
                )
            self._write_answers(session, review)

    def list_reviews(self, principal: Principal) -> list[Review]:
        with self._db.session() as session:
            states = session.scalars(
                select(ReviewRow.state).where(*_owned_by(principal)).order_by(ReviewRow.created_at, ReviewRow.id)
            ).all()
        return [Review.model_validate_json(state) for state in states]

    def add_milestone(self, milestone: Milestone, principal: Principal) -> None:
        try:
            with self._db.session() as session:
                self._check_owned(session, milestone.review_id, principal)
                session.add(
                    ReviewMilestoneRow(
                        review_id=milestone.review_id,
                        name=milestone.name,
                        review_version=milestone.review_version,
                        snapshot=milestone.model_dump_json(),
                        created_at=milestone.created_at,
                    )
                )
        except IntegrityError:
            raise ActionNotAllowed(f"review {milestone.review_id} already has a milestone {milestone.name!r}") from None

    def milestones(self, review_id: str, principal: Principal) -> list[Milestone]:
        with self._db.session() as session:
            self._check_owned(session, review_id, principal)
            snapshots = session.scalars(
                select(ReviewMilestoneRow.snapshot)
                .where(ReviewMilestoneRow.review_id == review_id)
                .order_by(ReviewMilestoneRow.id)
            ).all()
        return [Milestone.model_validate_json(s) for s in snapshots]

    @staticmethod
    def _check_owned(session: Session, review_id: str, principal: Principal) -> None:
        if session.scalar(select(ReviewRow.id).where(ReviewRow.id == review_id, *_owned_by(principal))) is None:
            raise ReviewNotFound(f"no review {review_id!r}")

    def _write_answers(self, session: Session, review: Review) -> None:
        """Confirmed answers with their risk, replaced as a set (they are few: at most 35 per review)."""
        session.execute(delete(ReviewAnswerRow).where(ReviewAnswerRow.review_id == review.id))
        for question_id, answer in review.answers.items():
            question = self._lens.question(question_id)
            risk = question_risk(question, answer).risk.value if question else "UNANSWERED"
            session.add(
                ReviewAnswerRow(
                    review_id=review.id,
                    question_id=question_id,
                    risk=risk,
                    answer=answer.model_dump_json(),
                    updated_at=review.updated_at,
                )
            )


def _owned_by(principal: Principal) -> tuple[ColumnElement[bool], ...]:
    return (ReviewRow.tenant == principal.tenant, ReviewRow.subject == principal.subject)
