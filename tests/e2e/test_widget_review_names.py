"""Review-mode names a user tour found wrong, in real Chromium: pillar names as the lens spells them, a visible label
on the side-question box, and "Resume" buttons that tell two reviews of the same name apart."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from .conftest import Server
from .test_widget_review import ROOT, open_review, start, ui

pytestmark = pytest.mark.e2e


def lens_pillar_names(server: Server) -> dict[str, str]:
    lens = httpx.get(f"{server.base}/v1/lens", timeout=30).json()
    return {p["id"]: p["name"] for p in lens["pillars"]}


def test_pillar_names_are_the_lens_names_in_the_form_progress_and_summary(page: Any, server: Server) -> None:
    names = lens_pillar_names(server)
    assert names["cost"] == "Cost Optimization"  # the lens's own capitalisation, as in the report
    open_review(page, server)
    group = ui(page).get_by_role("group", name="Pillars (none ticked = all)")
    group.get_by_role("checkbox").first.wait_for()
    shown = page.evaluate(
        f"() => Array.from([...{ROOT}.querySelectorAll('fieldset')].find((f) => f.querySelector('legend')"
        ".textContent.startsWith('Pillars')).querySelectorAll('label'), (l) => [l.querySelector('input').value,"
        " l.textContent])"
    )
    assert dict(shown) == names
    start(page, "Pillar names", "Cost Optimization")
    assert ui(page).locator(".qhead").inner_text().startswith("Cost Optimization · ")
    ui(page).get_by_role("button", name="Progress").click()
    answered = ui(page).get_by_role("table", name="Questions answered by pillar")
    answered.get_by_role("cell", name="Cost Optimization", exact=True).wait_for()
    assert "Cost optimization" not in answered.inner_text()
    ui(page).get_by_role("button", name="Back to the question").click()
    ui(page).get_by_role("button", name="Summary & report").click()
    risk = ui(page).get_by_role("table", name="Risk by pillar")
    risk.get_by_role("cell", name="Cost Optimization", exact=True).wait_for()
    assert "Cost optimization" not in risk.inner_text()


def test_the_side_question_box_has_a_visible_label_that_names_it(page: Any, server: Server) -> None:
    open_review(page, server)
    start(page, "Side label", "Security")
    labels = page.evaluate(
        f"() => [...{ROOT}.querySelector('.side input[type=text]').labels]"
        ".filter((l) => l.checkVisibility() && l.getBoundingClientRect().height > 0).map((l) => l.textContent.trim())"
    )
    assert len(labels) == 1 and labels[0].startswith("Side question")
    # The accessible name is the visible label itself (no aria-label saying something else).
    box = ui(page).get_by_role("textbox", name=labels[0], exact=True)
    assert box.count() == 1 and box.get_attribute("aria-label") is None
    box.fill("what does lineage mean?")
    ui(page).get_by_role("button", name="Ask", exact=True).click()
    ui(page).locator(".side .chip").first.wait_for()


def test_resume_buttons_of_two_reviews_with_the_same_name_have_different_accessible_names(
    page: Any, server: Server
) -> None:
    open_review(page, server)
    start(page, "Twin workload", "Reliability")
    ui(page).get_by_role("group", name="Practices — tick what you do").get_by_role("checkbox").first.check()
    ui(page).get_by_role("button", name="Propose answer").click()
    ui(page).get_by_role("button", name="Confirm").click()
    page.wait_for_function(f"() => {ROOT}.querySelector('.qhead')?.textContent.includes('question 2 of')")
    ui(page).get_by_role("button", name="All reviews").click()
    ui(page).get_by_role("button", name="Start review").wait_for()
    start(page, "Twin workload", "Reliability")
    ui(page).get_by_role("button", name="All reviews").click()
    twins = ui(page).get_by_role("button", name=re.compile(r"^Resume “Twin workload”"))
    twins.nth(1).wait_for()
    assert twins.count() == 2
    spoken = [twins.nth(i).aria_snapshot() for i in range(2)]
    assert spoken[0] != spoken[1], spoken
    # Each name starts with the visible text (WCAG 2.5.3) and says how far the review got.
    for i in range(2):
        assert twins.nth(i).inner_text() == "Resume “Twin workload”"
    assert any("1/5 answered" in s for s in spoken) and any("0/5 answered" in s for s in spoken), spoken
    twins.filter(has_text="Twin workload").first.click()
    ui(page).locator(".qtext").wait_for()
