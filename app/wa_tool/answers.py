"""A review's confirmed answers as WA Tool `UpdateAnswer` requests. PURE.

One request per answered question, as the keyword arguments of boto3's `wellarchitected.update_answer` without
`WorkloadId` and `LensAlias` (the caller supplies those):

- `SelectedChoices`: the practices fully in place, or the question's "None of these" when none is;
- `ChoiceUpdates`: every practice's status (SELECTED, UNSELECTED, or NOT_APPLICABLE with the WA Tool reason), so
  syncing again after a change leaves no stale status behind; notes (at most 250 characters) carry the finer status
  and the user's words;
- `Notes`: an evidence summary with the practice IDs and their AWS pages (at most 2,084 characters, cut on a word);
- `IsApplicable` / `Reason` for a question marked not applicable.
"""

from __future__ import annotations

from typing import Any

from app.findings.report import PracticeRow, QuestionRow, Report
from app.lens.models import Risk
from app.review.models import BPStatus, NAReason
from app.review.risk import QuestionRisk
from app.wa_tool.custom_lens import fit
from app.wa_tool.ids import choice_id, none_choice_id

MAX_NOTES = 2084  # UpdateAnswer Notes
MAX_CHOICE_NOTES = 250  # ChoiceUpdate Notes

STATUS_WORDS = {
    BPStatus.IMPLEMENTED: "in place",
    BPStatus.PARTIALLY_IMPLEMENTED: "partly in place",
    BPStatus.NOT_IMPLEMENTED: "not in place",
    BPStatus.CANNOT_DETERMINE: "not determined",
    BPStatus.NOT_APPLICABLE: "not applicable",
}


def update_answer_requests(report: Report) -> list[dict[str, Any]]:
    """One request per answered question of the report, in review order (unanswered questions are left out)."""
    return [update_answer_request(report, row) for row in report.questions if row.risk is not QuestionRisk.UNANSWERED]


def update_answer_request(report: Report, row: QuestionRow) -> dict[str, Any]:
    if row.not_applicable:
        reason = (row.na_reason or NAReason.OTHER).value
        notes = f"Not applicable ({reason.replace('_', ' ').lower()}). {row.notes}".strip()
        return {
            "QuestionId": row.question_id,
            "IsApplicable": False,
            "Reason": reason,
            "Notes": fit(f"{_header(report)} {notes}", MAX_NOTES),
        }
    selected = [choice_id(p.bp_id) for p in row.practices if p.status is BPStatus.IMPLEMENTED]
    return {
        "QuestionId": row.question_id,
        "SelectedChoices": selected or [none_choice_id(row.question_id)],
        "ChoiceUpdates": {choice_id(p.bp_id): _choice_update(p) for p in row.practices},
        "Notes": evidence_notes(report, row),
        "IsApplicable": True,
    }


def _choice_update(practice: PracticeRow) -> dict[str, str]:
    if practice.status is BPStatus.NOT_APPLICABLE:
        update = {"Status": "NOT_APPLICABLE", "Reason": (practice.na_reason or NAReason.OTHER).value}
    elif practice.status is BPStatus.IMPLEMENTED:
        update = {"Status": "SELECTED"}
    else:
        update = {"Status": "UNSELECTED"}
    words = practice.note or practice.quote
    note = STATUS_WORDS[practice.status].capitalize() + (f': "{words}"' if words else ".")
    update["Notes"] = fit(note, MAX_CHOICE_NOTES)
    return update


def _header(report: Report) -> str:
    meta = report.meta
    where = f"milestone {meta.milestone!r} of " if meta.milestone else ""
    return f"ML Lens Assistant: {where}review {meta.review_id} v{meta.review_version}."


def evidence_notes(report: Report, row: QuestionRow) -> str:
    """Gaps first (High-risk ones first, with the user's words), then what is in place or not applicable, the
    reviewer's notes, and the AWS pages of the gaps; cut on a word boundary to fit the WA Tool's 2,084 characters."""
    gaps = [p for p in row.practices if p.status.is_gap]
    gaps.sort(key=lambda p: p.risk is not Risk.HIGH)
    lines = [f"{_header(report)} Risk {row.risk.value}."]
    for practice in gaps:
        quote = f' "{fit(practice.quote, 200)}"' if practice.quote else ""
        lines.append(f"- {practice.bp_id} ({practice.risk.value}) {STATUS_WORDS[practice.status]}.{quote}")
    done = [p.bp_id for p in row.practices if p.status is BPStatus.IMPLEMENTED]
    if done:
        lines.append(f"In place: {', '.join(done)}.")
    not_applicable = [p.bp_id for p in row.practices if p.status is BPStatus.NOT_APPLICABLE]
    if not_applicable:
        lines.append(f"Not applicable: {', '.join(not_applicable)}.")
    if row.notes:
        lines.append(f"Notes: {row.notes}")
    cited = gaps or list(row.practices)
    lines.append("Sources: " + " ".join(p.url for p in cited))
    return _fit_lines(lines, MAX_NOTES)


def _fit_lines(lines: list[str], limit: int) -> str:
    """Join lines, cutting the whole text on a word boundary when it is too long (newlines kept)."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if not text[limit - 1].isspace() and space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.\n") + "…"
