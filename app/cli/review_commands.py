"""`mllens review …` (the terminal interview, batch mapping) and `mllens eval review` (interview-mapping quality)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import click

from app.cli import cli, settings_of
from app.cli.eval_commands import EVAL_DIR, eval_group
from app.errors import InvalidInput
from app.lens.loader import load_lens
from app.lens.models import Lens
from app.review.embedding_mapper import EmbeddingMapper
from app.review.evaluation import misses, score_rows, summarise
from app.review.interview import Interview, load_interview
from app.review.mapping import AnswerMapper, propose
from app.review.models import BPStatus
from app.settings import ROOT, Settings

REVIEW_EVAL = EVAL_DIR / "review"


class BatchMapper:
    """Lens, interview content and the answer mapper: what `review map` and `eval review` need (no index, no DB)."""

    def __init__(self, settings: Settings, *, llm: bool = False) -> None:
        from app.knowledge import make_embedder

        self.lens: Lens = load_lens(settings.corpus_dir)
        self.interview: Interview = load_interview(settings.prompts_dir / "interview", self.lens)
        embedder = make_embedder(settings)
        embedder.warm_up()
        self.embedding = EmbeddingMapper(embedder)
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


def build_llm_mapper(settings: Settings, fallback: AnswerMapper) -> AnswerMapper:
    """The LLM mapper over the configured provider (MLLENS_LLM_PROVIDER); the embedding mapper is its fallback."""
    from app.llm.prompts import load_prompt
    from app.review.llm_mapper import LLMAnswerMapper
    from app.services import build_chat_model

    chat = build_chat_model(settings)
    if chat is None:
        raise click.UsageError("--llm needs MLLENS_LLM_PROVIDER (and its model settings); it is 'none'")
    return LLMAnswerMapper(chat, load_prompt(settings.prompts_dir, "review_map"), fallback)


@cli.group("review", invoke_without_command=True)
@click.pass_context
def review_group(ctx: click.Context) -> None:
    """Run an ML Lens review, or map answers to practice statuses in batch (`review map --jsonl`)."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


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
    show_default=True,
    help="Answer set (JSONL, see eval/review/README.md).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=REVIEW_EVAL / "baseline.json",
    show_default=True,
    help="Committed baseline to compare with.",
)
@click.option("--update-baseline", is_flag=True, help="Write this run's figures as the new baseline.")
@click.option("--show-misses", is_flag=True, help="List the practices the mapper got wrong.")
@click.option(
    "--results-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=EVAL_DIR / "results",
    show_default=True,
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
    click.echo(f"\nResults: {write_review_results(report, results_dir)}")
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


def write_review_results(report: dict[str, Any], results_dir: Path) -> Path:
    out = results_dir / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") / "review.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return out
