"""Conversation and feedback stores on SQLAlchemy (implement app.qa.ports.ConversationStore)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.errors import ConversationNotFound, NotFound
from app.persistence.db import Database
from app.persistence.models import CitationRow, Conversation, Feedback, Turn, utcnow
from app.qa.models import Answer, PastTurn


class SqlConversationStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def history(self, conversation_id: str, owner: str | None, limit: int) -> list[PastTurn]:
        with self._db.session() as session:
            conversation = session.get(Conversation, conversation_id)
            if conversation is None or conversation.api_key_id != owner:
                # Another key's conversation is reported exactly like a missing one.
                raise ConversationNotFound(f"no conversation {conversation_id!r}")
            turns = session.scalars(
                select(Turn).where(Turn.conversation_id == conversation_id).order_by(Turn.position.desc()).limit(limit)
            ).all()
            return [
                PastTurn(
                    question=t.question,
                    resolved_question=t.resolved_question,
                    answer=t.answer,
                    cited_bp_ids=tuple(c.bp_id for c in t.citations),
                )
                for t in reversed(turns)
            ]

    def save_turn(self, owner: str | None, question: str, answer: Answer) -> int:
        with self._db.session() as session:
            conversation = session.get(Conversation, answer.conversation_id)
            if conversation is None:
                conversation = Conversation(id=answer.conversation_id, api_key_id=owner)
                session.add(conversation)
                session.flush()
            elif conversation.api_key_id != owner:
                raise ConversationNotFound(f"no conversation {answer.conversation_id!r}")
            conversation.updated_at = utcnow()
            position = session.scalar(
                select(func.coalesce(func.max(Turn.position), 0)).where(Turn.conversation_id == conversation.id)
            )
            turn = Turn(
                conversation_id=conversation.id,
                position=(position or 0) + 1,
                question=question,
                resolved_question=answer.resolved_question,
                answer=answer.answer,
                refused=answer.refused,
                mode=answer.mode,
                model=answer.model,
                prompt_hash=answer.prompt_hash,
                notice=answer.notice,
                citations_removed=",".join(answer.citations_removed),
                citations=[
                    CitationRow(
                        position=n, bp_id=c.bp_id, title=c.title, section=c.section.value, url=c.url, quote=c.quote
                    )
                    for n, c in enumerate(answer.citations, start=1)
                ],
            )
            session.add(turn)
            session.flush()
            return turn.id


class SqlFeedbackStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, turn_id: int, owner: str | None, rating: int, comment: str | None) -> int:
        """Raises NotFound when the turn does not exist or its conversation belongs to another key."""
        with self._db.session() as session:
            turn = session.get(Turn, turn_id)
            if turn is None or turn.conversation.api_key_id != owner:
                raise NotFound(f"no answer {turn_id}")
            row = Feedback(turn_id=turn_id, api_key_id=owner, rating=rating, comment=comment)
            session.add(row)
            session.flush()
            return row.id
