"""The widget's review mode in real Chromium: a whole pillar with free-text answers (one status edited), confirm,
reload mid-review, a stale write (409) that keeps the typed text, side question, progress jump, all three report
downloads, a milestone, and one question keyboard-only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from .conftest import Server, Watch, run_axe

pytestmark = pytest.mark.e2e
ROOT = "document.querySelector('[data-mllens-widget]').shadowRoot"
ANSWER = (
    "We version data and models, retrain automatically from pipelines, and roll back with tested runbooks; "
    "alarms watch every endpoint and recovery is rehearsed each quarter."
)


def ui(page: Any) -> Any:
    return page.locator("[data-mllens-widget]")


def open_review(page: Any, server: Server) -> None:
    page.goto(server.base + "/")
    page.get_by_role("button", name="Open ML Lens assistant").click()
    ui(page).get_by_role("tab", name="Review").click()
    ui(page).get_by_role("heading", name="Reviews", exact=True).wait_for()


def start(page: Any, name: str, pillar: str) -> None:
    ui(page).get_by_label("Workload name").fill(name)
    ui(page).get_by_role("group", name="Pillars (none ticked = all)").get_by_label(pillar).check()
    ui(page).get_by_role("button", name="Start review").click()
    ui(page).locator(".qtext").wait_for()


def propose(page: Any, text: str) -> None:
    ui(page).get_by_label("Your answer in your own words").fill(text)
    ui(page).get_by_role("button", name="Propose answer").click()
    ui(page).get_by_role("button", name="Confirm").wait_for()


def current_question(page: Any) -> str:
    return str(page.evaluate(f"() => {ROOT}.querySelector('.qhead').textContent"))


def test_a_whole_pillar_with_free_text_edit_confirm_reload_and_reports(
    page: Any, server: Server, watch: Watch, screenshots: Path
) -> None:
    open_review(page, server)
    start(page, "Churn model (pillar)", "Reliability")
    assert "question 1 of 5" in current_question(page)
    boxes = ui(page).get_by_role("group", name="Practices — tick what you do").get_by_role("checkbox")
    assert boxes.count() >= 2
    assert "risk" in ui(page).locator(".check .badge").first.inner_text()
    # Side question: answered with a citation, the review keeps its place.
    ui(page).get_by_label("Side question").fill("what does lineage mean?")
    ui(page).get_by_role("button", name="Ask", exact=True).click()
    ui(page).locator(".side .chip").first.wait_for()
    assert "question 1 of 5" in current_question(page)
    propose(page, ANSWER)
    page.screenshot(path=screenshots / "review-proposal-1280.png")
    proposals = ui(page).locator(".proposal li")
    assert proposals.count() >= 2
    assert "“" in ui(page).locator(".proposal").inner_text()  # the user's quoted words
    # Change one proposed status, then confirm.
    first = proposals.first
    bp = first.get_attribute("data-bp")
    first.get_by_role("combobox").select_option("not_implemented")
    page.wait_for_function(
        f"() => {ROOT}.querySelector('.proposal li[data-bp=\"{bp}\"] select')?.value === 'not_implemented'"
        f" && {ROOT}.querySelector('.proposal li[data-bp=\"{bp}\"]').textContent.includes('you picked')"
    )
    ui(page).get_by_role("button", name="Confirm").click()
    page.wait_for_function(f"() => {ROOT}.querySelector('.qhead')?.textContent.includes('question 2 of 5')")
    assert "Saved" in ui(page).get_by_role("status").first.inner_text()
    # Reload mid-review: the widget reopens on the same question.
    page.reload()
    ui(page).locator(".qtext").wait_for()
    assert "question 2 of 5" in current_question(page)
    for position in range(2, 6):
        assert f"question {position} of 5" in current_question(page)
        propose(page, ANSWER)
        ui(page).get_by_role("button", name="Confirm").click()
        if position < 5:
            page.wait_for_function(
                f"() => {ROOT}.querySelector('.qhead')?.textContent.includes('question {position + 1} of 5')"
            )
    ui(page).get_by_role("heading", name="Review complete").wait_for()
    summary = ui(page).locator(".scroll").inner_text()
    assert "High risk:" in summary and "Findings (" in summary
    assert ui(page).locator(".finding").count() >= 1, summary
    assert ui(page).locator(".finding .chip").first.inner_text().startswith("MLREL")
    page.screenshot(path=screenshots / "review-summary-1280.png")
    for fmt, label in (("md", "Markdown"), ("html", "HTML"), ("json", "JSON")):
        with page.expect_download() as download:
            ui(page).get_by_role("button", name=f"Report ({label})").click()
        saved = Path(download.value.path())
        content = saved.read_text()
        assert download.value.suggested_filename.endswith(f".{fmt}")
        if fmt == "json":
            assert json.loads(content)["meta"]["profile"]["name"] == "Churn model (pillar)"
        else:
            assert "Churn model (pillar)" in content and "MLREL" in content
    ui(page).get_by_label("Milestone name").fill("first pass")
    ui(page).get_by_role("button", name="Save milestone").click()
    ui(page).get_by_text("first pass —").wait_for()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in run_axe(page)] == []
    assert watch.foreign(server.base) == [] and watch.errors == []


def test_stale_write_reloads_the_turn_and_keeps_the_typed_text(page: Any, server: Server) -> None:
    open_review(page, server)
    start(page, "Stale check", "Security")
    review_id = page.evaluate("() => Object.entries(localStorage).find(([k]) => k.endsWith(':review'))[1]")
    review_id = json.loads(review_id)
    typed = "Only the platform team can read the raw training data."
    ui(page).get_by_label("Your answer in your own words").fill(typed)
    # Someone else moves the review on (same owner on a loopback server without keys).
    current = httpx.get(f"{server.base}/v1/reviews/{review_id}").json()
    moved = httpx.post(
        f"{server.base}/v1/reviews/{review_id}/turns",
        json={"expected_version": current["version"], "action": {"type": "skip"}},
    )
    assert moved.status_code == 200, moved.text
    ui(page).get_by_role("button", name="Propose answer").click()
    ui(page).get_by_text("This review changed in another window").wait_for()
    assert ui(page).get_by_label("Your answer in your own words").input_value() == typed
    assert "question 2 of" in current_question(page)
    ui(page).get_by_role("group", name="Practices — tick what you do").get_by_role("checkbox").first.check()
    ui(page).get_by_role("button", name="Propose answer").click()  # now against the current version
    ui(page).get_by_role("button", name="Confirm").wait_for()


def test_one_review_question_keyboard_only_and_jump(page: Any, server: Server, screenshots: Path) -> None:
    open_review(page, server)
    start(page, "Keyboard review", "Cost Optimization")
    active = f"() => {ROOT}.activeElement && ({ROOT}.activeElement.type || {ROOT}.activeElement.textContent)"

    def tab_to(predicate: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"() => {{ const el = {ROOT}.activeElement; return !!el && ({predicate}); }}"):
                return
        raise AssertionError(f"Tab never reached {predicate}; last: {page.evaluate(active)}")

    tab_to("el.type === 'checkbox'")
    page.keyboard.press("Space")
    tab_to("el.textContent === 'Propose answer'")
    page.keyboard.press("Enter")
    ui(page).get_by_role("button", name="Confirm").wait_for()
    tab_to("el.textContent === 'Confirm'")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => {ROOT}.querySelector('.qhead')?.textContent.includes('question 2 of')")
    tab_to("el.textContent === 'Progress'", 60)
    page.keyboard.press("Enter")
    ui(page).get_by_role("heading", name="Progress").wait_for()
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=screenshots / "review-progress-360.png")
    tab_to("el.textContent.startsWith('MLCOST04')", 60)
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => {ROOT}.querySelector('.qhead')?.textContent.includes('(MLCOST04)')")
    page.screenshot(path=screenshots / "review-question-360.png")


def test_profile_fields_left_alone_are_not_stated_and_chosen_ones_are_sent(page: Any, server: Server) -> None:
    """What the user does not set in the start form reaches the report as "not stated", never as a default shown as
    a fact (the form used to send internal data, real-time inference and custom training for everyone)."""
    open_review(page, server)
    start(page, "Profile left alone", "Security")
    ui(page).get_by_role("button", name="All reviews").click()
    ui(page).get_by_label("Workload name").fill("Profile chosen")
    ui(page).get_by_label("Models").select_option(label="Only managed AI services (no custom training)")
    ui(page).get_by_label("Data sensitivity").select_option("confidential")
    ui(page).get_by_label("Inference").select_option("batch")
    ui(page).get_by_role("button", name="Start review").click()
    ui(page).locator(".qtext").wait_for()
    reviews = {
        r["name"]: r["id"] for r in httpx.get(f"{server.base}/v1/reviews", params={"limit": 100}).json()["reviews"]
    }

    def profile(name: str) -> dict[str, Any]:
        report = httpx.get(f"{server.base}/v1/reviews/{reviews[name]}/report", params={"format": "json"}).json()
        return dict(report["meta"]["profile"])

    left = profile("Profile left alone")
    assert (left["managed_ai_only"], left["data_sensitivity"], left["inference_mode"]) == (None, None, None)
    md = httpx.get(f"{server.base}/v1/reviews/{reviews['Profile left alone']}/report", params={"format": "md"}).text
    assert "training not stated; data sensitivity not stated; inference not stated" in md
    chosen = profile("Profile chosen")
    assert (chosen["managed_ai_only"], chosen["data_sensitivity"], chosen["inference_mode"]) == (
        True,
        "confidential",
        "batch",
    )


def test_an_answer_cut_at_the_length_limit_says_so(page: Any, server: Server) -> None:
    open_review(page, server)
    start(page, "Long answers", "Security")
    box = ui(page).get_by_label("Your answer in your own words")
    box.fill("We encrypt every bucket with KMS. " * 130)  # 4,420 characters; the box keeps 4,000
    assert len(box.input_value()) == 4000
    note = ui(page).get_by_text("That is the 4,000-character limit: anything longer was cut off.")
    assert note.is_visible()
    box.fill("We encrypt every bucket with KMS.")
    assert not note.is_visible()


def test_an_answer_that_settles_nothing_shows_the_follow_up_and_each_turn_is_announced(
    page: Any, server: Server, screenshots: Path
) -> None:
    """The notice "the follow-up may help" used to point at nothing (the follow-up was drawn only with a proposal),
    and what a turn did (saved, its risk, the notices) was only in content inserted with the turn, which screen
    readers do not read: the widget's live region now says it. A finding cites its practice once, not once per
    section it draws on."""
    open_review(page, server)
    start(page, "Announced review", "Security")
    assert "(MLSEC01)" in current_question(page)
    live = f"{ROOT}.querySelector('.sr[aria-live=polite]')"
    ui(page).get_by_label("Your answer in your own words").fill("Let me check with the team first.")
    ui(page).get_by_role("button", name="Propose answer").click()
    ui(page).locator(".follow-up").wait_for()
    review_id = json.loads(page.evaluate("() => Object.entries(localStorage).find(([k]) => k.endsWith(':review'))[1]"))
    follow_up = httpx.get(f"{server.base}/v1/reviews/{review_id}").json()["follow_up"]["text"]
    assert ui(page).locator(".follow-up").inner_text() == follow_up
    assert ui(page).get_by_role("button", name="Confirm").count() == 0
    page.wait_for_function(f"() => {live}.textContent.includes({json.dumps(follow_up)})")
    assert "settled" in page.evaluate(f"() => {live}.textContent")  # the notice, then the follow-up it points at
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=screenshots / "review-follow-up-360.png")
    propose(page, "No. We have no process for that at all.")
    ui(page).get_by_role("button", name="Confirm").click()
    page.wait_for_function(f"() => {live}.textContent.startsWith('Saved MLSEC01. Risk: High risk.')")
    ui(page).get_by_role("button", name="Summary & report").click()
    ui(page).locator(".finding").first.wait_for()
    chips = ui(page).locator(".finding").first.locator(".chip").all_inner_texts()
    assert chips and len(chips) == len(set(chips)), chips


def test_an_answer_of_a_completed_review_can_be_changed(page: Any, server: Server) -> None:
    """A completed review showed its summary with no way back to a question ("Back to the question" needs one on
    screen, and resuming it shows the summary again); "Change an answer" opens the jump list."""
    open_review(page, server)
    ui(page).get_by_label("Workload name").fill("Revised later")
    ui(page).get_by_role("group", name="Pillars (none ticked = all)").get_by_label("Security").check()
    ui(page).get_by_role("group", name="Lifecycle phases (none ticked = all)").get_by_label(
        "Business goal identification"
    ).check()
    ui(page).get_by_role("button", name="Start review").click()
    ui(page).locator(".qtext").wait_for()
    assert "question 1 of 1" in current_question(page)
    propose(page, "No. We have no process for that at all.")
    ui(page).get_by_role("button", name="Confirm").click()
    ui(page).get_by_role("heading", name="Review complete").wait_for()
    assert "High risk: 1" in ui(page).locator(".scroll").inner_text()
    # The last answer is announced too (the summary replaced the turn before the announcement was made).
    live = f"{ROOT}.querySelector('.sr[aria-live=polite]').textContent"
    page.wait_for_function(f"() => {live} === 'Saved MLSEC01. Risk: High risk. The review is complete.'")
    # A finding's chip opens a card that names the sections it draws on, not a row of bare section headings.
    ui(page).locator(".finding .chip").first.click()
    card = ui(page).get_by_role("dialog", name="MLSEC01-BP01", exact=False)
    assert "Drawn from: Desired outcome, Implementation guidance, Implementation steps" in card.inner_text()
    assert "MIT-0" in card.inner_text() and card.get_by_role("link").get_attribute("href").startswith(
        "https://docs.aws"
    )
    page.keyboard.press("Escape")
    ui(page).get_by_role("button", name="Change an answer").click()
    ui(page).get_by_role("heading", name="Progress").wait_for()
    ui(page).get_by_role("button", name="MLSEC01", exact=False).click()
    page.wait_for_function(f"() => {ROOT}.querySelector('.qhead')?.textContent.includes('(MLSEC01)')")
    assert "This question is saved" in ui(page).locator(".scroll").inner_text()
    ui(page).get_by_role("group", name="Practices — tick what you do").get_by_role("checkbox").first.check()
    # The changed answer of a saved question waits for Confirm (it used to be shown as the "Saved answer", with no
    # Confirm, and was never saved).
    ui(page).get_by_role("button", name="Update proposal").click()
    ui(page).get_by_role(
        "heading", name="Here is what I understood — change anything that's wrong, then confirm."
    ).wait_for()
    ui(page).get_by_role("button", name="Confirm").click()
    ui(page).get_by_role("heading", name="Review complete").wait_for()
    page.wait_for_function(f"() => {live}.startsWith('Saved MLSEC01. Risk: No risk.')")
    assert "High risk: 0" in ui(page).locator(".scroll").inner_text()


def test_a_failed_confirm_shows_its_error_where_the_user_is_and_loses_nothing(
    page: Any, server: Server, context: Any
) -> None:
    """On a phone the Confirm button sits below the proposal; the error of a confirm sent while offline was put at the
    top of the scrolled view, out of sight (only a screen reader heard it), and a second failure stacked another."""
    page.set_viewport_size({"width": 360, "height": 740})
    open_review(page, server)
    start(page, "Offline confirm", "Security")
    propose(page, "Legal signs off on data use and we check every library licence.")
    context.set_offline(True)
    try:
        for _attempt in range(2):
            ui(page).get_by_role("button", name="Confirm").click()
            alert = ui(page).get_by_role("alert")
            alert.wait_for()
            assert alert.count() == 1  # one failure shown, not one per attempt
            expect(alert).to_be_in_viewport()
            assert "cannot reach the assistant" in alert.inner_text()
    finally:
        context.set_offline(False)
    ui(page).get_by_role("button", name="Confirm").click()
    page.wait_for_function(f"() => {ROOT}.querySelector('.qhead')?.textContent.includes('question 2 of 6')")
    assert ui(page).get_by_role("alert").count() == 0
