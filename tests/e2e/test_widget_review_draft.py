"""An answer typed in the widget's review and not sent yet survives a page reload (a long answer used to be lost with
an accidental reload, the ticks too); once sent, or on another question, the box starts empty."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Server, Watch
from .test_widget_review import ANSWER, open_review, propose, start, ui

pytestmark = pytest.mark.e2e
TYPED = "We keep every training set in a versioned bucket and tag each model with the data version it used."


def answer_box(page: Any) -> Any:
    return ui(page).get_by_label("Your answer in your own words")


def test_an_unsent_answer_and_its_ticks_survive_a_reload(page: Any, server: Server, watch: Watch) -> None:
    open_review(page, server)
    start(page, "Draft model", "Reliability")
    boxes = ui(page).get_by_role("group", name="Practices — tick what you do").get_by_role("checkbox")
    boxes.nth(1).check()
    answer_box(page).fill(TYPED)
    page.reload()
    answer_box(page).wait_for()
    assert answer_box(page).input_value() == TYPED
    boxes = ui(page).get_by_role("group", name="Practices — tick what you do").get_by_role("checkbox")
    assert [boxes.nth(i).is_checked() for i in range(2)] == [False, True]

    # Sent: the words are the proposal's now, and a reload shows an empty box, not the old words again.
    propose(page, ANSWER)
    page.reload()
    answer_box(page).wait_for()
    assert answer_box(page).input_value() == ""

    # Typed on one question, then the review moves on: the next question starts empty after a reload.
    answer_box(page).fill("words for the first question")
    ui(page).get_by_role("button", name="Confirm").click()
    ui(page).get_by_text("question 2 of").wait_for()
    page.reload()
    answer_box(page).wait_for()
    assert answer_box(page).input_value() == ""
    assert watch.errors == []
