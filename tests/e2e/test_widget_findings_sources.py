"""Findings quote the lens (desired outcome, guidance, implementation steps), so wherever the widget shows them (the
drafted findings after a confirm, and the summary) it shows the AWS attribution and each practice's AWS page, as the
answers in Ask do. A user tour found both missing: only a chip, which opens a card, led to the source."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Server
from .test_widget_review import open_review, propose, start, ui

pytestmark = pytest.mark.e2e
AWS_PAGE = "https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/mlsec01-bp01.html"


def test_findings_show_the_attribution_and_the_practice_page(page: Any, server: Server) -> None:
    open_review(page, server)
    start(page, "Findings with sources", "Security")
    propose(page, "No. We have no process for that at all.")
    ui(page).get_by_role("button", name="Confirm").click()

    drafted = ui(page).locator("details").filter(has_text="drafted finding")
    drafted.locator("summary").click()
    first = drafted.locator(".finding").first
    first.wait_for()
    link = first.get_by_role("link", name="MLSEC01-BP01 on AWS ↗")
    assert link.is_visible() and link.get_attribute("href") == AWS_PAGE
    assert "Amazon.com, Inc. or its affiliates" in drafted.locator(".attribution").inner_text()

    ui(page).get_by_role("button", name="Summary & report").click()
    ui(page).locator(".finding").first.wait_for()
    findings = ui(page).locator(".finding")
    for n in range(findings.count()):
        bp_id = findings.nth(n).get_attribute("data-finding")
        assert findings.nth(n).get_by_role("link", name=f"{bp_id} on AWS ↗").is_visible(), bp_id
    credit = ui(page).locator(".attribution")
    assert credit.count() == 1 and credit.is_visible()
    assert "Amazon.com, Inc. or its affiliates" in credit.inner_text()
    assert "MIT-0" in credit.inner_text()


def test_a_revision_that_settles_nothing_says_so_beside_the_proposal_at_360px(page: Any, server: Server) -> None:
    """A second answer that settles nothing leaves the earlier proposal on screen, and the widget scrolls to it; the
    server's notice ("Nothing in that answer settled a practice") was rendered above the question, out of view at
    360 px, so the earlier proposal looked like the reading of the new words. It now sits under the proposal's head, and
    the words stay in the answer box (they were cleared, so the user had to type them again to reword them)."""
    page.set_viewport_size({"width": 360, "height": 740})
    open_review(page, server)
    start(page, "Revised answer", "Cost Optimization")
    propose(page, "Nobody estimated the return; leadership just wanted a chatbot.")
    version = ui(page).locator("[data-version]").first.get_attribute("data-version")
    ui(page).get_by_label("Your answer in your own words").fill("Let me check with the team first.")
    ui(page).get_by_role("button", name="Update proposal").click()
    page.wait_for_function(
        "v => document.querySelector('[data-mllens-widget]').shadowRoot.querySelector('[data-version]')"
        ".dataset.version !== v",
        arg=version,
    )
    section = ui(page).get_by_role("region", name="Proposed answer")
    notice = section.locator(".notice")
    assert notice.count() == 1 and "settled" in notice.inner_text()
    box = notice.bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 740, box  # in view, not scrolled away
    notices = [t for t in ui(page).locator(".notice").all_inner_texts() if t.strip()]  # (the length note is empty)
    assert notices == [notice.inner_text()], notices  # shown once, not also above the question
    assert "“Nobody estimated the return”" in section.inner_text()  # the earlier proposal is still what is offered
    # the words that settled nothing stay in the box, to be reworded rather than typed again
    assert ui(page).get_by_label("Your answer in your own words").input_value() == "Let me check with the team first."
