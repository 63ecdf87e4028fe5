"""`mllens review …` (the terminal interview, batch mapping) and `mllens eval review` (interview-mapping quality).

The services, the review engine, the terminal UI and the eval scorers are imported inside the commands, so other
commands (`mllens search` above all) start without them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click
from pydantic import ValidationError

from app.cli import cli, settings_of
from app.cli.backup_commands import backup_to
from app.cli.eval_commands import EVAL_DIR, eval_group
from app.errors import AppError, InvalidInput
from app.findings.formats import ReportFormat
from app.lens.models import Phase, PillarId
from app.principal import LOCAL, Principal
from app.settings import ROOT

if TYPE_CHECKING:
    from rich.console import Console

    from app.review.models import WorkloadProfile
    from app.review.turn import TurnResult
    from app.reviewing.service import ReviewService
    from app.services import AnswerMapping

REVIEW_EVAL = EVAL_DIR / "review"


@cli.group("review", invoke_without_command=True)
@click.option("--resume", "resume_id", metavar="ID", help="Continue a saved review.")
@click.option("--owner", default=LOCAL, show_default=True, help="Whose review this is (API reviews: the key ID).")
@click.option("--pillar", type=click.Choice([p.value for p in PillarId]), multiple=True, help="Only this pillar.")
@click.option("--phase", type=click.Choice([p.slug for p in Phase]), multiple=True, help="Only this phase.")
@click.option("--pillar-first", is_flag=True, help="Ask pillar by pillar (default: lifecycle phase first).")
@click.pass_context
def review_group(
    ctx: click.Context,
    resume_id: str | None,
    owner: str,
    pillar: tuple[str, ...],
    phase: tuple[str, ...],
    pillar_first: bool,
) -> None:
    """Run an ML Lens review in the terminal (numbered choices, free text, side questions), resumable with
    --resume ID; or map answers to practice statuses in batch (`review map --jsonl`)."""
    if ctx.invoked_subcommand is not None:
        return
    from app.services import build_services

    services = build_services(settings_of(ctx))  # the same services, so the same behaviour, as `mllens serve`
    try:
        run_review(services.review, principal_of(owner), resume_id, pillar, phase, pillar_first)
    finally:
        services.close()


def run_review(
    service: ReviewService,
    principal: Principal,
    resume_id: str | None,
    pillar: tuple[str, ...],
    phase: tuple[str, ...],
    pillar_first: bool,
) -> None:
    from rich.console import Console

    from app.review.models import ReviewOrder, ReviewScope

    console = Console()
    if resume_id is not None:  # `--resume ""` (an unset shell variable) is an unknown review, not a new one
        turn = service.current(resume_id, principal)
    else:
        scope = ReviewScope(pillars=tuple(PillarId(p) for p in pillar), phases=tuple(Phase.parse(p) for p in phase))
        order = ReviewOrder.PILLAR_FIRST if pillar_first else ReviewOrder.PHASE_FIRST
        turn = service.create(principal, ask_profile(), scope, order)
    console.print(f"Review [bold]{turn.review_id}[/bold] (resume with: mllens review --resume {turn.review_id})")
    console.print("[dim]/h for help[/dim]")
    run_interview(service, principal, turn, console)


def principal_of(owner: str) -> Principal:
    """`--owner`: "local" (the default, also the principal of a loopback server without keys) or an API key ID."""
    return Principal.local() if owner == LOCAL else Principal.api_key(owner)


def ask_profile() -> WorkloadProfile:
    """The workload profile; a blank answer leaves that field "not stated" (the report says so)."""
    from app.review.models import DataSensitivity, InferenceMode, WorkloadProfile

    name = click.prompt("Workload name")
    description = click.prompt("Short description", default="", show_default=False)
    ml_use_case = click.prompt("ML use case", default="", show_default=False)
    managed = _optional_choice("Does it only call managed AI services, no custom training?", ["y", "n"])
    sensitivity = _optional_choice("Data sensitivity", [d.value for d in DataSensitivity])
    inference = _optional_choice("Inference", [m.value for m in InferenceMode])
    return WorkloadProfile(
        name=name,
        description=description,
        ml_use_case=ml_use_case,
        managed_ai_only=None if not managed else managed == "y",
        data_sensitivity=DataSensitivity(sensitivity) if sensitivity else None,
        inference_mode=InferenceMode(inference) if inference else None,
        environment=click.prompt("Environment", default="", show_default=False),
    )


def _optional_choice(text: str, choices: list[str]) -> str:
    """One of `choices`, or "" for a blank answer (not stated)."""
    answer: str = click.prompt(
        f"{text} ({'/'.join(choices)}; blank: not stated)",
        type=click.Choice(["", *choices]),
        default="",
        show_default=False,
        show_choices=False,
    )
    return answer


def run_interview(service: ReviewService, principal: Principal, turn: TurnResult, console: Console) -> None:
    """Read a line, run it as one turn, show the result; app errors are shown and the loop goes on."""
    from rich.markup import escape

    from app.cli.review_terminal import HELP, FollowUpReply, Help, Milestone, Quit, SideQuestion, parse_line, render
    from app.review.errors import StaleReview

    render(console, turn)
    while True:
        line = click.prompt(">", default="", show_default=False, prompt_suffix=" ")
        try:
            command = parse_line(line, turn)
            if command is None:
                continue
            if isinstance(command, Quit):
                console.print(f"Saved. Resume with: mllens review --resume {turn.review_id}")
                return
            if isinstance(command, Help):
                console.print(HELP)
                continue
            if isinstance(command, SideQuestion):
                turn = service.ask(turn.review_id, principal, command.text)
            elif isinstance(command, Milestone):
                service.create_milestone(turn.review_id, principal, command.name)
                console.print(f"Milestone {command.name!r} frozen.")
                continue
            elif isinstance(command, FollowUpReply):
                turn = service.act(turn.review_id, principal, command.answer, expected_version=turn.version)
                console.print(
                    f"[cyan]Taken as your answer to the follow-up ({escape(command.follow_up)}); nothing is saved "
                    "yet: type confirm (or /c) to save the proposal.[/cyan]"
                )
            else:
                turn = service.act(turn.review_id, principal, command, expected_version=turn.version)
        except StaleReview as exc:
            console.print(f"[yellow]{escape(exc.message)}[/yellow]")
            turn = exc.current
        except (AppError, ValidationError) as exc:
            console.print(f"[red]{escape(exc.message if isinstance(exc, AppError) else _first_error(exc))}[/red]")
            continue
        render(console, turn)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"


@cli.command("export")
@click.argument("review_id", required=False)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Back up every review, conversation, feedback, key hash (widget keys too), Slack thread and identity link as "
    "JSON Lines (restore with `mllens import`).",
)
@click.option("--format", "fmt", type=click.Choice([f.value for f in ReportFormat]), default="md", show_default=True)
@click.option("--milestone", help="Export this frozen milestone instead of the current state.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.option("--owner", default=LOCAL, show_default=True, help="Whose review this is (API reviews: the key ID).")
@click.pass_context
def export(
    ctx: click.Context,
    review_id: str | None,
    everything: bool,
    fmt: str,
    milestone: str | None,
    out: Path | None,
    owner: str,
) -> None:
    """Export a review's report (Markdown, printable HTML, or JSON checked against the committed schema); without
    REVIEW_ID, the newest review (the first in `mllens review list`). With --all, a backup of all data as JSON Lines."""
    if everything and review_id is not None:
        raise click.UsageError("give a REVIEW_ID, or --all for a backup of everything, not both")
    if everything:
        backup_to(settings_of(ctx), out)
        return
    from app.services import build_report_service

    service = build_report_service(settings_of(ctx))
    principal = principal_of(owner)
    if review_id is None:
        latest = service.latest(principal)
        review_id = latest.id
        click.echo(f"Exporting the newest review, {latest.id} ({latest.profile.name})", err=True)
    rendered = service.export(review_id, principal, ReportFormat(fmt), milestone=milestone)
    if out is None:
        click.echo(rendered.content, nl=False)
    else:
        out.write_text(rendered.content, encoding="utf-8")
        click.echo(f"Wrote {out}", err=True)


@review_group.command("list")
@click.option("--owner", default=LOCAL, show_default=True, help="Whose reviews (API reviews: the key ID).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Show at most this many.")
@click.pass_context
def review_list(ctx: click.Context, owner: str, limit: int) -> None:
    """Your reviews, newest first, with progress (resume one with `mllens review --resume ID`)."""
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from app.review.models import ReviewStatus
    from app.services import build_report_service

    service = build_report_service(settings_of(ctx))
    reviews = service.list_reviews(principal_of(owner), limit=limit + 1)
    console = Console()
    if not reviews:
        console.print("No reviews yet. Start one with: mllens review")
        return
    table = Table(show_header=True, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("review", no_wrap=True)  # whole, so it can be copied
    table.add_column("workload")
    table.add_column("answered", no_wrap=True)
    table.add_column("created (UTC)", no_wrap=True)
    for review in reviews[:limit]:
        done = " done" if review.status is ReviewStatus.COMPLETED else ""
        table.add_row(
            review.id,
            escape(review.profile.name),
            f"{len(review.answers)}/{len(review.question_ids)}{done}",
            f"{review.created_at:%Y-%m-%d %H:%M}",
        )
    console.print(table)
    if len(reviews) > limit:
        console.print(f"[dim]More reviews exist: --limit {limit * 2} shows more.[/dim]")
    hint = f"Resume: mllens review --resume {reviews[0].id} · report: mllens export [ID] (default: the newest)"
    console.print(f"[dim]{escape(hint)}[/dim]")


@review_group.command("map")
@click.option(
    "--jsonl",
    is_flag=True,
    required=True,
    help='Read {"id", "question_id", "answer"} lines on stdin; write {"id", "predicted": {BP: status}} lines.',
)
@click.pass_context
def review_map(ctx: click.Context, jsonl: bool) -> None:
    """Map free-text answers to a status for every practice of the question (the same mapping as a live review)."""
    from app.services import build_answer_mapping

    sys.exit(map_lines(build_answer_mapping(settings_of(ctx)), sys.stdin, sys.stdout))


def map_lines(mapping: AnswerMapping, lines: Iterable[str], out: TextIO) -> int:
    """Returns the exit code: 0, or 1 if any line failed (that line gets {"id", "error"})."""
    failures = 0
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row_id: Any = None
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or "question_id" not in row:
                raise InvalidInput('expected an object with "id", "question_id" and "answer"')
            row_id = row.get("id")
            predicted = mapping.predict(row["question_id"], row.get("answer", ""))
            out.write(json.dumps({"id": row_id, "predicted": {k: v.value for k, v in predicted.items()}}) + "\n")
        except (json.JSONDecodeError, InvalidInput, ValueError) as exc:
            failures += 1
            message = exc.message if isinstance(exc, InvalidInput) else f"line {line_no}: {exc}"
            out.write(json.dumps({"id": row_id, "error": message}) + "\n")
    return 1 if failures else 0


# The review eval's splits (eval/review/README.md): the first 55 rows, the development split, and the held-out split
# that is scored for reporting only, never to choose a rule or threshold.
REVIEW_SPLITS = {"original": "answers.jsonl", "dev": "dev.jsonl", "heldout": "heldout.jsonl"}


@eval_group.command("review")
@click.option(
    "--split",
    "splits",
    type=click.Choice(list(REVIEW_SPLITS)),
    multiple=True,
    help="Score this split of eval/review/ (repeatable; default: all three). Held-out is for reporting only.",
)
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score this answer file instead (JSONL, see eval/review/README.md); its name is the split's name.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=REVIEW_EVAL / "baseline.json",
    show_default="eval/review/baseline.json",
    help="Committed baseline to compare with.",
)
@click.option("--update-baseline", is_flag=True, help="Write this run's figures as the new baseline.")
@click.option("--show-misses", is_flag=True, help="List the practices the mapper got wrong.")
@click.option(
    "--results-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=EVAL_DIR / "results",
    show_default="eval/results",
    help="Where to write this run's figures.",
)
@click.option("--llm", is_flag=True, help="Map with the configured LLM (MLLENS_LLM_PROVIDER) instead of no-LLM mode.")
@click.pass_context
def eval_review(
    ctx: click.Context,
    splits: tuple[str, ...],
    path: Path | None,
    baseline: Path,
    update_baseline: bool,
    show_misses: bool,
    results_dir: Path,
    llm: bool,
) -> None:
    """Answer-mapping quality per split (no-LLM mode unless --llm): accuracy, macro-F1, rows exact, negated practices
    proposed as implemented, unmentioned practices given a status, not-applicable macro-F1 (with each status's F1 and
    support in those rows, and their micro-F1); against the baseline."""
    from app.evaluation.results import write_results
    from app.evaluation.review import (
        check_targets,
        compare_review,
        misses,
        render_review_report,
        score_rows,
        splits_of,
        summarise,
    )
    from app.services import build_answer_mapping

    settings = settings_of(ctx)
    if llm and settings.llm_provider == "none":
        raise click.UsageError("--llm needs MLLENS_LLM_PROVIDER (and its model settings); it is 'none'")
    mapping = build_answer_mapping(settings, llm=llm)
    if llm and baseline == REVIEW_EVAL / "baseline.json":
        baseline = REVIEW_EVAL / "baseline-llm.json"
    files = {path.stem: path} if path else {s: REVIEW_EVAL / REVIEW_SPLITS[s] for s in splits or REVIEW_SPLITS}
    report: dict[str, Any] = {"mode": mapping.mode, "embedder": mapping.embedding.embedder.name, "splits": {}}
    missed: list[dict[str, Any]] = []
    for name, file in files.items():
        rows = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        scored = score_rows(
            rows, lambda row: mapping.predict(row["question_id"], row.get("answer", ""), row.get("picks"))
        )
        shown = str(file.relative_to(ROOT) if file.is_relative_to(ROOT) else file)
        report["splits"][name] = {"file": shown, **summarise(scored)}
        missed += [{"split": name, **miss} for miss in misses(scored)]
    click.echo(render_review_report(report))
    if show_misses:
        for miss in missed:
            click.echo(json.dumps(miss))
    old = json.loads(baseline.read_text(encoding="utf-8")) if baseline.exists() else None
    if old is not None and not update_baseline:
        click.echo("\nAgainst the committed baseline:")
        for line in compare_review(report, old):
            click.echo("  " + line)
    if update_baseline:
        if old is not None and not path:  # keep the splits this run did not score
            report["splits"] = {**splits_of(old), **report["splits"]}
        baseline.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        click.echo(f"\nBaseline written to {baseline}")
    click.echo(f"\nResults: {write_results(report, results_dir, 'review')}")
    for problem in check_targets(report):
        click.echo(f"TARGET MISSED: {problem}", err=True)
