"""Look up lens questions and best practices by a user-typed ID (tolerant spelling, legacy IDs). PURE."""

from __future__ import annotations

from app.errors import UnknownId
from app.lens.ids import resolve_id
from app.lens.models import BestPractice, Lens, Question

_HINT = "use a best-practice ID (MLSEC03-BP02), a question ID (MLSEC03) or a 2023 ID (MLSEC-05)"


def find_best_practice(lens: Lens, text: str) -> BestPractice:
    ref = resolve_id(text, lens)
    bp = lens.best_practice(ref.bp_ids[0]) if ref and ref.kind != "question" else None
    if bp is None:
        raise UnknownId(f"unknown best-practice ID {text!r}: {_HINT}")
    return bp


def find_question(lens: Lens, text: str) -> Question:
    ref = resolve_id(text, lens)
    question = lens.question(ref.id) if ref and ref.kind == "question" else None
    if question is None:
        raise UnknownId(f"unknown question ID {text!r}: {_HINT}")
    return question
