"""Review errors, subclasses of the project's AppError tree (so every edge maps them already).

NotFound 404 ── ReviewNotFound       unknown review, or one that belongs to someone else
InvalidInput 422 ── InvalidAction    unknown question/BP ID (names the valid ones), over-long answer
Conflict 409 ── ActionNotAllowed     an action that makes no sense now (says why)
Conflict 409 ── StaleReview          a write carrying an old version (carries the current review)
AppError 500 ── InterviewContentError  a malformed prompts/interview file (defined in app.errors, with the loader in
                                      app.lens.interview; re-exported here)
"""

from __future__ import annotations

from typing import Any

from app.errors import Conflict, InterviewContentError, InvalidInput, NotFound


class ReviewNotFound(NotFound):
    code = "review_not_found"


class InvalidAction(InvalidInput):
    code = "invalid_review_input"


class ActionNotAllowed(Conflict):
    code = "action_not_allowed"


class StaleReview(Conflict):
    """The write carried version `sent`, the review is at `current.version`; `current` is the state to retry from."""

    code = "stale_review"

    def __init__(self, message: str, current: Any) -> None:
        super().__init__(message)
        self.current = current


__all__ = ["ActionNotAllowed", "InterviewContentError", "InvalidAction", "ReviewNotFound", "StaleReview"]
