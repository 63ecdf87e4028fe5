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
