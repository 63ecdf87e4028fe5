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


def test_ctrl_enter_sends_the_answer_and_enter_makes_a_new_line(page: Any, server: Server, watch: Watch) -> None:
    """Answers run to paragraphs, so Enter keeps making new lines; Ctrl+Enter (⌘+Enter on a Mac) sends, and the box's
    description (read by screen readers with its label) says so."""
    open_review(page, server)
    start(page, "Keyboard model", "Reliability")
    box = answer_box(page)
    hint = box.evaluate("(el) => el.getRootNode().getElementById(el.getAttribute('aria-describedby')).textContent")
    assert "Ctrl+Enter" in hint and "⌘+Enter" in hint and "new line" in hint
    box.fill(ANSWER)
    box.press("End")
    box.press("Enter")
    box.type("That is all we do there.")
    assert box.input_value() == f"{ANSWER}\nThat is all we do there."  # Enter made a new line, sent nothing
    assert ui(page).get_by_role("button", name="Confirm").count() == 0
    box.press("Control+Enter")
    ui(page).get_by_role("button", name="Confirm").wait_for()
    box = answer_box(page)
    box.fill(TYPED)
    box.press("Meta+Enter")  # sent: the box starts empty again
    page.wait_for_function(
        "() => document.querySelector('[data-mllens-widget]').shadowRoot"
        ".querySelector('textarea[aria-describedby=answer-hint]').value === ''"
    )
    assert watch.errors == []
