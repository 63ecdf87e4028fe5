"""`mllens eval …`: quality numbers from eval/ data, compared with a committed baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from app.cli import cli, settings_of
from app.settings import ROOT

EVAL_DIR = ROOT / "eval"


@cli.group("eval")
def eval_group() -> None:
    """Measure retrieval and interview quality against the eval sets in eval/."""


@eval_group.command("retrieval")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=EVAL_DIR / "retrieval" / "questions.jsonl",
    show_default="eval/retrieval/questions.jsonl",
    help="Question set (JSONL).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=EVAL_DIR / "retrieval" / "baseline.json",
    show_default="eval/retrieval/baseline.json",
    help="Committed baseline to compare with.",
)
@click.option(
    "--naive/--no-naive",
    default=True,
    show_default=True,
    help="Also score the naive LangChain splitter + FAISS baseline (embeds the corpus again, ~40 s).",
)
@click.option("--update-baseline", is_flag=True, help="Write this run's figures as the new baseline.")
@click.option("--show-misses", is_flag=True, help="List the rows the hybrid retriever got wrong.")
@click.pass_context
def eval_retrieval(
    ctx: click.Context, path: Path, baseline: Path, naive: bool, update_baseline: bool, show_misses: bool
) -> None:
    """Recall@1, recall@5, MRR@10 per kind and out-of-scope precision/recall, for hybrid retrieval and the naive
    baseline, compared with the committed baseline."""
    from app.evaluation.results import write_results
    from app.evaluation.retrieval import compare, read_rows, run_retrieval_eval
    from app.knowledge import load_knowledge_base

    settings = settings_of(ctx)
    kb = load_knowledge_base(settings)
    report = run_retrieval_eval(kb, read_rows(path), settings.corpus_dir, naive=naive)
    report["file"] = str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    click.echo(render_retrieval_report(report))
    if show_misses:
        for miss in report["misses"]:
            click.echo(json.dumps(miss))
    if baseline.exists() and not update_baseline:
        click.echo("\nAgainst the committed baseline:")
        for line in compare(report, json.loads(baseline.read_text(encoding="utf-8"))):
            click.echo("  " + line)
    if update_baseline:
        kept = {k: v for k, v in report.items() if k != "misses"}
        baseline.write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")
        click.echo(f"\nBaseline written to {baseline}")
    click.echo(f"\nResults: {write_results(report, EVAL_DIR / 'results', 'retrieval')}")


def render_retrieval_report(report: dict[str, Any]) -> str:
    lines = [f"{report['file']}: {report['rows']} rows, relevance threshold {report['threshold']:.2f}", ""]
    systems = [("hybrid", report["hybrid"])] + ([("naive", report["naive"])] if "naive" in report else [])
    lines.append(f"{'system':8s} {'kind':12s} {'n':>4s} {'R@1':>6s} {'R@5':>6s} {'MRR@10':>7s}")
    for name, summary in systems:
        for kind, m in summary["kinds"].items():
            lines.append(
                f"{name:8s} {kind:12s} {m['n']:4d} {m['recall@1']:6.3f} {m['recall@5']:6.3f} {m['mrr@10']:7.3f}"
            )
    lines.append("")
    lines.append(f"{'system':8s} out-of-scope: {'n':>3s} {'precision':>9s} {'recall':>7s} {'in-scope flagged':>17s}")
    for name, summary in systems:
        o = summary["out_of_scope"]
        lines.append(
            f"{name:8s} {'':14s}{o['n']:3d} {o['precision']:9.3f} {o['recall']:7.3f} {o['in_scope_flagged']:17.3f}"
        )
    return "\n".join(lines)
