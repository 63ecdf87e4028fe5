"""`mllens review …` (the terminal interview, batch mapping) and `mllens eval review` (interview-mapping quality)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

import click
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from app.cli import cli, settings_of
from app.cli.backup_commands import backup_to
from app.cli.eval_commands import EVAL_DIR, eval_group
from app.cli.review_terminal import HELP, Help, Milestone, Quit, SideQuestion, parse_line, render
from app.errors import AppError, InvalidInput, NotReady
from app.evaluation.results import write_results
from app.findings.export import ReportFormat
from app.lens.loader import load_lens
from app.lens.models import Lens, Phase, PillarId, Question
from app.principal import LOCAL, Principal
from app.review.embedding_mapper import EmbeddingMapper
from app.review.errors import StaleReview
from app.review.evaluation import misses, score_rows, summarise
from app.review.interview import Interview, QuestionContent, load_interview
from app.review.mapping import AnswerMapper, MappingResult, propose
from app.review.models import (
    BPStatus,
    DataSensitivity,
    InferenceMode,
    ReviewOrder,
    ReviewScope,
    WorkloadProfile,
)
from app.review.service import AskContext, AskFn, ReviewService
from app.review.turn import SideAnswer, TurnResult
from app.settings import ROOT, Settings

REVIEW_EVAL = EVAL_DIR / "review"


class BatchMapper:
    """Lens, interview content and the answer mapper: what `review map` and `eval review` need (no index, no DB)."""

    def __init__(self, settings: Settings, *, llm: bool = False) -> None:
        from app.knowledge import load_reference_embedder

        self.lens: Lens = load_lens(settings.corpus_dir)
        self.interview: Interview = load_interview(settings.prompts_dir / "interview", self.lens)
        self.embedding = EmbeddingMapper(load_reference_embedder(settings))
        self.mapper: AnswerMapper = self.embedding
        self.mode = "none"
        if llm:
            self.mapper = build_llm_mapper(settings, self.embedding)
            self.mode = f"llm ({settings.llm_provider}:{settings.llm_model or 'default'})"

    def predict(self, question_id: str, text: str, picks: Mapping[str, str] | None = None) -> dict[str, BPStatus]:
        """Statuses for every BP of the question, exactly as a live review proposes them (no profile)."""
        question = self.lens.question(str(question_id).strip().upper())
        if question is None:
            valid = ", ".join(q.id for q in self.lens.questions)
            raise InvalidInput(f"unknown question_id {question_id!r}; valid: {valid}")
        checked = {bp_id: BPStatus(status) for bp_id, status in (picks or {}).items()}
        unknown = [bp_id for bp_id in checked if bp_id not in {bp.id for bp in question.best_practices}]
        if unknown:
            raise InvalidInput(f"{', '.join(unknown)} not in {question.id}")
        result = propose(self.mapper, question, self.interview.content(question), str(text or ""), checked)
        return {bp_id: answer.status for bp_id, answer in result.practices.items()}


def build_llm_mapper(settings: Settings, fallback: EmbeddingMapper) -> AnswerMapper:
    """The LLM mapper over the configured provider (MLLENS_LLM_PROVIDER); the embedding mapper is its fallback."""
    from app.llm.prompts import load_prompt
    from app.review.llm_mapper import LLMAnswerMapper
    from app.services import build_chat_model

    chat = build_chat_model(settings)
    if chat is None:
        raise click.UsageError("--llm needs MLLENS_LLM_PROVIDER (and its model settings); it is 'none'")
    prompt = load_prompt(settings.prompts_dir, "review_map")
    return LLMAnswerMapper(chat, prompt, fallback, relevance=fallback.relevance)


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
    service = build_cli_service(settings_of(ctx))
    principal = principal_of(owner)
    console = Console()
    if resume_id:
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
    return WorkloadProfile(
        name=click.prompt("Workload name"),
        description=click.prompt("Short description", default="", show_default=False),
        ml_use_case=click.prompt("ML use case", default="", show_default=False),
        managed_ai_only=click.confirm("Does it only call managed AI services (no custom training)?", default=False),
        data_sensitivity=DataSensitivity(
            click.prompt("Data sensitivity", type=click.Choice([d.value for d in DataSensitivity]), default="internal")
        ),
        inference_mode=InferenceMode(
            click.prompt("Inference", type=click.Choice([m.value for m in InferenceMode]), default="real_time")
        ),
        environment=click.prompt("Environment", default="", show_default=False),
    )


def run_interview(service: ReviewService, principal: Principal, turn: TurnResult, console: Console) -> None:
    """Read a line, run it as one turn, show the result; app errors are shown and the loop goes on."""
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


def build_cli_service(settings: Settings, *, needs_mapper: bool = True) -> ReviewService:
    """The review service over the configured database; side questions load the index on first use."""
    from app.services import build_database, build_review_service

    db = build_database(settings)
    if not needs_mapper:  # exports never map answers: skip loading the embedding model
        return build_review_service(settings, load_lens(settings.corpus_dir), db, _NoMapper())
    mapping = BatchMapper(settings, llm=settings.llm_provider != "none")
    return build_review_service(
        settings,
        mapping.lens,
        db,
        mapping.mapper,
        ask=_lazy_side_questions(settings, db),
        interview=mapping.interview,
    )


class _NoMapper:
    def map_answer(self, question: Question, content: QuestionContent, text: str) -> MappingResult:
        raise NotReady("answer mapping is not loaded in this command")


def _lazy_side_questions(settings: Settings, db: Any) -> AskFn:
    built: list[AskFn] = []

    def ask(text: str, context: AskContext) -> SideAnswer:
        if not built:
            from app.knowledge import load_knowledge_base
            from app.persistence.conversations import SqlConversationStore
            from app.qa.service import QAService
            from app.review.side_questions import qa_side_questions

            kb = load_knowledge_base(settings)
            built.append(qa_side_questions(QAService(kb.lens, kb.retriever, SqlConversationStore(db))))
        return built[0](text, context)

    return ask


@cli.command("export")
@click.argument("review_id", required=False)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Back up every review, conversation, feedback and key hash as JSON Lines (restore with `mllens import`).",
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
    """Export a review's report (Markdown, printable HTML, or JSON checked against the committed schema), or with
    --all a backup of all data as JSON Lines."""
    if everything == (review_id is not None):
        raise click.UsageError("give a REVIEW_ID, or --all for a backup of everything")
    if everything:
        backup_to(settings_of(ctx), out)
        return
    assert review_id is not None
    service = build_cli_service(settings_of(ctx), needs_mapper=False)
    rendered = service.export(review_id, principal_of(owner), ReportFormat(fmt), milestone=milestone)
    if out is None:
        click.echo(rendered.content, nl=False)
    else:
        out.write_text(rendered.content, encoding="utf-8")
        click.echo(f"Wrote {out}", err=True)


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
    sys.exit(map_lines(BatchMapper(settings_of(ctx)), sys.stdin, sys.stdout))


def map_lines(mapping: BatchMapper, lines: Iterable[str], out: TextIO) -> int:
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


@eval_group.command("review")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=REVIEW_EVAL / "answers.jsonl",
    show_default="eval/review/answers.jsonl",
    help="Answer set (JSONL, see eval/review/README.md).",
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
    path: Path,
    baseline: Path,
    update_baseline: bool,
    show_misses: bool,
    results_dir: Path,
    llm: bool,
) -> None:
    """Per-practice status accuracy and macro-F1 of the answer mapping (no-LLM mode unless --llm), by kind, against
    the baseline."""
    settings = settings_of(ctx)
    mapping = BatchMapper(settings, llm=llm)
    if llm and baseline == REVIEW_EVAL / "baseline.json":
        baseline = REVIEW_EVAL / "baseline-llm.json"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    scored = score_rows(rows, lambda row: mapping.predict(row["question_id"], row.get("answer", ""), row.get("picks")))
    report: dict[str, Any] = {
        "file": str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
        "mode": mapping.mode,
        "embedder": mapping.embedding.embedder.name,
        **summarise(scored),
    }
    click.echo(render_review_report(report))
    if show_misses:
        for miss in misses(scored):
            click.echo(json.dumps(miss))
    problems = check_targets(report)
    if baseline.exists() and not update_baseline:
        click.echo("\nAgainst the committed baseline:")
        for line in compare_review(report, json.loads(baseline.read_text(encoding="utf-8"))):
            click.echo("  " + line)
    if update_baseline:
        baseline.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        click.echo(f"\nBaseline written to {baseline}")
    click.echo(f"\nResults: {write_results(report, results_dir, 'review')}")
    for problem in problems:
        click.echo(f"TARGET MISSED: {problem}", err=True)


def render_review_report(report: dict[str, Any]) -> str:
    lines = [f"{report['file']}: mode {report['mode']}, embedder {report['embedder']}", ""]
    lines.append(f"{'kind':15s} {'rows':>5s} {'practices':>9s} {'accuracy':>9s} {'macro-F1':>9s}")
    for kind, m in [*report["kinds"].items(), ("overall", report["overall"])]:
        lines.append(f"{kind:15s} {m['rows']:5d} {m['practices']:9d} {m['accuracy']:9.3f} {m['macro_f1']:9.3f}")
    return "\n".join(lines)


def check_targets(report: dict[str, Any]) -> list[str]:
    """The issue's targets: macro-F1 >= 0.6 on free text, 100% on explicit picks."""
    problems = []
    free = report["kinds"].get("free_text")
    if free and free["macro_f1"] < 0.6:
        problems.append(f"free_text macro-F1 {free['macro_f1']:.3f} < 0.6")
    picks = report["kinds"].get("picks")
    if picks and picks["accuracy"] < 1.0:
        problems.append(f"picks accuracy {picks['accuracy']:.3f} < 1.0")
    return problems


def compare_review(current: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    lines = []
    for kind, metrics in [*current["kinds"].items(), ("overall", current["overall"])]:
        old = baseline.get("overall") if kind == "overall" else baseline.get("kinds", {}).get(kind)
        if not old:
            continue
        for name in ("accuracy", "macro_f1"):
            if name in old:
                delta = metrics[name] - old[name]
                lines.append(f"{kind:15s} {name:9s} {metrics[name]:.3f}  (baseline {old[name]:.3f}, {delta:+.3f})")
    return lines
