"""Rendered reports: Markdown, HTML and JSON snapshots, escaping of user words, and the committed JSON Schema."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from syrupy.assertion import SnapshotAssertion

from app.findings.export import ReportFormat, export_report
from app.findings.html import render_html
from app.findings.milestones import diff_milestones, freeze_milestone
from app.findings.render import render_diff_markdown, render_json, render_markdown
from app.findings.report import Report, build_report
from app.findings.schema import SCHEMA_PATH, ReportSchemaError, generated_schema, validate_report_json
from app.lens.models import ATTRIBUTION, Lens
from app.review.models import BPAnswer, BPStatus, Provenance, Review

from .conftest import GENERATED


@pytest.fixture
def report(lens: Lens, review: Review) -> Report:
    return build_report(lens, review, generated_at=GENERATED)


def test_markdown_snapshot(report: Report, snapshot: SnapshotAssertion) -> None:
    assert render_markdown(report) == snapshot


def test_html_snapshot(report: Report, snapshot: SnapshotAssertion) -> None:
    assert render_html(report) == snapshot


def test_json_snapshot(report: Report, snapshot: SnapshotAssertion) -> None:
    assert render_json(report) == snapshot


def test_report_meta_and_risk(report: Report, lens: Lens) -> None:
    assert report.meta.attribution == ATTRIBUTION
    assert (report.meta.lens_version, report.meta.corpus_hash) == (lens.version, lens.corpus_hash)
    assert report.meta.source_urls[0].startswith("https://docs.aws.amazon.com/")
    assert all(c.url in report.meta.source_urls for f in report.findings for c in f.citations)
    overall = report.risk.overall
    assert (overall.high, overall.not_applicable, overall.unanswered) == (2, 1, 1)


def test_user_words_cannot_break_markdown(report: Report) -> None:
    text = render_markdown(report)
    assert "nobody agreed &lt;b&gt;how&lt;/b&gt; \\| explainable" in text
    assert "<b>" not in text and "Churn &lt;model&gt;" in text


def test_html_is_self_contained_and_escaped(report: Report) -> None:
    html = render_html(report)
    assert "<b>how</b>" not in html and "&lt;b&gt;how&lt;/b&gt;" in html
    assert "<script" not in html and "<link" not in html and 'src="' not in html

    class Parser(HTMLParser):
        pass

    Parser().feed(html)  # parses without error


def test_committed_schema_matches_the_report_model() -> None:
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(generated_schema())), (
        "report.schema.json is stale: run .venv/bin/python -c 'from app.findings.schema import write_schema; "
        "write_schema()' and review the change"
    )


def test_json_export_is_valid_and_invalid_json_is_caught(report: Report) -> None:
    data = json.loads(export_report(report, ReportFormat.JSON).content)
    validate_report_json(data)
    data["questions"][0]["risk"] = "CATASTROPHIC"
    with pytest.raises(ReportSchemaError, match="questions/0/risk"):
        validate_report_json(data)


def test_diff_markdown(lens: Lens, review: Review) -> None:
    before = freeze_milestone(lens, review, "m1", created_at=GENERATED)
    fixed = review.answers["MLOPS01"].practices | {
        "MLOPS01-BP02": BPAnswer(status=BPStatus.IMPLEMENTED, provenance=Provenance.USER_SELECTED, confidence=1.0)
    }
    changed = review.model_copy(
        update={
            "answers": review.answers | {"MLOPS01": review.answers["MLOPS01"].model_copy(update={"practices": fixed})}
        }
    )
    after = freeze_milestone(lens, changed, "m2", created_at=GENERATED)
    text = render_diff_markdown(diff_milestones(before, after))
    assert "- MLOPS01-BP02: not implemented → implemented" in text and "- resolved: MLOPS01-BP02" in text
    assert "Nothing changed." in render_diff_markdown(diff_milestones(before, before))


def test_workload_says_what_was_not_stated() -> None:
    from app.findings.render import workload_text
    from app.review.models import DataSensitivity, InferenceMode, WorkloadProfile

    only_name = workload_text(WorkloadProfile(name="w", data_sensitivity=DataSensitivity.CONFIDENTIAL))
    assert only_name == (
        "use case not stated; training not stated; confidential data; inference not stated; environment not stated"
    )
    stated = WorkloadProfile(
        name="w",
        ml_use_case="churn",
        managed_ai_only=False,
        data_sensitivity=DataSensitivity.PUBLIC,
        inference_mode=InferenceMode.REAL_TIME,
        environment="prod",
    )
    assert workload_text(stated) == "churn; custom training; public data; real-time inference; prod"
    assert "managed AI services only" in workload_text(WorkloadProfile(name="w", managed_ai_only=True))


def test_a_report_without_findings_says_so_and_reasons_read_as_words(lens: Lens, review: Review) -> None:
    """A reader should not meet an empty "Findings" heading, nor a WA Tool enum such as (ARCHITECTURE_CONSTRAINTS)."""
    empty = build_report(lens, review.model_copy(update={"answers": {}}), generated_at=GENERATED)
    assert empty.findings == ()
    md = render_markdown(empty)
    findings = md.split("## Findings\n", 1)[1].split("## Answers", 1)[0]
    assert findings.strip() == "No findings: no confirmed answer leaves a practice open."
    assert "\n\n\n" not in md
    assert "<p>No findings: no confirmed answer leaves a practice open.</p>" in render_html(empty)
    full = build_report(lens, review, generated_at=GENERATED)
    assert any(q.not_applicable and q.na_reason for q in full.questions)
    for text in (render_markdown(full), " ".join(render_html(full).split())):  # HTML: as the browser collapses it
        assert "Marked not applicable (architecture constraints)." in text and "(ARCHITECTURE_CONSTRAINTS)" not in text
        assert "No findings" not in text


def test_the_workload_description_the_user_gave_is_in_the_report(lens: Lens, review: Review) -> None:
    """The start forms ask "What it does"; the report used to drop the answer. It is quoted as one escaped line."""
    profile = review.profile.model_copy(update={"description": "Routes support tickets\nwith a [Bedrock](x) model."})
    report = build_report(lens, review.model_copy(update={"profile": profile}), generated_at=GENERATED)
    assert "| Description | Routes support tickets with a \\[Bedrock\\](x) model. |" in render_markdown(report)
    assert "Routes support tickets" in render_html(report)
    assert "Description" not in render_markdown(build_report(lens, review, generated_at=GENERATED)).split("## Risk")[0]
