"""`mllens eval …`: quality numbers from eval/ data, compared with a committed baseline."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from app.cli import cli, settings_of
from app.settings import ROOT, Settings

EVAL_DIR = ROOT / "eval"
F = TypeVar("F", bound=Callable[..., Any])


def scored_per_split(
    eval_set: str, split_help: str, default_splits: tuple[str, ...] = ("dev", "heldout")
) -> Callable[[F], F]:
    """The --split, --baseline and --update-baseline options of an eval scored per split against
    eval/<eval_set>/baseline.json."""
    options = (
        click.option(
            "--split",
            "splits",
            type=click.Choice(["dev", "heldout"]),
            multiple=True,
            default=default_splits,
            show_default=True,
            help=split_help,
        ),
        click.option(
            "--baseline",
            type=click.Path(path_type=Path, dir_okay=False),
            default=EVAL_DIR / eval_set / "baseline.json",
            show_default=f"eval/{eval_set}/baseline.json",
            help="Committed baseline to compare with.",
        ),
        click.option("--update-baseline", is_flag=True, help="Write this run's figures as the new baseline."),
    )

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


@cli.group("eval")
def eval_group() -> None:
    """Measure retrieval, the scope gate, no-LLM answers and answer mapping against the eval sets in eval/."""


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
        if not naive and baseline.exists():  # --no-naive measured no naive figures: keep the baseline's
            previous = json.loads(baseline.read_text(encoding="utf-8"))
            kept |= {k: v for k, v in previous.items() if k.startswith("naive")}
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


@eval_group.command("scope")
@scored_per_split(
    "scope",
    "Which split(s) to score: retrieval questions plus eval/scope rows of that split. The held-out split only when "
    "asked for (--split dev --split heldout): it judges, it is not for tuning.",
    default_splits=("dev",),
)
@click.option(
    "--calibrate",
    is_flag=True,
    help="Fit the logistic gate on the dev split only and write app/retrieval/scope_gate.json (plain JSON); "
    "also grid-fit the rules' thresholds and compare both by 5-fold cross-validation on the dev split.",
)
@click.option("--show-misses", is_flag=True, help="List the rows the shipped gate gets wrong, with their signals.")
@click.option(
    "--probes/--no-probes",
    default=True,
    show_default=True,
    help="Also score product probes, rows nobody wrote for this eval: practice labels and titles (in scope) and "
    "botocore's example titles of non-ML services as 'How do I …?' questions (out of scope).",
)
@click.pass_context
def eval_scope(
    ctx: click.Context,
    splits: tuple[str, ...],
    baseline: Path,
    update_baseline: bool,
    calibrate: bool,
    show_misses: bool,
    probes: bool,
) -> None:
    """Out-of-scope questions refused and in-scope questions refused, per split and per category, for the scope gate
    next to the single threshold it replaced and hand-set rules, compared with the committed baseline."""
    from app.evaluation import scope as ev
    from app.evaluation.results import write_results
    from app.knowledge import load_knowledge_base
    from app.retrieval.scope import GATE_FILE, load_learned_gate

    settings = settings_of(ctx)
    kb = load_knowledge_base(settings)
    observed = {split: ev.observe(kb.retriever, ev.load_split(EVAL_DIR, split)) for split in ("dev", *splits)}
    if probes:
        observed["probes"] = ev.observe(kb.retriever, ev.product_probes(kb.lens, settings.prompts_dir))
    learned = load_learned_gate(kb.embedder.name)
    if calibrate:
        learned = ev.calibrate(observed["dev"], kb.embedder.name)  # the signals do not depend on the gate
        GATE_FILE.write_text(json.dumps(learned.to_json(), indent=2) + "\n", encoding="utf-8")
        click.echo(f"Gate fitted on dev ({len(observed['dev'])} rows) and written to {GATE_FILE.relative_to(ROOT)}")
        click.echo(f"Rules grid-fitted on dev: {json.dumps(ev.fit_rules(observed['dev']).to_json())}")
        cv = ev.cross_validate(observed["dev"], kb.embedder.name)
        click.echo(render_cross_validation(cv))
    deciders = {
        "single_threshold": ev.single_threshold(kb.retriever.threshold),
        "hand_rules": ev.hand_rules,
        **({"logistic": ev.gate_decider(learned)} if learned else {}),
        "shipped": ev.gate_decider(kb.retriever.gate),
    }
    report: dict[str, Any] = {
        "shipped": kb.retriever.gate.to_json(),
        "logistic": learned.to_json() if learned else None,
        "splits": {
            split: {name: ev.score(observed[split], decide) for name, decide in deciders.items()}
            for split in (*splits, *(["probes"] if probes else []))
        },
    }
    if calibrate:
        report["cross_validation_dev"] = cv
    old = json.loads(baseline.read_text(encoding="utf-8")) if baseline.exists() and not update_baseline else {}
    click.echo(render_scope_report(report, old))
    if show_misses:
        for split in splits:
            for miss in ev.wrong(observed[split], deciders["shipped"]):
                click.echo(json.dumps({"split": split, **miss}))
    if update_baseline:
        baseline.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        click.echo(f"\nBaseline written to {baseline}")
    click.echo(f"\nResults: {write_results(report, EVAL_DIR / 'results', 'scope')}")


def render_cross_validation(cv: dict[str, Any]) -> str:
    lines = [f"\n{cv['folds']}-fold cross-validation on dev (mean of {len(cv['seeds'])} shuffles):"]
    for name in ("rules_fitted", "logistic"):
        c = cv[name]
        groups = " ".join(f"{g.split(':')[1]}={v:.3f}" for g, v in c["refused_by_group"].items())
        lines.append(
            f"  {name:13s} OOS refused {c['out_of_scope_refused']:.3f}  in-scope refused "
            f"{c['in_scope_refused']:.3f}  [{groups}]"
        )
    return "\n".join(lines) + "\n"


def render_scope_report(report: dict[str, Any], baseline: dict[str, Any]) -> str:
    lines = [f"{'split':8s} {'decider':17s} {'OOS refused':>12s} {'in-scope refused':>17s}  (baseline)"]
    for split, by_decider in report["splits"].items():
        for name, s in by_decider.items():
            base = baseline.get("splits", {}).get(split, {}).get(name)
            was = f"  ({base['out_of_scope_refused']:.3f} / {base['in_scope_refused']:.3f})" if base else ""
            lines.append(
                f"{split:8s} {name:17s} {s['out_of_scope_refused']:7.3f} n={s['n_out_of_scope']:<3d}"
                f" {s['in_scope_refused']:10.3f} n={s['n_in_scope']:<3d}{was}"
            )
    lines += ["", "refused share by group (shipped gate):"]
    for split, by_decider in report["splits"].items():
        for group, g in by_decider["shipped"]["refused_by_group"].items():
            caught = f"  (override {g['override']:.3f})" if "override" in g else ""
            lines.append(f"  {split:8s} {group:28s} n={g['n']:<4d} {g['refused']:.3f}{caught}")
    return "\n".join(lines)


@eval_group.command("ask")
@scored_per_split("ask", "Which split(s) of eval/ask/ to score.")
@click.option("--show-misses", is_flag=True, help="List the questions whose wanted sentence was not quoted.")
@click.option(
    "--llm",
    is_flag=True,
    help="Instead: the configured LLM (MLLENS_LLM_PROVIDER) next to no-LLM mode on development questions only "
    "(the first 15 rows of eval/ask/dev.jsonl, 15 paraphrase and the out-of-scope rows of "
    "eval/retrieval/questions.jsonl): expected practice cited, refused, citation integrity, seconds per answer "
    "(docs/quality.md).",
)
@click.pass_context
def eval_ask(
    ctx: click.Context, splits: tuple[str, ...], baseline: Path, update_baseline: bool, show_misses: bool, llm: bool
) -> None:
    """No-LLM answers: share quoting the sentence a reviewer wants (and, with a second blind reader's `also`
    sentences, any sentence that answers; and as the first line), share citing the expected practice, answers with a
    line opening on a dangling "this/these/it", quoted sentence pairs with cosine above 0.9, and the average number of
    quoted sentences and lines per answer, per split."""
    if llm:
        return run_ask_llm(settings_of(ctx))
    from app.evaluation.ask import SPLITS, read_ask_rows, run_ask_eval
    from app.evaluation.results import write_results
    from app.knowledge import load_knowledge_base

    kb = load_knowledge_base(settings_of(ctx))
    report = {split: run_ask_eval(kb, read_ask_rows(EVAL_DIR / SPLITS[split])) for split in splits}
    old = json.loads(baseline.read_text(encoding="utf-8")) if baseline.exists() and not update_baseline else {}
    names = ["wanted_quoted", "wanted_sentence_recall", "answering_quoted", "answering_first_line", "rows_read_twice"]
    names += ["bp_cited", "refused"]
    names += ["answers_opening_with_dangling_reference", "near_duplicate_pairs"]
    names += ["avg_quoted_sentences", "avg_quoted_lines"]
    for split, figures in report.items():
        click.echo(f"{split} ({figures['n']} questions)")
        for name in names:
            was = old.get(split, {}).get(name)
            click.echo(f"  {name:40s} {figures[name]:>7}" + (f"  (baseline {was})" if was is not None else ""))
        by_count = figures["wanted_quoted_by_count"].items()
        counts = ", ".join(f"{k}: {g['wanted_quoted']} (n={g['n']})" for k, g in by_count)
        click.echo(f"  wanted_quoted by number of wanted sentences listed: {counts}")
        causes = ", ".join(f"{cause} {n}" for cause, n in sorted(figures["misses_by_cause"].items()))
        click.echo(f"  misses by cause: {causes or 'none'}")
    if show_misses:
        for split, figures in report.items():
            for miss in figures["misses"]:
                click.echo(json.dumps({"split": split, **miss}))
    if update_baseline:
        kept = {
            split: {k: v for k, v in figures.items() if not k.startswith("misses")} for split, figures in report.items()
        }
        baseline.write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")
        click.echo(f"\nBaseline written to {baseline}")
    click.echo(f"\nResults: {write_results(report, EVAL_DIR / 'results', 'ask')}")


def run_ask_llm(settings: Settings) -> None:
    """`mllens eval ask --llm` (app/evaluation/ask_llm.py): printed, and written under eval/results/."""
    from app.evaluation.ask_llm import render_ask_llm_report, run_from_settings
    from app.evaluation.results import write_results

    if settings.llm_provider == "none":
        raise click.UsageError("--llm needs MLLENS_LLM_PROVIDER (and its model settings); it is 'none'")
    report = run_from_settings(settings, EVAL_DIR, lambda line: click.echo(line, err=True))
    click.echo(render_ask_llm_report(report))
    click.echo(f"\nResults: {write_results(report, EVAL_DIR / 'results', 'ask-llm')}")
