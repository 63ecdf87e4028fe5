"""Conversation and feedback stores on SQLAlchemy (implement app.qa.ports.ConversationStore). Every query filters by
the principal: another principal's conversation or answer is reported exactly like a missing one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.errors import ConversationNotFound, NotFound
from app.persistence.db import Base, Database
from app.persistence.models import Conversation, Feedback, Turn, utcnow
from app.principal import Principal
from app.qa.models import Answer, PastTurn

# The statements of `save_turn`, built once on the tables (not the ORM classes): a statement object built per call
# and inserted through the ORM's bulk path costs its construction and cache key on every answer; these are compiled
# once per dialect and then executed with their parameters. Same SQL, same rows, same transaction.
_TABLES = Base.metadata.tables
_OWNER = select(Conversation.tenant, Conversation.subject).where(Conversation.id == bindparam("conversation_id"))
_NEW_CONVERSATION = insert(_TABLES["conversations"])
_TOUCH_CONVERSATION = (
    update(_TABLES["conversations"])
    .where(_TABLES["conversations"].c.id == bindparam("conversation_id"))
    .values(updated_at=bindparam("now"))
)
_LAST_POSITION = select(func.max(Turn.position)).where(Turn.conversation_id == bindparam("conversation_id"))
_NEW_TURN = insert(_TABLES["turns"])
_NEW_CITATIONS = insert(_TABLES["citations"])


class SqlConversationStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def history(self, conversation_id: str, principal: Principal, limit: int) -> list[PastTurn]:
        with self._db.session() as session:
            if _owned_conversation(session, conversation_id, principal) is None:
                raise ConversationNotFound(f"no conversation {conversation_id!r}")
            turns = session.scalars(
                select(Turn)
                .where(Turn.conversation_id == conversation_id, *_owned_by(Turn, principal))
                .order_by(Turn.position.desc())
                .limit(limit)
            ).all()
            return [
                PastTurn(
                    question=t.question,
                    resolved_question=t.resolved_question,
                    answer=t.answer,
                    cited_bp_ids=tuple(c.bp_id for c in t.citations),
                    refused=t.refused,
                )
                for t in reversed(turns)
            ]

    def save_turn(self, principal: Principal, question: str, answer: Answer) -> int:
        """One transaction: a new conversation costs one look-up and the inserts (conversation, turn, its
        citations); a continued one also its next position and the updated time. Core statements on one connection
        (no ORM unit of work: this runs on every answer's path)."""
        conversation_id = answer.conversation_id
        now = utcnow()
        with self._db.writing() as connection:
            owner = connection.execute(_OWNER, {"conversation_id": conversation_id}).first()
            if owner is None:
                connection.execute(
                    _NEW_CONVERSATION,
                    {
                        "id": conversation_id,
                        "tenant": principal.tenant,
                        "subject": principal.subject,
                        "created_at": now,
                        "updated_at": now,
                    },
                )
                position = 1
            elif tuple(owner) != (principal.tenant, principal.subject):
                raise ConversationNotFound(f"no conversation {conversation_id!r}")  # another principal's
            else:
                connection.execute(_TOUCH_CONVERSATION, {"conversation_id": conversation_id, "now": now})
                last = connection.scalar(_LAST_POSITION, {"conversation_id": conversation_id})
                position = (last or 0) + 1
            inserted = connection.execute(
                _NEW_TURN,
                {
                    "conversation_id": conversation_id,
                    "tenant": principal.tenant,
                    "subject": principal.subject,
                    "position": position,
                    "question": question,
                    "resolved_question": answer.resolved_question,
                    "answer": answer.answer,
                    "refused": answer.refused,
                    "mode": answer.mode,
                    "model": answer.model,
                    "prompt_hash": answer.prompt_hash,
                    "notice": answer.notice,
                    "citations_removed": ",".join(answer.citations_removed),
                    "created_at": now,
                },
            )
            key = inserted.inserted_primary_key  # the new row's id (lastrowid on SQLite, RETURNING on PostgreSQL)
            if key is None:
                raise RuntimeError("the database did not report the new turn's id")
            turn_id = int(key[0])
            if answer.citations:
                connection.execute(
                    _NEW_CITATIONS,
                    [
                        {
                            "turn_id": turn_id,
                            "position": n,
                            "bp_id": c.bp_id,
                            "title": c.title,
                            "section": c.section.value,
                            "url": c.url,
                            "quote": c.quote,
                        }
                        for n, c in enumerate(answer.citations, start=1)
                    ],
                )
            return turn_id


class SqlFeedbackStore:
    """Ratings of answers and of drafted findings; one per principal and thing rated (rating again replaces it)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, turn_id: int, principal: Principal, rating: int, comment: str | None) -> int:
        """Raises NotFound when the turn does not exist or belongs to another principal."""
        with self._db.session() as session:
            turn = session.scalar(select(Turn.id).where(Turn.id == turn_id, *_owned_by(Turn, principal)))
            if turn is None:
                raise NotFound(f"no answer {turn_id}")
            return _upsert(session, principal, rating, comment, turn_id=turn_id)

    def add_on_finding(
        self, review_id: str, finding_id: str, principal: Principal, rating: int, comment: str | None
    ) -> int:
        """The caller has checked that the review is the principal's and has that finding."""
        with self._db.session() as session:
            return _upsert(session, principal, rating, comment, review_id=review_id, finding_id=finding_id)

    def export(self, since: datetime | None = None) -> Iterator[dict[str, Any]]:
        """Every rating, oldest first, with what was rated (for the eval loop's JSON Lines)."""
        query = select(Feedback).order_by(Feedback.id)
        if since is not None:
            query = query.where(Feedback.created_at >= since)
        with self._db.session() as session:
            for row in session.scalars(query.execution_options(yield_per=500)):
                yield _exported(session, row)


def _upsert(session: Session, principal: Principal, rating: int, comment: str | None, **target: Any) -> int:
    owned = (Feedback.tenant == principal.tenant, Feedback.subject == principal.subject)
    same = [getattr(Feedback, name) == value for name, value in target.items()]
    row = session.scalar(select(Feedback).where(*owned, *same))
    if row is None:
        row = Feedback(tenant=principal.tenant, subject=principal.subject, **target)
        session.add(row)
    row.rating, row.comment, row.created_at = rating, comment, utcnow()
    session.flush()
    return row.id


def _exported(session: Session, row: Feedback) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "created_at": row.created_at.isoformat(),
        "tenant": row.tenant,
        "subject": row.subject,
        "rating": "up" if row.rating > 0 else "down",
        "comment": row.comment,
    }
    if row.turn_id is not None:
        turn = session.get(Turn, row.turn_id)
        assert turn is not None  # feedback rows go with their turn (ON DELETE CASCADE)
        out |= {
            "target": "answer",
            "turn_id": turn.id,
            "question": turn.question,
            "resolved_question": turn.resolved_question,
            "answer": turn.answer,
            "refused": turn.refused,
            "mode": turn.mode,
            "cited": [c.bp_id for c in turn.citations],
        }
    else:
        out |= {"target": "finding", "review_id": row.review_id, "finding_id": row.finding_id}
    return out


def _owned_by(table: type[Conversation] | type[Turn], principal: Principal) -> tuple[ColumnElement[bool], ...]:
    return (table.tenant == principal.tenant, table.subject == principal.subject)


def _owned_conversation(session: Session, conversation_id: str, principal: Principal) -> Conversation | None:
    return session.scalar(
        select(Conversation).where(Conversation.id == conversation_id, *_owned_by(Conversation, principal))
    )
