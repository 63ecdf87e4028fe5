"""What the QA service needs from the outside: a retriever, a conversation store and a metrics sink. PURE."""

from __future__ import annotations

from typing import Protocol

from app.principal import Principal
from app.qa.models import Answer, PastTurn
from app.retrieval.base import SearchFilters, SearchResult


class Retriever(Protocol):
    def search(
        self, query: str, *, k: int = 5, filters: SearchFilters | None = None, override: bool | None = None
    ) -> SearchResult:
        """Ranked practices and the scope decision. `override`: the caller's verdict on whether this very text is an
        instruction-override attempt, when it has already checked it (None: the retriever's scope gate checks)."""
        ...

    def rank(self, query: str, *, k: int = 5, filters: SearchFilters | None = None) -> SearchResult:
        """`search`'s ranked practices without a scope decision (out of scope only when nothing is found): for a text
        whose question the caller has already gated with `search`."""
        ...

    async def search_async(
        self, query: str, *, k: int = 5, filters: SearchFilters | None = None, override: bool | None = None
    ) -> SearchResult:
        """The same search for a caller on an event loop (the model work happens off the loop)."""
        ...


class ConversationStore(Protocol):
    def history(self, conversation_id: str, principal: Principal, limit: int) -> list[PastTurn]:
        """Oldest first. Raises ConversationNotFound when it does not exist or belongs to another principal."""
        ...

    def save_turn(self, principal: Principal, question: str, answer: Answer) -> int:
        """Store the turn (creating the conversation, owned by `principal`, if new) and commit; returns the turn ID.
        Raises ConversationNotFound when the conversation belongs to another principal."""
        ...


class QAMetrics(Protocol):
    def observe_retrieval(self, seconds: float) -> None: ...

    def observe_llm(self, seconds: float, op: str) -> None: ...

    def llm_error(self, kind: str) -> None: ...

    def fallback(self, reason: str) -> None: ...

    def refusal(self, reason: str) -> None: ...

    def answered(self, mode: str) -> None: ...

    def citations_removed(self, count: int) -> None: ...


class NullMetrics:
    def observe_retrieval(self, seconds: float) -> None: ...

    def observe_llm(self, seconds: float, op: str) -> None: ...

    def llm_error(self, kind: str) -> None: ...

    def fallback(self, reason: str) -> None: ...

    def refusal(self, reason: str) -> None: ...

    def answered(self, mode: str) -> None: ...

    def citations_removed(self, count: int) -> None: ...
