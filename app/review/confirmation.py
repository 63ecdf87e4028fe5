"""Is a short reply to a proposal simply "yes, that's right"? PURE: stdlib only.

A UI that shows a proposal can treat these replies as the confirm action (and must say so next to the proposal), so
"ok" or "looks right" saves the answer instead of being mapped as more evidence. Anything longer or with content of
its own ("yes, but only for the training data") is not a confirmation: it is an answer.
"""

from __future__ import annotations

import re

_CONFIRMATIONS = frozenset(
    {
        "ok",
        "okay",
        "k",
        "yes",
        "y",
        "yep",
        "yeah",
        "yup",
        "sure",
        "correct",
        "right",
        "confirm",
        "confirmed",
        "agreed",
        "agree",
        "fine",
        "good",
        "perfect",
        "exactly",
        "lgtm",
        "that's right",
        "that is right",
        "that's correct",
        "that is correct",
        "looks right",
        "looks good",
        "looks fine",
        "looks correct",
        "sounds right",
        "sounds good",
        "all good",
        "all correct",
        "all right",
        "alright",
        "save",
        "save it",
        "go ahead",
    }
)
_LEADING = re.compile(r"^(?:ok|okay|yes|yeah|yep|yup|sure)\b[,\s]*")
_TRAILING = re.compile(r"[,\s]*\b(?:thanks|thank you|please|to me)$")


def is_confirmation(text: str) -> bool:
    """True for a bare confirmation such as "ok", "Yes.", "looks right!", "yes, that's right", "OK, confirm"."""
    words = re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'"))
    words = re.sub(r"[.!, ]+$", "", words)
    if len(words) > 40:
        return False
    if words in _CONFIRMATIONS:
        return True
    core = _TRAILING.sub("", _LEADING.sub("", words, count=1), count=1).strip(" ,")
    bare = _TRAILING.sub("", words, count=1).strip(" ,")
    return core in _CONFIRMATIONS or bare in _CONFIRMATIONS
