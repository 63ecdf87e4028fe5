"""An in-memory ConversationStore: the test fake and a store for one-shot CLI use. PURE."""

from __future__ import annotations

from app.errors import ConversationNotFound
from app.principal import Principal
from app.qa.models import Answer, PastTurn


class MemoryConversationStore:
    def __init__(self) -> None:
        self.owners: dict[str, Principal] = {}
        self.turns: dict[str, list[tuple[str, Answer]]] = {}

    def history(self, conversation_id: str, principal: Principal, limit: int) -> list[PastTurn]:
        if conversation_id not in self.owners or self.owners[conversation_id] != principal:
            raise ConversationNotFound(f"no conversation {conversation_id!r}")
        return [
            PastTurn(
                question=q,
                resolved_question=a.resolved_question,
                answer=a.answer,
                cited_bp_ids=tuple(c.bp_id for c in a.citations),
                refused=a.refused,
            )
            for q, a in self.turns[conversation_id][-limit:]
        ]

    def save_turn(self, principal: Principal, question: str, answer: Answer) -> int:
        if self.owners.setdefault(answer.conversation_id, principal) != principal:
            raise ConversationNotFound(f"no conversation {answer.conversation_id!r}")
        self.turns.setdefault(answer.conversation_id, []).append((question, answer))
        return sum(len(t) for t in self.turns.values())
