"""Two widget `<script>` tags on one page, in real Chromium. The same tag twice (a template including the loader
twice) gives one widget and a console warning; two tags with different settings give two widgets, each with its own
saved place (conversation, tab, open state) across a reload, one anonymous identity, and launchers that do not sit on
top of each other. Both used to share one saved place (and the duplicate tag made a second launcher over the first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import Server, Watch

pytestmark = pytest.mark.e2e
HOSTS = "[...document.querySelectorAll('[data-mllens-widget]')]"


def serve_page(page: Any, server: Server, tags: str) -> str:
    """A portal page on the server's own origin (keyless on loopback) with the given script tags."""
    url = server.base + "/portal-with-two-tags"
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title>'
        f'<link rel="icon" href="data:,">{tags}</head><body><main><h1>Portal</h1></main></body></html>'
    )
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    return url


def warnings_of(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if m.type == "warning" else None)
    return seen


def in_widget(page: Any, index: int, script: str) -> Any:
    """Evaluate `script` (a function body over `root`, the widget's shadow root) in the index-th widget."""
    return page.evaluate(f"() => {{ const root = {HOSTS}[{index}].shadowRoot; {script} }}")


def test_the_same_tag_twice_mounts_one_widget_and_warns(page: Any, server: Server, watch: Watch) -> None:
    warned = warnings_of(page)
    tag = '<script src="/widget.js" defer></script>'
    page.goto(serve_page(page, server, tag + tag))
    page.get_by_role("button", name="Open ML Lens assistant").wait_for()
    page.wait_for_timeout(300)  # both copies have run by now
    assert page.evaluate(f"() => {HOSTS}.length") == 1
    assert any("included twice" in w for w in warned), warned
    page.get_by_role("button", name="Open ML Lens assistant").click()
    page.get_by_role("textbox", name="Message").wait_for()
    assert page.evaluate("() => typeof MLLensWidget.mount") == "function"
    assert watch.errors == []


def test_untitled_launchers_are_named_after_what_sets_them_apart(page: Any, server: Server, watch: Watch) -> None:
    tags = (
        '<script src="/widget.js" defer></script>'
        '<script src="/widget.js" data-mode="review" defer></script>'
        '<script src="/widget.js" data-position="left" defer></script>'
    )
    page.goto(serve_page(page, server, tags))
    names = ["Open ML Lens assistant", "Open ML Lens assistant (review)", "Open ML Lens assistant (left)"]
    for name in names:
        page.get_by_role("button", name=name, exact=True).wait_for()
    assert page.evaluate(f"() => {HOSTS}.length") == 3
    assert watch.errors == []


def test_two_tags_with_different_settings_keep_their_own_place(
    page: Any, server: Server, watch: Watch, screenshots: Path
) -> None:
    tags = (
        '<script src="/widget.js" data-title="Ask the lens" defer></script>'
        '<script src="/widget.js" data-title="Lens review" data-mode="review" defer></script>'
    )
    url = serve_page(page, server, tags)
    page.goto(url)
    # Each launcher is named after its widget's title (both used to be "Open ML Lens assistant").
    launchers = [
        page.get_by_role("button", name=name, exact=True) for name in ("Open Ask the lens", "Open Lens review")
    ]
    launchers[1].wait_for()
    first, second = (launcher.bounding_box() for launcher in launchers)
    assert first and second and first["y"] >= second["y"] + second["height"], (first, second)  # stacked, not overlaid

    # Ask in the first widget: its open panel sits above the second launcher, which stays visible and clickable.
    launchers[0].click()
    ask_panel = page.get_by_role("dialog", name="Ask the lens")
    panel = ask_panel.bounding_box()
    assert panel and panel["y"] + panel["height"] <= second["y"], (panel, second)
    centre = (second["x"] + second["width"] / 2, second["y"] + second["height"] / 2)
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y) === document.querySelectorAll('[data-mllens-widget]')[1]",
        list(centre),
    )
    assert on_top, "the second launcher is covered"
    ask_panel.get_by_role("textbox", name="Message").fill("How should we version our training data?")
    ask_panel.get_by_role("button", name="Send").click()
    page.wait_for_function(f"() => {HOSTS}[0].shadowRoot.querySelector('.msg.bot .fb')")
    page.screenshot(path=screenshots / "two-widgets-ask.png")
    page.get_by_role("button", name="Close assistant").click()

    # The second widget opens on its own tab, without the first one's conversation.
    launchers[1].click()
    review_panel = page.get_by_role("dialog", name="Lens review")
    review_panel.get_by_label("Workload name").wait_for()
    assert in_widget(page, 1, "return root.getElementById('tab-review').getAttribute('aria-selected');") == "true"
    page.screenshot(path=screenshots / "two-widgets-review.png")

    # After a reload each is where its user left it: the first closed with its answer, the second open on Review.
    page.reload()
    page.get_by_role("dialog", name="Lens review").get_by_label("Workload name").wait_for()
    assert in_widget(page, 0, "return root.querySelector('.panel').hidden;") is True
    assert in_widget(page, 0, "return root.querySelectorAll('.msg.user').length;") == 1
    assert in_widget(page, 1, "return root.querySelectorAll('.msg.user').length;") == 0
    in_widget(page, 1, "root.getElementById('tab-ask').click(); return null;")
    assert in_widget(page, 1, "return root.querySelectorAll('.msg.user').length;") == 0
    page.screenshot(path=screenshots / "two-widgets-reloaded.png")

    stored = page.evaluate("() => Object.keys(localStorage)")
    assert len([k for k in stored if k.endswith(":mode")]) == 2, stored  # a saved place each
    assert len([k for k in stored if k.endswith(":transcript")]) == 1, stored
    assert len([k for k in stored if k.endswith(":anonymous")]) == 1, stored  # one person, one identity
    assert watch.errors == [] and watch.dialogs == []
