"""The widget's ask mode in real Chromium against the demo page: streamed answer with citation chips, the practice
card, follow-ups and New conversation, a refusal with nearest topics, Stop, safe rendering, keyboard only, reload
mid-answer, axe-core, no request beyond the app's origin, no CSP violation; screenshots at 1280 and 360 px."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import Server, Watch, run_axe

pytestmark = pytest.mark.e2e
CHIP = re.compile(r"ML[A-Z]{2,4}\d\d-BP\d\d")
ROOT = "document.querySelector('[data-mllens-widget]').shadowRoot"


def focused(page: Any, expression: str = "className") -> Any:
    """A property of the element focused inside the widget's shadow root."""
    return page.evaluate(f"() => {ROOT}.activeElement?.{expression}")


def open_widget(page: Any, server: Server) -> Any:
    page.goto(server.base + "/")
    page.get_by_role("button", name="Open ML Lens assistant").click()
    box = page.get_by_role("textbox", name="Message")
    box.wait_for()
    return box


def ask(page: Any, question: str) -> Any:
    page.get_by_role("textbox", name="Message").fill(question)
    page.get_by_role("button", name="Send").click()
    last = page.locator(".msg.bot").last
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-mllens-widget]').shadowRoot;"
        " const b = [...r.querySelectorAll('.msg.bot')].pop(); return b && b.querySelector('.fb, .error, .notice'); }"
    )
    return last


def test_ask_streams_a_cited_answer_and_the_chip_opens_the_practice(
    page: Any, server: Server, watch: Watch, screenshots: Path
) -> None:
    open_widget(page, server)
    answer = ask(page, "How should we version our training data?")
    log = page.get_by_role("log", name="Conversation")
    assert "version" in log.inner_text().lower()
    chips = answer.locator(".chip")
    assert chips.count() >= 1
    ids = [CHIP.search(t).group(0) for t in chips.all_inner_texts()]  # type: ignore[union-attr]
    assert len(ids) == len(set(ids)), ids  # one chip per practice, however many of its sections are quoted
    first = chips.first.inner_text()
    assert CHIP.search(first), first
    page.screenshot(path=screenshots / "ask-1280.png")
    chips.first.click()
    card = page.get_by_role("dialog", name=CHIP)
    card.wait_for()
    text = card.inner_text()
    assert CHIP.search(first).group(0) in text  # type: ignore[union-attr]
    assert re.search(r"(High|Medium) risk", text)
    assert "Amazon Web Services" in text or "AWS" in text
    href = card.get_by_role("link").get_attribute("href")
    assert href and href.startswith("https://docs.aws.amazon.com/")
    assert card.locator("blockquote").first.inner_text().strip()
    page.screenshot(path=screenshots / "card-1280.png")
    page.keyboard.press("Escape")
    assert card.count() == 0
    assert focused(page) == "chip"
    assert watch.foreign(server.base) == []
    assert watch.errors == [] and watch.dialogs == []


def test_follow_up_new_conversation_and_refusal(page: Any, server: Server) -> None:
    open_widget(page, server)
    ask(page, "What does MLSEC03-BP02 say?")
    conversation = page.evaluate("() => Object.entries(localStorage).find(([k]) => k.endsWith(':conversation'))?.[1]")
    assert conversation
    ask(page, "and how do we monitor it?")
    assert page.locator(".msg.user").count() == 2
    same = page.evaluate("() => Object.entries(localStorage).find(([k]) => k.endsWith(':conversation'))?.[1]")
    assert same == conversation  # the follow-up stayed in one conversation
    refused = ask(page, "how do I bake sourdough bread?")
    assert "Nearest lens topics" in refused.inner_text()
    topics = refused.get_by_role("group", name="Nearest lens topics").locator(".chip")
    assert topics.count() >= 1
    page.get_by_role("button", name="New conversation").click()
    assert page.locator(".msg.user").count() == 0
    assert page.evaluate("() => Object.keys(localStorage).some(k => k.endsWith(':conversation'))") is False


def test_markup_in_a_question_is_shown_as_text(page: Any, server: Server, watch: Watch) -> None:
    open_widget(page, server)
    hostile = "<img src=x onerror=alert(1)> how do we protect training data?"
    ask(page, hostile)
    user = page.locator(".msg.user").last
    assert user.inner_text() == hostile
    assert page.locator("[data-mllens-widget] img").count() == 0
    assert watch.dialogs == []
    assert not [u for u in watch.requests if u.endswith("/x")]


def test_keyboard_only_ask_flow(page: Any, server: Server) -> None:
    page.goto(server.base + "/")
    launcher = page.get_by_role("button", name="Open ML Lens assistant")
    launcher.focus()
    page.keyboard.press("Enter")
    assert focused(page, "getAttribute('aria-label')") == "Message"
    page.keyboard.type("How do we detect data drift?")
    page.keyboard.press("Enter")
    page.locator(".msg.bot .fb").last.wait_for()
    # Shift+Tab from the message box back to the answer's last citation chip; Enter opens its card, Esc closes it.
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        if focused(page) == "chip":
            break
    assert focused(page) == "chip"
    page.keyboard.press("Enter")
    page.get_by_role("dialog", name=CHIP).wait_for()
    page.keyboard.press("Escape")
    assert focused(page) == "chip"
    page.keyboard.press("Escape")
    assert page.get_by_role("textbox", name="Message").is_hidden()
    assert page.evaluate("() => document.activeElement?.matches('[data-mllens-widget]')")
    assert focused(page, "getAttribute('aria-label')") == "Open ML Lens assistant"


def test_reload_keeps_the_conversation(page: Any, server: Server) -> None:
    open_widget(page, server)
    ask(page, "How should we version our training data?")
    page.reload()
    log = page.get_by_role("log", name="Conversation")
    log.wait_for()  # the panel reopens where the user was
    assert "How should we version our training data?" in log.inner_text()
    assert log.locator(".chip").count() >= 1


def test_axe_and_small_screen(page: Any, server: Server, screenshots: Path, watch: Watch) -> None:
    open_widget(page, server)
    ask(page, "What does MLSEC03-BP02 say?")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in run_axe(page)] == []
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=screenshots / "ask-360.png")
    panel_box = page.locator(".panel").bounding_box()
    assert panel_box and panel_box["x"] >= 0 and panel_box["x"] + panel_box["width"] <= 360
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in run_axe(page)] == []
    assert watch.errors == []


def test_nothing_in_the_practice_card_runs_past_its_edge_at_360_px(page: Any, server: Server) -> None:
    """The attribution's long source URL (and any long word) wraps inside the card instead of being cut off."""
    page.set_viewport_size({"width": 360, "height": 740})
    open_widget(page, server)
    ask(page, "How should we version our training data?").locator(".chip").first.click()
    page.get_by_role("dialog", name=CHIP).wait_for()
    overflowing = page.evaluate(
        f"() => {{ const card = {ROOT}.querySelector('.card'); const edge = card.getBoundingClientRect().right;"
        " return [...card.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > edge + 0.5"
        " || e.scrollWidth > e.clientWidth + 1).map(e => e.tagName + '.' + e.className); }"
    )
    assert overflowing == []


def test_reload_mid_answer_shows_the_answer_complete(page: Any, server: Server, watch: Watch) -> None:
    open_widget(page, server)
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route.fetch())  # the server answers (and keeps the stream); the page never gets the reply

    page.route("**/v1/ask", hold)
    page.get_by_role("textbox", name="Message").fill("How do we detect data drift?")
    page.get_by_role("button", name="Send").click()
    deadline = 50
    while not held and deadline:
        page.wait_for_timeout(100)
        deadline -= 1
    assert held, "the question never reached the server"
    page.reload()  # the held request stays routed (unrouting would let it through as a second POST)
    bot = page.locator(".msg.bot").last
    bot.locator(".fb").wait_for()  # finished: the feedback row appears only with the done event
    assert "drift" in bot.inner_text().lower()
    assert bot.locator(".chip").count() >= 1
    assert any("/v1/ask/streams/" in url for url in watch.requests)


def test_a_dropped_stream_resumes_from_the_last_event(page: Any, server: Server, watch: Watch) -> None:
    open_widget(page, server)

    def cut(route: Any) -> None:
        response = route.fetch()
        frames = response.text().split("\n\n")
        first_two = "\n\n".join(frames[:3]) + "\n\n"  # the retry hint, `retrieval` and the first `delta`
        route.fulfill(status=200, headers=response.headers, body=first_two)

    page.route("**/v1/ask", cut)
    answer = ask(page, "How should we version our training data?")
    assert answer.locator(".fb").count() == 1 and answer.locator(".chip").count() >= 1
    replays = [url for url in watch.requests if "/v1/ask/streams/" in url]
    assert len(replays) == 1


def test_stop_cancels_a_streaming_answer(page: Any, server: Server) -> None:
    open_widget(page, server)
    page.route("**/v1/ask", lambda route: None)  # the answer never arrives: it is still "streaming"
    page.get_by_role("textbox", name="Message").fill("How do we detect data drift?")
    page.get_by_role("button", name="Send").click()
    stop = page.get_by_role("button", name="Stop")
    stop.click()
    page.locator(".msg.bot").last.get_by_text("Stopped.").wait_for()
    assert stop.is_hidden() and page.get_by_role("button", name="Send").is_enabled()
    assert focused(page, "getAttribute('aria-label')") == "Message"


def test_a_finished_answer_is_announced_once(page: Any, server: Server) -> None:
    open_widget(page, server)
    ask(page, "What does MLSEC03-BP02 say?")
    live = page.locator("[data-mllens-widget] .panel > [role=status]")
    page.wait_for_function(f"() => {ROOT}.querySelector('.panel > [role=status]').textContent.startsWith('Answer: ')")
    assert "MLSEC03-BP02" in (live.text_content() or "") and live.get_attribute("aria-live") == "polite"
    assert page.get_by_role("log", name="Conversation").get_attribute("aria-live") == "off"  # not token by token


def test_dark_scheme_and_reduced_motion(browser: Any, server: Server, screenshots: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark", reduced_motion="reduce")
    page = context.new_page()
    try:
        open_widget(page, server)
        ask(page, "What does MLSEC03-BP02 say?")
        panel = page.locator("[data-mllens-widget] .panel")
        assert panel.evaluate("el => getComputedStyle(el).animationName") == "none"
        assert panel.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(22, 27, 34)"
        page.screenshot(path=screenshots / "ask-dark-1280.png")
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in run_axe(page)] == []
    finally:
        context.close()


def test_a_question_cut_at_the_length_limit_says_so(page: Any, server: Server) -> None:
    page.goto(server.base + "/")
    page.get_by_role("button", name="Open ML Lens assistant").click()
    box = page.locator("[data-mllens-widget]").get_by_role("textbox", name="Message")
    note = page.locator("[data-mllens-widget]").get_by_text("4,000-character limit")
    assert not note.is_visible()
    box.fill("How should we version our training data? " * 120)  # 5,040 characters; the box keeps 4,000
    assert note.is_visible()
    box.press("Enter")
    assert not note.is_visible()  # sent: the box is empty again
