"""Block Kit for a review in a thread: a question (practices with risk badges as checkboxes, or a multi-select above
10), the proposal with the user's words and Confirm / Edit, what was saved with its risk and findings, the summary,
and the modals (Doesn't apply, Edit, Start). PURE: a function of the typed turn, no I/O."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from app.findings.report import Report
from app.review.actions import ActionType
from app.review.models import BPStatus, NAReason
from app.review.risk import QuestionRisk, RiskSummary
from app.review.turn import BPChoice, TurnResult
from app.reviewing.replies import yes_no_follow_up
from app.slack.blocks import MAX_CONTEXT_ELEMENTS, Block, attribution, button, context, section
from app.slack.mrkdwn import escape, link

T = TypeVar("T")
MAX_CHECKBOXES = 10  # Slack's limit per checkbox group; above it a multi-select
OPTION_TEXT = 75  # characters in an option's text or description
# Under a yes/no follow-up a bare yes or no answers it (app.reviewing.replies); saying so tells how to confirm instead.
ANSWER_YES_OR_NO = " _(A bare `yes` or `no` answers it; *Confirm* or a reply of `confirm` saves the answer.)_"
RISK_BADGE = {"High": "🔴 High", "Medium": "🟠 Medium"}
STATUS_LABEL = {
    BPStatus.IMPLEMENTED: "✅ implemented",
    BPStatus.PARTIALLY_IMPLEMENTED: "◐ partly implemented",
    BPStatus.NOT_IMPLEMENTED: "❌ not implemented",
    BPStatus.NOT_APPLICABLE: "➖ not applicable",
    BPStatus.CANNOT_DETERMINE: "❔ can't tell yet",
}
NA_LABEL = {
    NAReason.OUT_OF_SCOPE: "Out of scope for this workload",
    NAReason.BUSINESS_PRIORITIES: "Business priorities",
    NAReason.ARCHITECTURE_CONSTRAINTS: "Architecture constraints",
    NAReason.OTHER: "Other",
}
RISK_LABEL = {
    QuestionRisk.HIGH: "🔴 HIGH",
    QuestionRisk.MEDIUM: "🟠 MEDIUM",
    QuestionRisk.NONE: "🟢 NONE",
    QuestionRisk.NOT_APPLICABLE: "➖ NOT APPLICABLE",
    QuestionRisk.UNANSWERED: "UNANSWERED",
}
# Action IDs (the listeners in app/slack/reviews.py match these)
TICKS, SUBMIT, CONFIRM, EDIT, NOT_APPLICABLE, SKIP = (
    "review_ticks",
    "review_submit",
    "review_confirm",
    "review_edit",
    "review_na",
    "review_skip",
)
START = "review_start"
NA_MODAL, EDIT_MODAL, START_MODAL = "review_na_modal", "review_edit_modal", "review_start_modal"


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[n : n + size] for n in range(0, len(items), size)]


def _cut(text: str, limit: int = OPTION_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def turn_ref(turn: TurnResult) -> str:
    """The button value: which review, at which version (a stale click is refused, never applied)."""
    return f"{turn.review_id}:{turn.version}"


def progress_text(turn: TurnResult) -> str:
    done, total = turn.progress.overall.done, turn.progress.overall.total
    pillars = " · ".join(f"{p.title} {c.done}/{c.total}" for p, c in turn.progress.by_pillar.items())
    return f"Progress: {pillars} · overall {done}/{total}"


def _option(choice: BPChoice) -> dict[str, Any]:
    return {
        "text": {"type": "plain_text", "text": _cut(choice.label), "emoji": True},
        "description": {"type": "plain_text", "text": _cut(f"{choice.id} · {RISK_BADGE[choice.risk.value]} risk")},
        "value": choice.id,
    }


def _ticked(turn: TurnResult) -> list[dict[str, Any]]:
    ticked = {p.bp_id for p in turn.proposal if p.status is BPStatus.IMPLEMENTED}
    return [_option(c) for c in turn.choices if c.id in ticked]


def question_blocks(turn: TurnResult) -> list[Block]:
    """The question under the cursor with its practices as choices."""
    q = turn.question
    assert q is not None
    risks = f"{q.high_risk_practices} high-risk, {q.medium_risk_practices} medium-risk practices"
    where = f"*{escape(q.pillar_name)} · {escape(q.phase.value)}* ({link(q.url, q.id)})"
    header = f"{where} · question {q.position} of {q.total} · {risks}"
    picker: dict[str, Any] = {
        "type": "checkboxes" if len(turn.choices) <= MAX_CHECKBOXES else "multi_static_select",
        "action_id": TICKS,
        "options": [_option(c) for c in turn.choices],
    }
    if picker["type"] == "multi_static_select":
        picker["placeholder"] = {"type": "plain_text", "text": "Practices you have in place"}
    if ticked := _ticked(turn):
        picker["initial_options"] = ticked
    ref = turn_ref(turn)
    return [
        context(header),
        section(f"*{escape(q.title)}*\n{escape(q.text)}"),
        {"type": "actions", "block_id": f"ticks:{ref}", "elements": [picker]},
        # every practice linked (a context block holds 10 elements), then the attribution: the titles are the lens's
        *(
            context(*(f"{link(c.url, c.id)} {RISK_BADGE[c.risk.value]} {escape(_cut(c.title, 60))}" for c in chunk))
            for chunk in _chunks(turn.choices, MAX_CONTEXT_ELEMENTS)
        ),
        context(attribution()),
        {
            "type": "actions",
            "block_id": f"question:{ref}",
            "elements": [
                button("Submit ticks", SUBMIT, ref, style="primary"),
                button("Doesn't apply", NOT_APPLICABLE, ref),
                button("Skip for now", SKIP, ref),
            ],
        },
        context(
            "Tick what you do, or reply in this thread in your own words. "
            "End a reply with `?` to ask a side question; the review keeps its place.",
            progress_text(turn),
        ),
    ]


def proposal_blocks(turn: TurnResult) -> list[Block]:
    """What the bot understood, with the user's own words, and Confirm (when there is something to confirm) / Edit."""
    titles = {c.id: c.label for c in turn.choices}
    lines = []
    for p in turn.proposal:
        because = f" — because you said “{escape(_cut(p.quote, 200))}”" if p.quote else ""
        how = (
            ""
            if p.status is BPStatus.CANNOT_DETERMINE
            else f" ({p.provenance.value.replace('user_', '')}, {p.confidence_level.value} confidence)"
        )
        lines.append(f"• *{p.bp_id}* {escape(titles.get(p.bp_id, ''))}: {STATUS_LABEL[p.status]}{how}{because}")
    can_confirm = ActionType.CONFIRM in turn.allowed_actions
    if lines:
        then = ", then confirm.* (A reply of `ok` confirms too.)" if can_confirm else ".*"
        head = "*Here is what I understood — change anything that's wrong" + then
        blocks = [section(head + "\n" + "\n".join(lines))]
    else:  # nothing settled: no empty list under "here is what I understood", and nothing to confirm
        blocks = [section("*Nothing settled yet.* Reply again in your own words, tick what you do, or use *Edit*.")]
    if turn.question_not_applicable:
        reason = NA_LABEL.get(turn.question_na_reason, "") if turn.question_na_reason else ""
        blocks.append(section(f"The whole question is marked *not applicable* ({escape(reason)})."))
    if turn.follow_up is not None:
        how = ANSWER_YES_OR_NO if can_confirm and yes_no_follow_up(turn) else ""
        blocks.append(section(f"One follow-up: {escape(turn.follow_up.text)}{how}"))
    ref = turn_ref(turn)
    blocks.append(
        {
            "type": "actions",
            "block_id": f"proposal:{ref}",
            "elements": [
                *([button("Confirm", CONFIRM, ref, style="primary")] if can_confirm else []),
                button("Edit", EDIT, ref),
                button("Doesn't apply", NOT_APPLICABLE, ref),
            ],
        }
    )
    return blocks + [context(progress_text(turn))]


def saved_blocks(turn: TurnResult) -> list[Block]:
    """The answer just saved: its computed risk and the drafted findings (each citing its practice)."""
    saved = turn.saved
    assert saved is not None
    gaps = len(saved.high_risk_gaps) + len(saved.medium_risk_gaps)
    text = f":floppy_disk: *Saved.* Risk for {saved.question_id}: *{RISK_LABEL[saved.risk]}*"
    if gaps:
        text += f" ({gaps} practice{'s' if gaps != 1 else ''} not fully in place)"
    blocks = [section(text)]
    for finding in turn.findings[:5]:
        cite = finding.citations[0].url if finding.citations else ""
        summary = escape(_cut(finding.recommendation.summary, 280))
        blocks.append(
            section(f"• {link(cite, finding.bp_id)} *{escape(finding.title)}* ({finding.risk.value}): {summary}")
        )
    if turn.findings:  # the summaries quote the lens
        blocks.append(context(attribution()))
    return blocks


def summary_blocks(name: str, risk: RiskSummary, report: Report) -> list[Block]:
    """The end of a review: risk counts per pillar and the top findings."""
    rows = [
        f"• *{pillar.title}*: {c.high} high · {c.medium} medium · {c.none} none · {c.not_applicable} n/a"
        + (f" · {c.unanswered} unanswered" if c.unanswered else "")
        for pillar, c in risk.by_pillar.items()
    ]
    findings = {f.id: f for f in report.findings}
    top = []
    for item in report.plan.items[:5]:
        f = findings.get(item.finding_id)
        url = f.citations[0].url if f and f.citations else ""
        top.append(f"{item.rank}. {link(url, item.bp_id)} {escape(item.title)} ({item.risk.value})")
    blocks = [
        section(f":checkered_flag: *Review complete: {escape(name)}*\n" + "\n".join(rows)),
        section("*Top findings*\n" + ("\n".join(top) if top else "No gaps found.")),
    ]
    return blocks + [
        context("The full report (Markdown) is attached below, with the AWS attribution and source links.")
    ]


def _select(options: list[tuple[str, str]], initial: str | None, action_id: str) -> dict[str, Any]:
    opts = [{"text": {"type": "plain_text", "text": label}, "value": value} for value, label in options]
    element: dict[str, Any] = {"type": "static_select", "action_id": action_id, "options": opts}
    chosen = [o for o in opts if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def _modal(callback_id: str, title: str, blocks: list[Block], metadata: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps(metadata),
        "blocks": blocks,
    }


def not_applicable_modal(turn: TurnResult, metadata: dict[str, str]) -> dict[str, Any]:
    assert turn.question is not None
    reasons = [(r.value, NA_LABEL[r]) for r in NAReason]
    return _modal(
        NA_MODAL,
        "Doesn't apply",
        [
            section(f"Mark *{turn.question.id}* ({escape(turn.question.title)}) as not applicable?"),
            {
                "type": "input",
                "block_id": "reason",
                "label": {"type": "plain_text", "text": "Reason"},
                "element": _select(reasons, None, "value"),
            },
            {
                "type": "input",
                "block_id": "note",
                "optional": True,
                "label": {"type": "plain_text", "text": "Note"},
                "element": {"type": "plain_text_input", "action_id": "value", "multiline": True, "max_length": 2000},
            },
        ],
        metadata,
    )


def edit_modal(turn: TurnResult, metadata: dict[str, str]) -> dict[str, Any]:
    """One status select per practice, preset to the proposal."""
    statuses = [(s.value, STATUS_LABEL[s]) for s in BPStatus]
    proposed = {p.bp_id: p.status.value for p in turn.proposal}
    blocks: list[Block] = [
        {
            "type": "input",
            "block_id": f"bp:{choice.id}",
            "label": {"type": "plain_text", "text": _cut(f"{choice.id} {choice.label}", 2000)},
            "element": _select(statuses, proposed.get(choice.id, BPStatus.CANNOT_DETERMINE.value), "value"),
        }
        for choice in turn.choices
    ]
    return _modal(EDIT_MODAL, "Edit the answer", blocks, metadata)


def start_modal(metadata: dict[str, str]) -> dict[str, Any]:
    return _modal(
        START_MODAL,
        "Start a review",
        [
            {
                "type": "input",
                "block_id": "name",
                "label": {"type": "plain_text", "text": "Workload name"},
                "element": {"type": "plain_text_input", "action_id": "value", "max_length": 200},
            },
        ],
        metadata,
    )


def start_blocks() -> list[Block]:
    """The help message's "Start a review" button and commands."""
    return [
        section(
            "*ML Lens Assistant* answers questions from the AWS Well-Architected Machine Learning Lens, with sources, "
            "and runs a lens review with you in a thread.\n"
            "• Ask me anything here, or mention me in a channel.\n"
            "• `/mllens review <workload name>` starts a review in a new thread.\n"
            "• `/mllens reviews` lists yours; `/mllens resume <review id>` continues one in a new thread.\n"
            "• `/mllens link` gives a one-time code to continue your reviews in the web widget."
        ),
        {
            "type": "actions",
            "block_id": "start",
            "elements": [button("Start a review", START, "start", style="primary")],
        },
    ]
