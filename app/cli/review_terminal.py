"""The terminal face of a review turn: render a TurnResult with rich, and read one line of input as an action.

Typing words answers the question; `/t 1=y 2=p 3=n` ticks choices; `? …` or a line ending in `?` asks a side
question; other `/` commands navigate (see HELP). While a proposal is on screen a bare confirmation ("ok", "yes",
"looks right") confirms it, except that under a yes/no follow-up a bare yes or no answers the follow-up
(app.reviewing.replies, the rule Slack follows too); every turn ends with the actions allowed now. Pure apart from
printing to the console it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from app.errors import InvalidInput
from app.lens.models import ATTRIBUTION
from app.review.actions import (
    Action,
    ActionType,
    Answer,
    Back,
    Confirm,
    Edit,
    Goto,
    PracticeNotApplicable,
    QuestionNotApplicable,
    Skip,
)
from app.review.models import BPStatus, NAReason
from app.review.turn import Confidence, NoticeCode, TurnResult
from app.reviewing.replies import ReplyReading, confirmable, read_reply, yes_no_follow_up

HELP = """\
Type your answer in your own words, or:
  /t 1=y 2=p 3=n 4=na 5=?   tick choices (y implemented, p partly, n not, na not applicable, ? can't tell)
  /c  (or confirm, ok, looks right)   confirm the proposal on screen and move on (a bare yes or no
                            answers a yes/no follow-up instead; with no such follow-up, yes confirms too)
  /s  /b                    skip to the next open question / go back one
  /g MLSEC03                go to a question          /e [MLSEC03]   reopen a saved answer
  /na [out_of_scope|business|architecture|other] [note]   the whole question does not apply
  /bpna 2 [reason]          choice 2 does not apply
  what does BP02 mean?      a side question: start or end the line with ? (the review keeps its place)
  /m NAME                   freeze a milestone         /q   quit (resume later with --resume ID)"""

STATUS_STYLE = {
    BPStatus.IMPLEMENTED: ("implemented", "green"),
    BPStatus.PARTIALLY_IMPLEMENTED: ("partly", "yellow"),
    BPStatus.NOT_IMPLEMENTED: ("not implemented", "red"),
    BPStatus.NOT_APPLICABLE: ("not applicable", "dim"),
    BPStatus.CANNOT_DETERMINE: ("can't tell yet", "magenta"),
}
TICKS = {
    "y": BPStatus.IMPLEMENTED,
    "yes": BPStatus.IMPLEMENTED,
    "i": BPStatus.IMPLEMENTED,
    "p": BPStatus.PARTIALLY_IMPLEMENTED,
    "partly": BPStatus.PARTIALLY_IMPLEMENTED,
    "n": BPStatus.NOT_IMPLEMENTED,
    "no": BPStatus.NOT_IMPLEMENTED,
    "na": BPStatus.NOT_APPLICABLE,
    "?": BPStatus.CANNOT_DETERMINE,
}
REASONS = {
    "out_of_scope": NAReason.OUT_OF_SCOPE,
    "scope": NAReason.OUT_OF_SCOPE,
    "business": NAReason.BUSINESS_PRIORITIES,
    "business_priorities": NAReason.BUSINESS_PRIORITIES,
    "architecture": NAReason.ARCHITECTURE_CONSTRAINTS,
    "architecture_constraints": NAReason.ARCHITECTURE_CONSTRAINTS,
    "other": NAReason.OTHER,
}


@dataclass(frozen=True)
class SideQuestion:
    text: str


@dataclass(frozen=True)
class Milestone:
    name: str


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class FollowUpReply:
    """A bare yes or no under a yes/no follow-up: sent as the answer to it (nothing is saved; /c confirms)."""

    answer: Answer
    follow_up: str


Command = Action | FollowUpReply | SideQuestion | Milestone | Quit | Help


def parse_line(line: str, turn: TurnResult) -> Command | None:
    """One line of input → a command (None for a blank line). Raises InvalidInput with a usable message."""
    text = line.strip()
    if not text:
        return None
    if text.startswith("?"):
        return SideQuestion(text.lstrip("? ").strip())
    if not text.startswith("/") and text.endswith("?"):  # as in Slack: a line ending with "?" asks, it does not answer
        return SideQuestion(text)
    if not text.startswith("/"):
        reading = read_reply(turn, text)
        if reading is ReplyReading.CONFIRM:
            return Confirm()
        if reading is ReplyReading.FOLLOW_UP_ANSWER and turn.follow_up is not None:
            return FollowUpReply(Answer(text=text), turn.follow_up.text)
        return Answer(text=text)
    verb, _, rest = text[1:].partition(" ")
    verb, rest = verb.lower(), rest.strip()
    simple: dict[str, Command] = {"c": Confirm(), "s": Skip(), "b": Back(), "q": Quit(), "h": Help()}
    if verb[:1] in simple and verb in ("c", "confirm", "s", "skip", "b", "back", "q", "quit", "h", "help"):
        return simple[verb[:1]]
    if verb in ("g", "goto"):
        return Goto(question_id=_required(rest, "/g needs a question ID, e.g. /g MLSEC03"))
    if verb in ("e", "edit"):
        return Edit(question_id=rest or None)
    if verb in ("t", "tick"):
        return Answer(picks=_ticks(rest, turn))
    if verb == "na":
        reason, _, note = rest.partition(" ")
        return QuestionNotApplicable(reason=_reason(reason), note=note.strip())
    if verb == "bpna":
        number, _, reason = rest.partition(" ")
        return PracticeNotApplicable(bp_id=_choice(number, turn), reason=_reason(reason.strip()))
    if verb in ("m", "milestone"):
        return Milestone(_required(rest, "/m needs a name, e.g. /m first-pass"))
    raise InvalidInput(f"unknown command /{verb}; /h lists the commands")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 open practice`, `2 open practices`."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


# What each allowed action is called at the prompt, in the order they are offered.
ACTION_HINTS: dict[ActionType, str] = {
    ActionType.CONFIRM: "ok or /c confirm",
    ActionType.ANSWER: "type to answer, /t 1=y tick",
    ActionType.SKIP: "/s skip",
    ActionType.BACK: "/b back",
    ActionType.GOTO: "/g ID go to",
    ActionType.EDIT: "/e ID reopen",
    ActionType.QUESTION_NOT_APPLICABLE: "/na does not apply",
    ActionType.PRACTICE_NOT_APPLICABLE: "/bpna N practice does not apply",
}


def action_line(turn: TurnResult) -> str:
    """The actions allowed now, as the user types them (plus side questions, help and quit, always available)."""
    allowed = [hint for action, hint in ACTION_HINTS.items() if action in turn.allowed_actions]
    return " · ".join([*allowed, "? side question", "/h help", "/q quit"])


def _required(value: str, message: str) -> str:
    if not value:
        raise InvalidInput(message)
    return value


def _ticks(spec: str, turn: TurnResult) -> dict[str, BPStatus]:
    picks: dict[str, BPStatus] = {}
    for item in spec.replace(",", " ").split():
        number, _, value = item.partition("=")
        status = TICKS.get(value.lower())
        if status is None:
            raise InvalidInput(f"{item!r}: write N=y|p|n|na|? (for example 1=y 2=n)")
        picks[_choice(number, turn)] = status
    if not picks:
        raise InvalidInput("tick at least one choice, for example /t 1=y 2=n")
    return picks


def _choice(number: str, turn: TurnResult) -> str:
    if not number.isdigit() or not 1 <= int(number) <= len(turn.choices):
        raise InvalidInput(f"choose a number from 1 to {len(turn.choices)}")
    return turn.choices[int(number) - 1].id


def _reason(word: str) -> NAReason:
    if not word:
        return NAReason.OTHER
    reason = REASONS.get(word.lower())
    if reason is None:
        raise InvalidInput(f"reason must be one of {', '.join(sorted(REASONS))}")
    return reason


def render(console: Console, turn: TurnResult) -> None:
    for notice in turn.notices:
        message = notice.message
        if notice.code is NoticeCode.NO_NEW_INFORMATION and turn.follow_up is None:
            # The core's wording points at a follow-up; here none is shown, so say what to do instead.
            message = "Nothing in that answer settled a practice: say what your team does, or tick choices with /t."
        console.print(f"[cyan]{escape(message)}[/cyan]")
    if turn.saved is not None:
        gaps = len(turn.saved.high_risk_gaps) + len(turn.saved.medium_risk_gaps)
        console.print(
            f"[bold]Risk for {turn.saved.question_id}: {turn.saved.risk.value}[/bold] ({plural(gaps, 'open practice')})"
        )
        for finding in turn.findings:
            first = finding.recommendation.steps[0] if finding.recommendation.steps else ""
            win = " [quick win]" if finding.quick_win else ""
            url = next((c.url for c in finding.citations if c.url), "")
            console.print(
                escape(f"  finding {finding.bp_id} ({finding.risk.value}){win}: {finding.title}. First step: {first}")
                + (f" [dim]{escape(url)}[/dim]" if url else "")
            )
        if turn.findings:  # the first steps quote the lens
            console.print(f"[dim]  {escape(ATTRIBUTION)}[/dim]")
    if turn.side_answer is not None:
        cites = ", ".join(f"{c.bp_id} {c.url}" for c in turn.side_answer.citations)
        console.print(Panel(Markdown(turn.side_answer.text), title="Side answer", subtitle=escape(cites) or None))
    p = turn.progress
    pillars = " · ".join(f"{k.title} {c.done}/{c.total}" for k, c in p.by_pillar.items())
    console.print(f"[dim]Progress: {pillars} · overall {p.overall.done}/{p.overall.total}[/dim]")
    q = turn.question
    if q is None:
        console.print("[bold green]Every question in scope is answered.[/bold green]")
        console.print(f"[dim]Now: {action_line(turn)}[/dim]")
        return
    risk = f"practices: {q.high_risk_practices} high-risk, {q.medium_risk_practices} medium-risk"
    header = f"{q.pillar_name} · {q.phase.value} ({q.id}) · question {q.position} of {q.total} · {risk}"
    console.print(Panel(escape(q.text), title=escape(header), subtitle="saved" if turn.is_confirmed else None))
    proposal = {p.bp_id: p for p in turn.proposal}
    table = Table(show_header=True, header_style="bold")
    for column in ("#", "practice", "risk", "proposed", "because you said"):
        table.add_column(column)
    for n, choice in enumerate(turn.choices, start=1):
        prop = proposal.get(choice.id)
        status, quote = "", ""
        if prop is not None:
            label, colour = STATUS_STYLE[prop.status]
            how = "" if prop.confidence_level is Confidence.HIGH else f", {prop.confidence_level.value}"
            status = f"[{colour}]{label}[/{colour}] ({prop.provenance.value.replace('_', ' ')}{how})"
            quote = escape(prop.quote)
        table.add_row(str(n), f"{escape(choice.label)}\n[dim]{choice.id}[/dim]", choice.risk.value, status, quote)
    console.print(table)
    if turn.follow_up is not None:
        console.print(f"[bold]Follow-up:[/bold] {escape(turn.follow_up.text)}")
    if turn.risk is not None:
        console.print(f"Saved risk: {turn.risk.risk.value}")
    if confirmable(turn):
        if yes_no_follow_up(turn):
            console.print(
                "[bold]Is this right?[/bold] Type [bold]confirm[/bold] (or ok, looks right, /c) to save it and move "
                "on; a bare yes or no answers the follow-up; say more in your own words to change it."
            )
        else:
            console.print(
                "[bold]Is this right?[/bold] Type [bold]ok[/bold] (or yes, looks right, /c) to save it and move on; "
                "say more in your own words to change it"
                + (", or answer the follow-up." if turn.follow_up is not None else ".")
            )
    console.print(f"[dim]Now: {escape(action_line(turn))}[/dim]")
