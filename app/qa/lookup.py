"""Look up lens questions and best practices by a user-typed ID (tolerant spelling, legacy IDs). PURE."""

from __future__ import annotations

from app.errors import UnknownId
from app.lens.ids import resolve_id
from app.lens.models import BestPractice, Lens, Question


def find_best_practice(lens: Lens, text: str) -> BestPractice:
    ref = resolve_id(text, lens)
    bp = lens.best_practice(ref.bp_ids[0]) if ref and ref.kind != "question" else None
    if bp is not None:
        return bp
    question = lens.question(ref.id) if ref and ref.kind == "question" else None
    if question is not None:  # a real ID of the other kind: say so, and name what to ask for
        practices = ", ".join(p.id for p in question.best_practices)
        raise UnknownId(f"{text!r} is a question ID, not a best-practice ID: its best practices are {practices}")
    raise UnknownId(f"unknown best-practice ID {text!r}: use a best-practice ID (MLSEC03-BP02) or a 2023 ID (MLSEC-05)")


def find_question(lens: Lens, text: str) -> Question:
    ref = resolve_id(text, lens)
    question = lens.question(ref.id) if ref and ref.kind == "question" else None
    if question is not None:
        return question
    bp = lens.best_practice(ref.bp_ids[0]) if ref and ref.bp_ids else None
    if bp is not None:  # a real ID of the other kind: say so, and name what to ask for
        kind = f"a best-practice ID ({bp.id}), not a question ID"
        raise UnknownId(f"{text!r} is {kind}: its question is {bp.question_id}")
    raise UnknownId(f"unknown question ID {text!r}: use a question ID (MLSEC03)")
