"""What a free-text reply in a review does, for every surface that takes one (Slack, the terminal): confirm the
proposal on screen, answer the proposal's yes/no follow-up, or add to the answer. One rule, so every surface reads a
bare "yes" the same way. PURE.

- A reply that names the proposal or the act ("confirm", "looks right", "yes, save it") confirms it.
- Under a follow-up that asks yes or no ("Have you used AutoML tools?"), a bare yes or no ("yes", "nope", "not yet")
  answers that follow-up: it is sent as an answer, so the machine records it for the practice the follow-up asks
  about (with the user's words) and nothing is saved; the surface then says how to confirm.
- Otherwise a bare confirmation ("ok", "yes", "correct") confirms, and anything else is more of the answer.
Confirming needs a proposal on screen that may be confirmed now; without one every reply is an answer.
"""

from __future__ import annotations

from enum import StrEnum

from app.review.actions import ActionType
from app.review.confirmation import asks_yes_or_no, is_confirmation, names_the_proposal
from app.review.cues import short_reply_status
from app.review.turn import TurnResult


class ReplyReading(StrEnum):
    CONFIRM = "confirm"  # save the proposal (send the Confirm action)
    FOLLOW_UP_ANSWER = "follow_up_answer"  # a yes/no to the yes/no follow-up: send as an answer, say how to confirm
    ANSWER = "answer"  # more of the answer, in the user's words


def read_reply(turn: TurnResult, text: str) -> ReplyReading:
    """How to take `text`, sent while `turn` is on screen (a side question, ending with `?`, is the caller's)."""
    if not confirmable(turn):
        return ReplyReading.ANSWER
    if names_the_proposal(text):
        return ReplyReading.CONFIRM
    if answers_follow_up(turn, text):
        return ReplyReading.FOLLOW_UP_ANSWER
    return ReplyReading.CONFIRM if is_confirmation(text) else ReplyReading.ANSWER


def confirmable(turn: TurnResult) -> bool:
    """A proposal (or the whole question as not applicable) is on screen and confirming it is allowed now."""
    proposed = bool(turn.proposal) or turn.question_not_applicable
    return proposed and ActionType.CONFIRM in turn.allowed_actions


def answers_follow_up(turn: TurnResult, text: str) -> bool:
    """`text` is a bare yes or no (as the review reads a short reply to a follow-up) to the turn's yes/no follow-up."""
    return yes_no_follow_up(turn) and short_reply_status(text) is not None


def yes_no_follow_up(turn: TurnResult) -> bool:
    """The turn's follow-up asks yes or no about one practice (so a bare yes or no answers it: say so on screen)."""
    follow_up = turn.follow_up
    return follow_up is not None and follow_up.bp_id is not None and asks_yes_or_no(follow_up.text)
