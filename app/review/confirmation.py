"""Is a short reply to a proposal simply "yes, that's right"? Does a follow-up ask for a yes or a no? PURE: stdlib
only.

A UI that shows a proposal can treat these replies as the confirm action (and must say so next to the proposal), so
"ok" or "looks right" saves the answer instead of being mapped as more evidence. Anything longer or with content of
its own ("yes, but only for the training data") is not a confirmation: it is an answer. Some confirmations name the
proposal or the act ("confirm", "looks right", "save it"); the others ("yes", "yep", "correct") could as well answer
a yes/no follow-up shown with the proposal, and app.reviewing.replies decides which they do.
"""

from __future__ import annotations

import re

# Confirmations that say what they confirm: the proposal ("looks right") or the act ("confirm", "save it"). A bare
# "yes" or "correct" is not one of them: under a yes/no follow-up it answers the follow-up.
_OF_THE_PROPOSAL = frozenset(
    {
        "confirm",
        "confirmed",
        "lgtm",
        "looks right",
        "looks good",
        "looks fine",
        "looks correct",
        "sounds right",
        "sounds good",
        "all good",
        "all correct",
        "save",
        "save it",
        "go ahead",
    }
)
# Every confirmation: those above, and the bare ones that could as well answer a yes/no follow-up.
_CONFIRMATIONS = _OF_THE_PROPOSAL | frozenset(
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
        "agreed",
        "agree",
        "fine",
        "good",
        "perfect",
        "exactly",
        "that's right",
        "that is right",
        "that's correct",
        "that is correct",
        "all right",
        "alright",
    }
)
_LEADING = re.compile(r"^(?:ok|okay|yes|yeah|yep|yup|sure)\b[,\s]*")
_TRAILING = re.compile(r"[,\s]*\b(?:thanks|thank you|please|to me)$")


def is_confirmation(text: str) -> bool:
    """True for a bare confirmation such as "ok", "Yes.", "looks right!", "yes, that's right", "OK, confirm"."""
    return bool(_confirming_words(text) & _CONFIRMATIONS)


def names_the_proposal(text: str) -> bool:
    """A confirmation that says what it confirms ("confirm", "looks right!", "yes, save it", "OK, confirm"), not a
    bare "yes" or "correct" that could answer a question."""
    return bool(_confirming_words(text) & _OF_THE_PROPOSAL)


def _confirming_words(text: str) -> set[str]:
    """The reply as a whole, without its trailing courtesy and without a leading "ok"/"yes" (empty when too long)."""
    words = re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'"))
    words = re.sub(r"[.!, ]+$", "", words)
    if len(words) > 40:
        return set()
    core = _TRAILING.sub("", _LEADING.sub("", words, count=1), count=1).strip(" ,")
    bare = _TRAILING.sub("", words, count=1).strip(" ,")
    return {words, core, bare}


# A yes/no question opens its main clause with an auxiliary and its subject: "Have you …", "Do they …", and after a
# leading phrase or clause, "If a job fails, would it …", "Before building, did you …".
_AUXILIARY = (
    r"(?:do|does|did|have|has|had|is|are|was|were|can|could|would|will|should|shall|may|might|must)"
    r"(?:n't)?"
)
_POLAR_OPENING = re.compile(rf"(?:^|[,;:]\s*){_AUXILIARY}\s+(?!not\b)\w", re.I)
# "Could you walk me through …": a request to describe, which "yes" does not answer.
_REQUEST = re.compile(
    r"^(?:could|can|would|will) you (?:please )?(?:tell|show|describe|walk|explain|list|give|share|outline|say)\b", re.I
)
# "… one big instance, or several small ones?": an alternative question, which "yes" does not answer either.
_ALTERNATIVE = re.compile(r",\s+or\s+", re.I)


def asks_yes_or_no(question: str) -> bool:
    """True for a question a bare "yes" or "no" answers: "Have you used AutoML tools?", "If the cluster lost a node,
    would the job resume?"; False for open questions ("How do you …?", "Who approves …?"), requests ("Could you walk
    me through …?") and alternatives ("Is it one large application, or separate services?")."""
    text = re.sub(r"\s+", " ", question.strip().replace("\u2019", "'"))
    opening = _POLAR_OPENING.search(text)
    if opening is None or _REQUEST.match(text):
        return False
    return _ALTERNATIVE.search(text, opening.end()) is None
