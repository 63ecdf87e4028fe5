"""One entry point for every report format: Markdown, printable HTML, or JSON checked against the committed schema."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from app.findings.formats import ReportFormat
from app.findings.render import render_markdown, report_to_json
from app.findings.report import Report

__all__ = ["MEDIA_TYPES", "RenderedReport", "ReportFormat", "export_report"]

MEDIA_TYPES = {
    ReportFormat.MD: "text/markdown; charset=utf-8",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.JSON: "application/json",
}


@dataclass(frozen=True)
class RenderedReport:
    content: str
    media_type: str
    filename: str


def export_report(report: Report, fmt: ReportFormat) -> RenderedReport:
    """Render `report`; JSON is validated against report.schema.json first (ReportSchemaError if it drifts)."""
    # Jinja2 and jsonschema load on first use, so importing the review core stays light.
    from app.findings.html import render_html
    from app.findings.schema import validate_report_json

    if fmt is ReportFormat.JSON:
        data = report_to_json(report)
        validate_report_json(data)
        content = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif fmt is ReportFormat.HTML:
        content = render_html(report)
    else:
        content = render_markdown(report)
    suffix = "-" + re.sub(r"[^A-Za-z0-9._-]+", "-", report.meta.milestone) if report.meta.milestone else ""
    return RenderedReport(content, MEDIA_TYPES[fmt], f"mllens-review-{report.meta.review_id}{suffix}.{fmt.value}")
