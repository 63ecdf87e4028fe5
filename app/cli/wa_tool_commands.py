"""`mllens wa-tool lens|answers|sync`: the ML lens as a WA Tool custom lens, a review's answers as UpdateAnswer
requests, and sending them to a WA Tool workload with boto3. The WA Tool mapping, the report and rich are imported
inside the commands, so other commands start without them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from app.cli import cli, settings_of
from app.cli.review_commands import principal_of
from app.errors import InvalidInput
from app.lens.interview import load_interview
from app.lens.loader import load_lens
from app.principal import LOCAL
from app.settings import Settings

if TYPE_CHECKING:
    from rich.table import Table

    from app.findings.report import Report
    from app.wa_tool.sync import SyncRow


@cli.group("wa-tool")
def wa_tool() -> None:
    """Hand reviews to the AWS Well-Architected Tool: the lens as a custom lens, answers, and a boto3 sync."""


def custom_lens_json(settings: Settings, name: str | None = None) -> str:
    """The custom lens document as JSON (named `name` when given), after checking every documented WA Tool limit."""
    from app.wa_tool.custom_lens import build_custom_lens, check_lens_limits

    lens = load_lens(settings.corpus_dir)
    doc = build_custom_lens(lens, load_interview(settings.prompts_dir / "interview", lens))
    if name is not None:
        doc["name"] = name
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    problems = check_lens_limits(doc, len(text.encode()))
    if problems:
        raise InvalidInput("the custom lens breaks WA Tool limits: " + "; ".join(problems[:5]))
    return text + "\n"


@wa_tool.command("lens")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.pass_context
def lens_command(ctx: click.Context, out: Path | None) -> None:
    """Write the ML lens in the WA Tool custom lens format (import it in the WA Tool console or with `sync`)."""
    _write(custom_lens_json(settings_of(ctx)), out)


def review_requests(settings: Settings, review_id: str, owner: str, milestone: str | None) -> tuple[Report, list[Any]]:
    from app.services import build_report_service  # imports the database layer only when used
    from app.wa_tool.answers import update_answer_requests

    report = build_report_service(settings).report(review_id, principal_of(owner), milestone=milestone)
    return report, update_answer_requests(report)


@wa_tool.command("answers")
@click.argument("review_id")
@click.option("--milestone", help="Export this frozen milestone instead of the current state.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout).")
@click.option("--owner", default=LOCAL, show_default=True, help="Whose review this is (API reviews: the key ID).")
@click.pass_context
def answers_command(ctx: click.Context, review_id: str, milestone: str | None, out: Path | None, owner: str) -> None:
    """Write one JSON line per answered question: boto3 `update_answer` keyword arguments without WorkloadId and
    LensAlias."""
    _, requests = review_requests(settings_of(ctx), review_id, owner, milestone)
    _write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests), out)


def _workload_id(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{32}", value):
        raise click.BadParameter("a WA Tool workload ID is 32 lowercase hex characters")
    return value


@wa_tool.command("sync")
@click.argument("review_id")
@click.option("--workload-id", required=True, callback=_workload_id, help="The WA Tool workload (32 hex characters).")
@click.option(
    "--lens-alias",
    required=True,
    help="The custom lens's ARN (or, with --import-lens, its name: the lens of that name is updated, or created).",
)
@click.option("--import-lens", is_flag=True, help="Import (or update) and publish the lens, and apply it first.")
@click.option("--milestone", help="Send this frozen milestone instead of the current state.")
@click.option("--wa-milestone", metavar="NAME", help="Create a WA Tool milestone with this name at the end.")
@click.option("--dry-run", is_flag=True, help="Only show what would be sent (no AWS call).")
@click.option("--region", help="AWS Region (default: boto3's chain, e.g. AWS_DEFAULT_REGION).")
@click.option("--profile", help="AWS profile (default: the standard chain).")
@click.option("--owner", default=LOCAL, show_default=True, help="Whose review this is (API reviews: the key ID).")
@click.pass_context
def sync_command(ctx: click.Context, /, review_id: str, **options: Any) -> None:
    """Send a review's answers to a WA Tool workload with boto3 (standard AWS credentials; nothing stored), showing
    the table first; with --dry-run only the table."""
    from rich.console import Console

    from app.wa_tool.sync import preview_rows, sync_review

    settings = settings_of(ctx)
    report, requests = review_requests(settings, review_id, options["owner"], options["milestone"])
    console = Console()
    console.print(f"{len(requests)} answers for review {review_id}", soft_wrap=True)
    console.print(sync_table(preview_rows(report, requests)))
    if options["dry_run"]:
        console.print("Dry run: nothing sent.")
        return
    from app.wa_tool.aws import BotoWATool, make_client  # boto3 only when sending

    alias = options["lens_alias"]
    lens_json = (
        custom_lens_json(settings, None if alias.startswith("arn:") else alias) if options["import_lens"] else None
    )
    result = sync_review(
        BotoWATool(make_client(options["region"], options["profile"])),
        report,
        requests,
        workload_id=options["workload_id"],
        lens_alias=options["lens_alias"],
        lens_json=lens_json,
        lens_version=f"mllens-{report.meta.corpus_hash[:12]}",
        milestone=options["wa_milestone"],
    )
    for line in result.log:
        console.print(line)
    # the lens ARN is longer than a terminal line: printed unbroken, so that it can be copied whole
    console.print(f"Sent {len(result.rows)} answers to {result.lens_alias}", soft_wrap=True)
    console.print(sync_table(result.rows))
    if result.disagreements:
        ids = ", ".join(row.question_id for row in result.disagreements)
        raise click.ClickException(f"the WA Tool computed a different risk for {ids} (see the table)")


def sync_table(rows: list[SyncRow]) -> Table:
    """Per question: applicable, practices in place, not applicable, gaps, our risk and the WA Tool's. It fits an
    80-column terminal with the longest risk ("NOT_APPLICABLE") whole."""
    from rich.table import Table

    table = Table()
    for column in ("Question", "Applies", "In place", "N/A", "Gaps"):
        table.add_column(column)
    for column in ("Risk", "WA Tool risk"):
        table.add_column(column, no_wrap=True, min_width=len("NOT_APPLICABLE"))
    for row in rows:
        wa = "" if row.wa_risk is None else row.wa_risk if row.agrees else f"[red]{row.wa_risk}[/red]"
        table.add_row(
            row.question_id,
            "yes" if row.applicable else "no",
            str(row.selected),
            str(row.not_applicable),
            str(row.gaps),
            row.risk.value,
            wa,
        )
    return table


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out}", err=True)
