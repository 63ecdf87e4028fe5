"""Render a Report as Markdown or JSON, and a milestone diff as Markdown. PURE: no I/O.

Every rendering carries the lens version, corpus hash, AWS attribution and the source URLs it cites.
User words are quoted, never interpreted: they are escaped so they cannot break the table or inject markup.
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.findings.milestones import MilestoneDiff
from app.findings.report import Report
from app.lens.models import Phase, PillarId
from app.review.findings import Finding
from app.review.models import ReviewScope, WorkloadProfile
from app.review.risk import RiskCounts

STATUS_TEXT = {
    "implemented": "implemented",
    "partially_implemented": "partially implemented",
    "not_implemented": "not implemented",
    "not_applicable": "not applicable",
    "cannot_determine": "can't tell yet",
}
PROVENANCE_TEXT = {"user_selected": "ticked", "user_stated": "stated", "inferred": "inferred"}
NA_REASON_TEXT = {  # the WA Tool's reasons, as a reader says them
    "OUT_OF_SCOPE": "out of scope",
    "BUSINESS_PRIORITIES": "business priorities",
    "ARCHITECTURE_CONSTRAINTS": "architecture constraints",
    "OTHER": "other reason",
}
NO_FINDINGS = "No findings: no confirmed answer leaves a practice open."


def render_json(report: Report) -> str:
    return json.dumps(report_to_json(report), indent=2, ensure_ascii=False) + "\n"


def report_to_json(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = report.model_dump(mode="json")
    return data


def render_markdown(report: Report) -> str:
    m = report.meta
    lines = [f"# ML Lens review: {escape(m.profile.name)}", ""]
    if m.milestone:
        lines += [f"Milestone **{escape(m.milestone)}**.", ""]
    lines += ["| | |", "|---|---|"]
    lines += [f"| {k} | {escape(v)} |" for k, v in meta_rows(report)]
    lines += ["", "## Risk summary", "", *_risk_table(report), ""]
    lines += ["## Improvement plan", ""]
    if not report.plan.items:
        lines.append("No gaps in the confirmed answers.")
    for item in report.plan.items:
        flag = " · **quick win**" if item.quick_win else ""
        lines.append(f"{item.rank}. **{item.bp_id}** {item.title} ({item.risk.value} risk · {item.phase.value}){flag}")
    lines += ["", "## Findings", ""]
    if not report.findings:
        lines += [NO_FINDINGS, ""]
    for finding in report.findings:
        lines += _finding(finding)
    lines += ["## Answers", ""]
    for q in report.questions:
        title = f"{q.question_id} · {q.pillar.title} · {q.phase.value}"
        lines += [f"### {title}: {q.risk.value}", ""]
        if q.not_applicable:
            reason = NA_REASON_TEXT[q.na_reason.value] if q.na_reason else "no reason given"
            lines += [f"Marked not applicable ({reason}). {escape(q.notes)}".rstrip(), ""]
            continue
        if not q.practices:
            lines += ["Not answered yet.", ""]
            continue
        lines += ["| Practice | Risk | Status | How we know | User's words |", "|---|---|---|---|---|"]
        for p in q.practices:
            how = f"{PROVENANCE_TEXT[p.provenance.value]}, {p.confidence:.0%}"
            lines.append(
                f"| [{p.bp_id}]({p.url}) {escape(p.title)} | {p.risk.value} | {STATUS_TEXT[p.status.value]} "
                f"| {how} | {escape(p.quote)} |"
            )
        lines.append("")
    lines += ["---", "", escape(m.attribution), "", "Sources:", ""]
    lines += [f"- {url}" for url in m.source_urls]
    return "\n".join(lines) + "\n"


def render_diff_markdown(diff: MilestoneDiff) -> str:
    lines = [f"# Changes from {escape(diff.before)} to {escape(diff.after)}", ""]
    if diff.is_empty:
        return "\n".join([*lines, "Nothing changed.", ""])
    if diff.risks:
        lines += ["## Risk", "", "| Question | Before | After |", "|---|---|---|"]
        lines += [f"| {r.question_id} | {r.before.value} | {r.after.value} |" for r in diff.risks]
        lines.append("")
    if diff.questions or diff.practices:
        lines += ["## Answers", ""]
        for qc in diff.questions:
            lines.append(f"- {qc.question_id}: not applicable {qc.before_not_applicable} → {qc.after_not_applicable}")
        for pc in diff.practices:
            before = STATUS_TEXT[pc.before.value] if pc.before else "unanswered"
            after = STATUS_TEXT[pc.after.value] if pc.after else "unanswered"
            lines.append(f"- {pc.bp_id}: {before} → {after}")
        lines.append("")
    if diff.findings_added or diff.findings_resolved or diff.findings_changed:
        lines += ["## Findings", ""]
        lines += [f"- new: {fid}" for fid in diff.findings_added]
        lines += [f"- resolved: {fid}" for fid in diff.findings_resolved]
        lines += [
            f"- changed: {fc.finding_id} ({STATUS_TEXT[fc.before.value]} → {STATUS_TEXT[fc.after.value]})"
            for fc in diff.findings_changed
        ]
        lines.append("")
    return "\n".join(lines)


def meta_rows(report: Report) -> list[tuple[str, str]]:
    """(label, plain text) pairs describing the review; each renderer escapes them its own way."""
    m = report.meta
    p = m.profile
    # What the workload does, in the user's words, when they gave it (the start forms ask for it).
    described = [("Description", p.description)] if p.description.strip() else []
    return [
        ("Review", f"{m.review_id} (version {m.review_version}, {m.status.value.replace('_', ' ')})"),
        ("Generated", m.generated_at.isoformat(timespec="seconds")),
        ("Workload", workload_text(p)),
        *described,
        ("Scope", scope_text(m.scope)),
        ("Lens", f"{m.lens_name}, {m.lens_version}"),
        ("Corpus hash", m.corpus_hash),
    ]


NOT_STATED = "not stated"


def workload_text(p: WorkloadProfile) -> str:
    """The profile as the user gave it: what they never said reads "… not stated", never a default shown as a fact."""
    if p.managed_ai_only is None:
        training = f"training {NOT_STATED}"
    else:
        training = "managed AI services only" if p.managed_ai_only else "custom training"
    parts = [
        p.ml_use_case or f"use case {NOT_STATED}",
        training,
        f"{p.data_sensitivity.value} data" if p.data_sensitivity else f"data sensitivity {NOT_STATED}",
        f"{p.inference_mode.value.replace('_', '-')} inference" if p.inference_mode else f"inference {NOT_STATED}",
        p.environment or f"environment {NOT_STATED}",
    ]
    return "; ".join(parts)


def scope_text(scope: ReviewScope) -> str:
    pillars = ", ".join(p.title for p in scope.pillars) or "all pillars"
    phases = ", ".join(p.value for p in scope.phases) or "all lifecycle phases"
    return f"{pillars}; {phases}"


def risk_rows(report: Report) -> list[tuple[str, RiskCounts]]:
    rows: list[tuple[str, RiskCounts]] = [("Overall", report.risk.overall)]
    rows += [(_name(k), v) for k, v in report.risk.by_pillar.items()]
    rows += [(_name(k), v) for k, v in report.risk.by_phase.items()]
    return rows


def _risk_table(report: Report) -> list[str]:
    lines = [
        "| | High | Medium | None | N/A | Unanswered | High-risk practices open | Medium-risk practices open |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, c in risk_rows(report):
        lines.append(
            f"| {name} | {c.high} | {c.medium} | {c.none} | {c.not_applicable} | {c.unanswered} "
            f"| {c.high_risk_practices} | {c.medium_risk_practices} |"
        )
    return lines


def _finding(f: Finding) -> list[str]:
    e = f.evidence
    lines = [f"### {f.bp_id} · {escape(f.title)} ({f.risk.value} risk)", ""]
    how = f"{PROVENANCE_TEXT[e.provenance.value]}, confidence {e.confidence:.0%}"
    lines.append(f"- Status: {STATUS_TEXT[e.status.value]} ({how})")
    lines.append(f"- Evidence: “{escape(e.quote)}”" if e.quote else "- Evidence: none quoted")
    if f.quick_win:
        lines.append(f"- Quick win: {f.quick_win_reason}")
    lines.append(f"- Recommendation: {escape(f.recommendation.summary)}")
    lines += [f"  {n}. {escape(step)}" for n, step in enumerate(f.recommendation.steps, start=1)]
    if f.recommendation.drafted_by != "lens-template":
        drafted = f"drafted by {escape(f.recommendation.drafted_by)} from the lens text; references checked"
        lines.append(f"- Recommendation {drafted} against the lens")
    if f.recommendation.notice:
        lines.append(f"- Note: {escape(f.recommendation.notice)}")
    sources = "; ".join(f"[{bp_id}]({url}): {sections}" for bp_id, url, sections in cited_sections(f))
    lines += [f"- Sources: {sources}", ""]
    return lines


def cited_sections(finding: Finding) -> list[tuple[str, str, str]]:
    """(BP ID, URL, "desired outcome, implementation steps") per cited page."""
    pages: dict[tuple[str, str], list[str]] = {}
    for c in finding.citations:
        pages.setdefault((c.bp_id, c.url), []).append(c.section.value.replace("_", " "))
    return [(bp_id, url, ", ".join(sections)) for (bp_id, url), sections in pages.items()]


def _name(key: PillarId | Phase) -> str:
    return key.title if isinstance(key, PillarId) else key.value


# Characters that make Markdown markup out of plain words: links and images ([ ] after an optional !), emphasis,
# code, strikethrough, table cells, and backslash itself. Each is backslash-escaped (CommonMark); < and > become
# entities, so no raw HTML or autolink (<javascript:...>) can form.
_MARKUP = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Plain text safe inside Markdown tables and lists: one line, no link, image, emphasis, pipe or raw HTML."""
    return _MARKUP.sub(r"\\\1", " ".join(text.split())).replace("<", "&lt;").replace(">", "&gt;")
