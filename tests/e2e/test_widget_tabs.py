"""The widget's Ask / Review tabs by keyboard in real Chromium, per the WAI-ARIA tabs pattern: the arrow keys move
between the tabs (wrapping), Home and End go to the first and last, the focused tab is the selected one and the only
one in the Tab order, and focus stays on the tab while the newly shown panel loads (it used to jump to the "Reviews"
heading once the review list arrived)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Server

pytestmark = pytest.mark.e2e
ROOT = "document.querySelector('[data-mllens-widget]').shadowRoot"


def focused_id(page: Any) -> Any:
    return page.evaluate(f"() => {ROOT}.activeElement?.id || {ROOT}.activeElement?.textContent")


def tab_state(page: Any) -> dict[str, tuple[str, int]]:
    return dict(
        page.evaluate(
            f"() => Object.fromEntries([...{ROOT}.querySelectorAll('[role=tab]')]"
            ".map((t) => [t.id, [t.getAttribute('aria-selected'), t.tabIndex]]))"
        )
    )


def assert_on(page: Any, tab: str) -> None:
    other = "tab-review" if tab == "tab-ask" else "tab-ask"
    assert focused_id(page) == tab
    assert tab_state(page) == {tab: ["true", 0], other: ["false", -1]}
    panel = page.evaluate(f"() => {ROOT}.getElementById('pane').getAttribute('aria-labelledby')")
    assert panel == tab


def test_arrow_keys_home_and_end_move_between_the_tabs_and_focus_stays_on_the_tab(page: Any, server: Server) -> None:
    page.goto(server.base + "/")
    page.get_by_role("button", name="Open ML Lens assistant").focus()
    page.keyboard.press("Enter")
    for _ in range(6):  # keyboard only: from the message box back to the selected tab
        page.keyboard.press("Shift+Tab")
        if focused_id(page) == "tab-ask":
            break
    assert_on(page, "tab-ask")
    page.keyboard.press("ArrowRight")
    assert_on(page, "tab-review")
    # The review panel loads the user's reviews; once it has, focus must still be on the tab.
    page.locator("[data-mllens-widget]").get_by_label("Workload name").wait_for()
    page.wait_for_timeout(200)
    assert_on(page, "tab-review")
    page.keyboard.press("ArrowRight")  # wraps to the first tab
    assert_on(page, "tab-ask")
    assert page.evaluate("() => window.scrollY") == 0
    page.keyboard.press("ArrowLeft")  # wraps to the last tab
    assert_on(page, "tab-review")
    page.keyboard.press("Home")
    assert_on(page, "tab-ask")
    page.keyboard.press("End")
    assert_on(page, "tab-review")
    page.keyboard.press("ArrowLeft")
    assert_on(page, "tab-ask")  # the Ask panel does not take focus into its message box either
    page.keyboard.press("ArrowRight")
    # Tab leaves the tab list for the selected panel's content.
    page.keyboard.press("Tab")
    assert page.evaluate(f"() => {ROOT}.getElementById('pane').contains({ROOT}.activeElement)")


def test_a_review_panel_restored_on_page_load_leaves_focus_on_the_host_page(page: Any, server: Server) -> None:
    page.goto(server.base + "/")
    page.get_by_role("button", name="Open ML Lens assistant").click()
    page.locator("[data-mllens-widget]").get_by_role("tab", name="Review").click()
    page.locator("[data-mllens-widget]").get_by_label("Workload name").wait_for()
    page.reload()  # the widget reopens in review mode and loads the review list by itself
    page.locator("[data-mllens-widget]").get_by_label("Workload name").wait_for()
    page.wait_for_timeout(200)
    assert page.evaluate("() => document.activeElement === document.body")
