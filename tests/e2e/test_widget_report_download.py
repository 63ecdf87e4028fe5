"""The report a person downloads from the widget, against what the review holds: its file name keeps the workload's
name in any script (accented, Hebrew), and the Markdown holds every confirmed answer (practice, status, the person's
own words) with the AWS attribution and each practice's source URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import Server
from .test_widget_review import ANSWER, ROOT, open_review, propose, start, ui

pytestmark = pytest.mark.e2e
LENS_URL = "https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/"


@pytest.mark.parametrize(
    ("name", "filename"),
    [("Modèle de churn — équipe Öst", "modèle-de-churn-équipe-öst-report.md"), ("מודל נטישה", "מודל-נטישה-report.md")],
    ids=["accented", "hebrew"],
)
def test_the_downloaded_report_is_named_after_the_workload_and_holds_every_confirmed_answer(
    page: Any, server: Server, name: str, filename: str
) -> None:
    open_review(page, server)
    start(page, name, "Reliability")
    for position in (1, 2):  # two questions confirmed, three left
        propose(page, ANSWER)
        ui(page).get_by_role("button", name="Confirm").click()
        page.wait_for_function(
            f"() => {ROOT}.querySelector('.qhead')?.textContent.includes('question {position + 1} of 5')"
        )
    review_id = page.evaluate("() => JSON.parse(Object.entries(localStorage).find(([k]) => k.endsWith(':review'))[1])")
    held = httpx.get(f"{server.base}/v1/reviews/{review_id}/report?format=json", timeout=30).json()
    rows = [row for question in held["questions"] for row in question["practices"]]
    assert len({row["bp_id"][:7] for row in rows}) == 2, rows  # the two confirmed questions' practices
    ui(page).get_by_role("button", name="Summary & report").click()
    with page.expect_download() as download:
        ui(page).get_by_role("button", name="Report (Markdown)").click()
    assert download.value.suggested_filename == filename
    report = Path(download.value.path()).read_text(encoding="utf-8")
    assert f"# ML Lens review: {name}" in report
    for row in rows:  # every confirmed practice: its ID, its source URL, the person's words it rests on
        assert row["bp_id"] in report and row["url"] in report and row["quote"] in report, row
    assert "Amazon.com, Inc. or its affiliates" in report and LENS_URL in report
