"""Which short replies to a proposal are plain confirmations."""

from __future__ import annotations

import pytest

from app.review.confirmation import is_confirmation


@pytest.mark.parametrize(
    "text",
    ["ok", "OK", "okay.", "Yes!", "y", "yep", "looks right", "Looks good!", "that\u2019s right", "yes, that's right",
     "ok, confirm", "correct", "lgtm", "sounds right", "okay thanks", "yes please", "looks right to me", "  ok  "],
)  # fmt: skip
def test_confirmations(text: str) -> None:
    assert is_confirmation(text)


@pytest.mark.parametrize(
    "text",
    ["", "no", "nope", "not really", "thanks", "please", "maybe", "yes, but only for the training data",
     "ok we rotate keys every 90 days", "we use KMS", "looks wrong", "yes " * 20, "? ok"],
)  # fmt: skip
def test_not_confirmations(text: str) -> None:
    assert not is_confirmation(text)
