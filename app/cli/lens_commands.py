"""`mllens ingest`, `mllens search` and `mllens lens show`.

The index, the embedder and the ingest tooling are imported inside the commands that use them, so `mllens --help` and
`mllens lens show` start without FAISS, BM25 or a model."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from app.cli import cli, settings_of
from app.errors import UnknownId
from app.lens.ids import resolve_id
from app.lens.loader import load_lens
from app.lens.models import ATTRIBUTION, BestPractice, Phase, PillarId, Question
from app.retrieval.base import SearchFilters, SearchResult

PILLAR_CHOICES = [p.value for p in PillarId]
PHASE_CHOICES = [p.slug for p in Phase]


@cli.command()
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(ctx: click.Context, quiet: bool) -> None:
    """Parse corpus/ (and prompts/interview/), embed every passage and write the index: FAISS + BM25 + passages,
    the lens sentences' vectors, word-piece and line-judge stores, the ONNX export (minilm) and the manifest."""
    from app.knowledge import make_ingest_embedder
    from app.retrieval.index_store import build_index
    from app.retrieval.inputs import load_retrieval_inputs
    from app.retrieval.onnx_export import export_onnx

    settings = settings_of(ctx)
    lens = load_lens(settings.corpus_dir)
    inputs = load_retrieval_inputs(lens, settings.corpus_dir, settings.prompts_dir)
    manifest = build_index(
        lens,
        make_ingest_embedder(settings),
        settings.index_dir,
        inputs,
        progress=not quiet,
        log=lambda m: click.echo(m, err=True),
        export=export_onnx if settings.embedder == "minilm" else None,
    )
    counts = manifest["counts"]
    click.echo(
        f"Wrote {settings.index_dir}: {counts['passages']} passages, {counts['best_practices']} best practices, "
        f"model {manifest['model']['name']}, {manifest['build_seconds']} s."
    )


@cli.command()
@click.argument("query", required=False)
@click.option("--k", "k", type=click.IntRange(1, 50), default=5, show_default=True, help="Number of best practices.")
@click.option("--pillar", type=click.Choice(PILLAR_CHOICES), multiple=True, help="Only this pillar (repeatable).")
@click.option(
    "--phase", type=click.Choice(PHASE_CHOICES), multiple=True, help="Only this lifecycle phase (repeatable)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option(
    "--jsonl",
    is_flag=True,
    help='Batch mode: read {"id": …, "question": …} lines on stdin, write one result line per query.',
)
@click.pass_context
def search(
    ctx: click.Context,
    query: str | None,
    k: int,
    pillar: tuple[str, ...],
    phase: tuple[str, ...],
    as_json: bool,
    jsonl: bool,
) -> None:
    """Rank the lens's best practices for QUERY (IDs such as MLSEC03-BP02 or MLOE-05 are looked up directly)."""
    filters = SearchFilters(pillars=tuple(PillarId(p) for p in pillar), phases=tuple(Phase.parse(p) for p in phase))
    if jsonl:
        if query:
            raise click.UsageError("give either QUERY or --jsonl, not both")
        sys.exit(_search_jsonl(ctx, k, filters))
    if not query or not query.strip():
        raise click.UsageError('QUERY is empty: say what you are looking for, e.g. mllens search "data lineage"')
    from app.knowledge import load_knowledge_base

    kb = load_knowledge_base(settings_of(ctx))
    result = kb.retriever.search(query, k=k, filters=filters)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        click.echo(render_result(result))


def _search_jsonl(ctx: click.Context, k: int, filters: SearchFilters) -> int:
    from app.knowledge import load_knowledge_base

    kb = load_knowledge_base(settings_of(ctx))
    failures = 0
    for line_no, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        row_id, question, problem = _parse_jsonl_row(line)
        if problem:
            failures += 1
            click.echo(json.dumps({"id": row_id, "error": f"line {line_no}: {problem}"}))
            continue
        result = kb.retriever.search(question, k=k, filters=filters)
        click.echo(json.dumps({"id": row_id, **jsonl_payload(result)}))
    return 1 if failures else 0


def _parse_jsonl_row(line: str) -> tuple[Any, str, str]:
    """(id, question, problem): problem is empty when the line is a usable {"id", "question"} object."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, "", f"not JSON ({exc.msg})"
    if not isinstance(row, dict):
        return None, "", "each line must be a JSON object"
    question = row.get("question")
    if not isinstance(question, str) or not question.strip():
        return row.get("id"), "", "each line needs a non-empty string field 'question'"
    return row.get("id"), question, ""


def jsonl_payload(result: SearchResult) -> dict[str, Any]:
    """The stable batch shape: results best first, each with bp_id, title and its relevance as score."""
    return {
        "results": [{"bp_id": h.bp_id, "title": h.title, "score": h.relevance} for h in result.hits],
        "out_of_scope": result.out_of_scope,
    }


def render_result(result: SearchResult) -> str:
    lines: list[str] = []
    if result.out_of_scope:
        lines.append(
            "This does not look like a question about the ML Lens "
            f"(scope gate: {result.scope_probability:.2f} likely about the lens). Nearest topics:"
        )
    for n, hit in enumerate(result.hits, start=1):
        risk = f" · {hit.risk.value} risk" if hit.risk else ""
        why = f"relevance {hit.relevance:.2f}"
        if hit.match == "same_question":
            why = f"another practice of {hit.question_id}"
        lines.append(f"{n}. {hit.bp_id} {hit.title}{risk}  ({why})")
        if hit.passages:
            snippet = " ".join(hit.passages[0].passage.text.split())
            lines.append(f"   {snippet[:300]}{'…' if len(snippet) > 300 else ''}")
        lines.append(f"   {hit.url}")
    lines.append("")
    lines.append(ATTRIBUTION)
    return "\n".join(lines)


@cli.group()
def lens() -> None:
    """Browse the lens: show a best practice or a question by ID."""


@lens.command("show")
@click.argument("lens_id")
@click.pass_context
def show(ctx: click.Context, lens_id: str) -> None:
    """Print the best practice or question LENS_ID (new IDs like MLSEC03-BP02, MLSEC03, or legacy IDs like MLSEC-05)."""
    lens_data = load_lens(settings_of(ctx).corpus_dir)
    ref = resolve_id(lens_id, lens_data)
    if ref is None:
        raise UnknownId(
            f"unknown lens ID {lens_id!r}: use a best-practice ID (MLSEC03-BP02), a question ID (MLSEC03) "
            "or a 2023 ID (MLSEC-05)"
        )
    if ref.kind == "question":
        question = lens_data.question(ref.id)
        assert question is not None
        click.echo(render_question(question))
    else:
        bp = lens_data.best_practice(ref.bp_ids[0])
        assert bp is not None
        click.echo(render_best_practice(bp))
    click.echo("\n" + ATTRIBUTION)


def render_question(question: Question) -> str:
    lines = [f"{question.id} — {question.title} ({len(question.best_practices)} best practices)", ""]
    for bp in question.best_practices:
        lines.append(f"  {bp.id}  {bp.title}  [{bp.risk.value}]")
        lines.append(f"           {bp.url}")
    return "\n".join(lines)


def render_best_practice(bp: BestPractice) -> str:
    legacy = f" (2023 ID {bp.legacy_id})" if bp.legacy_id else ""
    parts = [
        f"{bp.id} {bp.title}{legacy}",
        f"{bp.pillar.title} · {bp.phase.value} · question {bp.question_id} · risk if not established: {bp.risk.value}",
        bp.url,
        "",
        bp.intro,
        "",
        "Desired outcome: " + bp.desired_outcome,
        "",
        "Common anti-patterns:",
        *[f"  - {a}" for a in bp.anti_patterns],
        "",
        "Implementation steps:",
        *[f"  {n}. {s.title}" for n, s in enumerate(bp.steps, start=1)],
    ]
    return "\n".join(parts)
