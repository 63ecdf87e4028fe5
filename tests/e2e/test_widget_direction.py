"""The widget on a right-to-left portal, and right-to-left text typed into it. Its own words and the lens's are
English: a portal's `dir="rtl"` must not reorder them (a trailing "…" or "/" jumping to the front, a source URL split
with its slash at the wrong end). What a person types (a question, an answer, a note) takes the direction of its own
first letters, in the box and in the conversation, whatever the page's direction."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Server, Watch

pytestmark = pytest.mark.e2e
HEBREW = "איך לנהל גרסאות של נתוני האימון? for training data"
ENGLISH = "How should we version our training data?"
ROOT = "document.querySelector('[data-mllens-widget]').shadowRoot"


def portal(page: Any, server: Server, direction: str) -> None:
    """A portal page on the server's origin (keyless loopback) in `direction`, with the widget's script tag."""
    html = (
        f'<!doctype html><html dir="{direction}" lang="he"><head><meta charset="utf-8"><title>פורטל</title>'
        '<script src="/widget.js" defer></script></head><body><h1>פורטל הלמידה</h1></body></html>'
    )
    page.route(
        server.base + "/portal",
        lambda route: route.fulfill(status=200, body=html, headers={"Content-Type": "text/html; charset=utf-8"}),
    )
    page.goto(server.base + "/portal")
    page.get_by_role("button", name="Open ML Lens assistant").click()
    page.get_by_role("textbox", name="Message").wait_for()


def direction_of(page: Any, selector: str) -> str:
    return str(page.evaluate(f"() => getComputedStyle({ROOT}.querySelector({selector!r})).direction"))


def ask(page: Any, question: str) -> None:
    page.get_by_role("textbox", name="Message").fill(question)
    page.get_by_role("button", name="Send").click()
    page.wait_for_function(
        f"() => {{ const b = [...{ROOT}.querySelectorAll('.msg.bot')].pop(); return b && b.querySelector('.fb'); }}"
    )


def test_a_right_to_left_portal_keeps_the_widgets_english_left_to_right(
    page: Any, server: Server, watch: Watch
) -> None:
    portal(page, server, "rtl")
    assert direction_of(page, ".panel") == "ltr"
    ask(page, ENGLISH)
    assert direction_of(page, ".msg.bot:last-of-type") == "ltr"  # the lens's sentences, the attribution, the URL
    assert direction_of(page, ".msg.user") == "ltr"  # English typed on a Hebrew page
    box = page.get_by_role("textbox", name="Message")
    assert box.evaluate("el => getComputedStyle(el).direction") == "ltr"  # the English placeholder
    assert watch.errors == []


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_right_to_left_text_is_shown_right_to_left_as_it_is_typed_and_asked(
    page: Any, server: Server, direction: str
) -> None:
    portal(page, server, direction)
    box = page.get_by_role("textbox", name="Message")
    box.fill(HEBREW)
    assert box.evaluate("el => el.matches(':dir(rtl)')")
    ask(page, HEBREW)
    assert page.evaluate(f"() => {ROOT}.querySelector('.msg.user').matches(':dir(rtl)')")
    box.fill(ENGLISH)
    assert box.evaluate("el => el.matches(':dir(ltr)')")
