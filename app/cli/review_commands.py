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
from app.cli.eval_commands import EVAL_DIR, eval_group
from app.cli.review_terminal import HELP, Help, Milestone, Quit, SideQuestion, parse_line, render
from app.errors import AppError, InvalidInput, NotReady
from app.evaluation.results import write_results
from app.findings.export import ReportFormat
from app.lens.loader import load_lens
from app.lens.models import Lens, Phase, PillarId, Question
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
CLI_OWNER = "local"


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
@click.option("--owner", default=CLI_OWNER, show_default=True, help="Whose review this is (API reviews: the key ID).")
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
    service = build_cli_service(settings_of(ctx), owner)
    console = Console()
    if resume_id:
        turn = service.current(resume_id, owner)
    else:
        scope = ReviewScope(pillars=tuple(PillarId(p) for p in pillar), phases=tuple(Phase.parse(p) for p in phase))
        order = ReviewOrder.PILLAR_FIRST if pillar_first else ReviewOrder.PHASE_FIRST
        turn = service.create(owner, ask_profile(), scope, order)
    console.print(f"Review [bold]{turn.review_id}[/bold] (resume with: mllens review --resume {turn.review_id})")
    console.print("[dim]/h for help[/dim]")
    run_interview(service, owner, turn, console)


def ask_profile() -> WorkloadProfile:
    """The workload profile; a blank answer leaves that field "not stated" (the report says so)."""
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


def run_interview(service: ReviewService, owner: str, turn: TurnResult, console: Console) -> None:
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
                turn = service.ask(turn.review_id, owner, command.text)
            elif isinstance(command, Milestone):
                service.create_milestone(turn.review_id, owner, command.name)
                console.print(f"Milestone {command.name!r} frozen.")
                continue
            else:
                turn = service.act(turn.review_id, owner, command, expected_version=turn.version)
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


def build_cli_service(settings: Settings, owner: str, *, needs_mapper: bool = True) -> ReviewService:
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
        ask=_lazy_side_questions(settings, db, owner),
        interview=mapping.interview,
    )


class _NoMapper:
    def map_answer(self, question: Question, content: QuestionContent, text: str) -> MappingResult:
        raise NotReady("answer mapping is not loaded in this command")


def _lazy_side_questions(settings: Settings, db: Any, owner: str) -> AskFn:
    built: list[AskFn] = []

    def ask(text: str, context: AskContext) -> SideAnswer:
        if not built:
            from app.knowledge import load_knowledge_base
            from app.persistence.conversations import SqlConversationStore
            from app.qa.service import QAService
            from app.review.side_questions import qa_side_questions

            kb = load_knowledge_base(settings)
            built.append(qa_side_questions(QAService(kb.lens, kb.retriever, SqlConversationStore(db)), owner=None))
        return built[0](text, context)

    return ask


@cli.command("export")
@click.argument("review_id")
@click.option("--format", "fmt", type=click.Choice([f.value for f in ReportFormat]), default="md", show_default=True)
@click.option("--milestone", help="Export this frozen milestone instead of the current state.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.option("--owner", default=CLI_OWNER, show_default=True, help="Whose review this is (API reviews: the key ID).")
@click.pass_context
def export(ctx: click.Context, review_id: str, fmt: str, milestone: str | None, out: Path | None, owner: str) -> None:
    """Export a review's report (Markdown, printable HTML, or JSON checked against the committed schema)."""
    service = build_cli_service(settings_of(ctx), owner, needs_mapper=False)
    rendered = service.export(review_id, owner, ReportFormat(fmt), milestone=milestone)
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


# The review eval's splits (eval/review/README.md): the first 55 rows, the development split, and the held-out split
# that is scored for reporting only, never to choose a rule or threshold.
REVIEW_SPLITS = {"original": "answers.jsonl", "dev": "dev.jsonl", "heldout": "heldout.jsonl"}

# The targets, per split; picks must always be exact.
TARGETS = {"accuracy": 0.70, "macro_f1": 0.65, "invented_on_unmentioned": 0.10, "not_applicable_macro_f1": 0.6}


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
    proposed as implemented, unmentioned practices given a status, not-applicable macro-F1; against the baseline."""
    settings = settings_of(ctx)
    mapping = BatchMapper(settings, llm=llm)
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
            report["splits"] = {**_splits_of(old), **report["splits"]}
        baseline.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        click.echo(f"\nBaseline written to {baseline}")
    click.echo(f"\nResults: {write_results(report, results_dir, 'review')}")
    for problem in check_targets(report):
        click.echo(f"TARGET MISSED: {problem}", err=True)


_COLUMNS = (
    ("rows", "rows", "{:5d}"),
    ("practices", "practices", "{:9d}"),
    ("accuracy", "accuracy", "{:9.3f}"),
    ("macro_f1", "macro-F1", "{:9.3f}"),
    ("rows_exact", "rows ok", "{:8.3f}"),
    ("negated_as_implemented", "neg->impl", "{:9.3f}"),
    ("invented_on_unmentioned", "invented", "{:8.3f}"),
)


def render_review_report(report: dict[str, Any]) -> str:
    lines = [f"mode {report['mode']}, embedder {report['embedder']}"]
    header = " ".join(f"{title:>{len(fmt.format(0))}s}" for _, title, fmt in _COLUMNS)
    for name, split in report["splits"].items():
        lines += ["", f"split {name} ({split['file']})", f"{'kind':15s} {header}"]
        for kind, m in [*split["kinds"].items(), ("overall", split["overall"])]:
            cells = [
                fmt.format(m[key]) if m.get(key) is not None else " " * (len(fmt.format(0)) - 1) + "-"
                for key, _, fmt in _COLUMNS
            ]
            lines.append(f"{kind:15s} " + " ".join(cells))
        na = split.get("not_applicable_macro_f1")
        lines.append(f"not-applicable macro-F1: {'-' if na is None else f'{na:.3f}'}")
    return "\n".join(lines)


def check_targets(report: dict[str, Any]) -> list[str]:
    """The targets per split: accuracy, macro-F1, invented and not-applicable F1 thresholds, no negated practice
    proposed as implemented, and 100% on explicit picks."""
    problems = []
    for name, split in report["splits"].items():
        overall = split["overall"]
        figures = {**overall, "not_applicable_macro_f1": split.get("not_applicable_macro_f1")}
        for key, target in TARGETS.items():
            value = figures.get(key)
            if value is None:
                continue
            if key == "invented_on_unmentioned" and value > target:
                problems.append(f"{name}: {key} {value:.3f} > {target}")
            elif key != "invented_on_unmentioned" and value < target:
                problems.append(f"{name}: {key} {value:.3f} < {target}")
        if overall.get("negated_as_implemented"):
            problems.append(f"{name}: negated_as_implemented {overall['negated_as_implemented']:.3f} > 0")
        picks = split["kinds"].get("picks")
        if picks and picks["accuracy"] < 1.0:
            problems.append(f"{name}: picks accuracy {picks['accuracy']:.3f} < 1.0")
    return problems


def _splits_of(baseline: dict[str, Any]) -> dict[str, Any]:
    """A baseline's splits; one written before splits existed is the "original" split."""
    if "splits" in baseline:
        return dict(baseline["splits"])
    return {"original": baseline} if "kinds" in baseline else {}


def compare_review(current: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    lines = []
    old_splits = _splits_of(baseline)
    for name, split in current["splits"].items():
        old_split = old_splits.get(name)
        if not old_split:
            lines.append(f"{name}: not in the baseline")
            continue
        for kind, metrics in [*split["kinds"].items(), ("overall", split["overall"])]:
            old = old_split.get("overall") if kind == "overall" else old_split.get("kinds", {}).get(kind)
            if not old:
                continue
            for key in ("accuracy", "macro_f1", "negated_as_implemented", "invented_on_unmentioned"):
                if old.get(key) is not None and metrics.get(key) is not None:
                    delta = metrics[key] - old[key]
                    lines.append(
                        f"{name:8s} {kind:15s} {key:24s} {metrics[key]:.3f}  (baseline {old[key]:.3f}, {delta:+.3f})"
                    )
    return lines
