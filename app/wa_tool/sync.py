"""Sending a review to the WA Tool: the preview table and the ordered calls, over the `WATool` port. PURE: the boto3
adapter (app.wa_tool.aws) implements the port; tests drive it with botocore's Stubber.

Order: (import and publish the custom lens, and apply it to the workload) or check it is applied; then one
UpdateAnswer per answered question, comparing the risk the WA Tool computes with ours; then an optional milestone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from app.findings.report import Report
from app.review.risk import QuestionRisk


class WATool(Protocol):
    def import_lens(self, lens_json: str, lens_alias: str | None) -> str:
        """Create (or, given its ARN, update) the custom lens; returns its ARN."""
        ...

    def find_lens(self, name: str) -> str | None:
        """The ARN of this account's custom lens named exactly `name`, or None; raises InvalidInput if several are."""
        ...

    def publish_lens(self, lens_arn: str, version: str) -> None: ...

    def apply_lens(self, workload_id: str, lens_alias: str) -> None: ...

    def applied_lens(self, workload_id: str, lens_alias: str) -> str:
        """The name of the lens as applied to the workload; raises NotFound when it is not applied."""
        ...

    def update_answer(self, workload_id: str, lens_alias: str, request: dict[str, Any]) -> str:
        """Send one answer; returns the risk the WA Tool computed for the question."""
        ...

    def create_milestone(self, workload_id: str, name: str) -> int: ...


@dataclass(frozen=True, slots=True)
class SyncRow:
    question_id: str
    applicable: bool
    selected: int  # practices in place (0 when "None of these")
    not_applicable: int  # practices marked not applicable
    gaps: int
    risk: QuestionRisk  # ours (app.review.risk)
    wa_risk: str | None = None  # what the WA Tool computed, once sent

    @property
    def agrees(self) -> bool:
        return self.wa_risk is None or self.wa_risk == self.risk.value


@dataclass
class SyncResult:
    lens_alias: str
    rows: list[SyncRow]
    imported: bool = False
    milestone_number: int | None = None
    log: list[str] = field(default_factory=list)

    @property
    def disagreements(self) -> list[SyncRow]:
        return [row for row in self.rows if not row.agrees]


def preview_rows(report: Report, requests: Sequence[dict[str, Any]]) -> list[SyncRow]:
    """What a sync would send, one row per request (the dry-run table)."""
    risks = {row.question_id: row for row in report.questions}
    rows = []
    for request in requests:
        row = risks[request["QuestionId"]]
        updates = request.get("ChoiceUpdates", {}).values()
        selected = sum(1 for u in updates if u["Status"] == "SELECTED")
        not_applicable = sum(1 for u in updates if u["Status"] == "NOT_APPLICABLE")
        rows.append(
            SyncRow(
                question_id=row.question_id,
                applicable=request.get("IsApplicable", True),
                selected=selected,
                not_applicable=not_applicable,
                gaps=len(updates) - selected - not_applicable,
                risk=row.risk,
            )
        )
    return rows


def sync_review(
    tool: WATool,
    report: Report,
    requests: Sequence[dict[str, Any]],
    *,
    workload_id: str,
    lens_alias: str,
    lens_json: str | None = None,
    lens_version: str = "",
    milestone: str | None = None,
    progress: Callable[[SyncRow], None] | None = None,
) -> SyncResult:
    """Send the review. With `lens_json`, import and publish the lens and apply it to the workload first (`lens_alias`
    is then the ARN of the lens to update, or the lens's name: the custom lens of that name is updated, or created
    when there is none; `lens_json` must carry that name); else the lens must already be applied."""
    result = SyncResult(lens_alias=lens_alias, rows=[])
    if lens_json is not None:
        # by name: the lens of that name made by an earlier run is updated in place (lens_json carries the name)
        existing = lens_alias if lens_alias.startswith("arn:") else tool.find_lens(lens_alias)
        arn = tool.import_lens(lens_json, existing)
        tool.publish_lens(arn, lens_version)
        tool.apply_lens(workload_id, arn)
        result.lens_alias, result.imported = arn, True
        result.log.append(f"imported and published {arn} ({lens_version}) and applied it to workload {workload_id}")
    else:
        name = tool.applied_lens(workload_id, lens_alias)
        result.log.append(f"workload {workload_id} has lens {name!r} ({lens_alias}) applied")
    for row, request in zip(preview_rows(report, requests), requests, strict=True):
        wa_risk = tool.update_answer(workload_id, result.lens_alias, request)
        sent = replace(row, wa_risk=wa_risk)
        result.rows.append(sent)
        if progress is not None:
            progress(sent)
    if milestone:
        result.milestone_number = tool.create_milestone(workload_id, milestone)
        result.log.append(f"created milestone {milestone!r} (number {result.milestone_number})")
    return result
