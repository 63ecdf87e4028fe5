"""The MCP tools: thin calls into the same services as the HTTP API, for the same principal (the API key sent over
HTTP; the local user over stdio), with the project's errors as MCP tool errors (`is_error` with the message).
Numbers and booleans are strict: "5" is not 5 and "true" is not true (the SDK passes such a string on as a string)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field, StrictBool, StrictInt, ValidationError

from app.errors import AppError, InvalidInput, UnknownId
from app.findings.export import ReportFormat
from app.lens.ids import resolve_id
from app.lens.models import Phase, PillarId
from app.mcp_server.models import (
    AskLensResult,
    CitedPractice,
    Exchange,
    PracticeDetail,
    PracticeHit,
    ReviewReport,
    SearchLensResult,
)
from app.persistence.keys import keyless_open
from app.principal import Principal
from app.qa.chat import answer_markdown, past_turns
from app.retrieval.base import SearchFilters
from app.review.actions import ActionType, Answer, Confirm, QuestionNotApplicable
from app.review.errors import StaleReview
from app.review.models import BPStatus, NAReason, ReviewScope, WorkloadProfile
from app.review.turn import TurnResult
from app.services import Services
from app.text_faults import check_text

PhaseSlug = Literal[
    "business-goal", "problem-framing", "data-processing", "model-development", "deployment", "monitoring"
]


def principal_from_headers(services: Services, headers: Mapping[str, str] | None) -> Principal:
    """Over stdio (no headers): the local user, as the CLI. Over HTTP: as the API, the secret API key in
    `Authorization: Bearer` or `X-API-Key` (Principal.local() on a loopback server without keys, unless the request
    came through a proxy). Raises Unauthorized."""
    if headers is None:
        return Principal.local()
    header = headers.get("authorization", "")
    raw = header[7:].strip() if header.lower().startswith("bearer ") else headers.get("x-api-key")
    key_id = services.keys.authenticate(raw, keyless_open=keyless_open(services.settings.host, headers))
    return Principal.local() if key_id is None else Principal.api_key(key_id)


@contextmanager
def tool_errors() -> Iterator[None]:
    """The project's errors as MCP tool errors the model can read (code and message, never a traceback)."""
    try:
        yield
    except StaleReview as exc:  # the API's text points at `error.current`, which a tool error cannot carry
        current: TurnResult = exc.current
        where = f", on question {current.question.id}" if current.question else ""
        raise ToolError(
            f"{exc.code}: the review changed since you loaded it; it is at version {current.version}{where}. "
            f"Send expected_version {current.version} to act on it."
        ) from None
    except AppError as exc:
        raise ToolError(f"{exc.code}: {exc.message}") from None
    except ValidationError as exc:  # a domain model refused a value the tool's schema let through
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ToolError(f"invalid_input: {where}: {first['msg']}") from None


def register_tools(server: MCPServer, services: Callable[[], Services]) -> None:
    """Add the six tools to `server`; `services` returns the running Services (built after the server exists)."""

    def who(ctx: Context) -> tuple[Services, Principal]:
        s = services()
        return s, principal_from_headers(s, ctx.headers)

    @server.tool(title="Search the ML Lens")
    def search_lens(
        ctx: Context,
        query: Annotated[str, Field(description="what to look for, or a practice ID such as MLSEC03-BP02 or MLOE-05")],
        k: Annotated[StrictInt, Field(ge=1, le=20, description="how many best practices")] = 5,
        pillar: Annotated[PillarId | None, Field(description="only this pillar")] = None,
        phase: Annotated[PhaseSlug | None, Field(description="only this phase")] = None,
    ) -> SearchLensResult:
        """Rank the AWS Well-Architected Machine Learning Lens's best practices for a query (hybrid dense + BM25
        retrieval), with a snippet of the best passage, the AWS page, and the lens's risk level for each."""
        with tool_errors():
            s, _ = who(ctx)
            filters = SearchFilters(pillars=(pillar,) if pillar else (), phases=(Phase.parse(phase),) if phase else ())
            result = s.qa.search(query, k=k, filters=filters)
            hits = [
                PracticeHit(
                    bp_id=h.bp_id,
                    title=h.title,
                    risk=h.risk,
                    pillar=h.pillar,
                    phase=h.phase,
                    url=h.url,
                    relevance=round(h.relevance, 4),
                    match=h.match,
                    snippet=" ".join(h.passages[0].passage.text.split())[:400] if h.passages else "",
                )
                for h in result.hits
            ]
            return SearchLensResult(results=hits, out_of_scope=result.out_of_scope)

    @server.tool(title="Get an ML Lens best practice")
    def get_best_practice(
        ctx: Context,
        bp_id: Annotated[str, Field(description="a best-practice ID: MLSEC03-BP02, or a 2023 ID such as MLOE-05")],
    ) -> PracticeDetail:
        """One best practice in full: risk, desired outcome, anti-patterns, benefits, guidance, implementation steps
        and its AWS page (lens text, with the AWS attribution)."""
        with tool_errors():
            s, _ = who(ctx)
            lens = s.kb.lens
            ref = resolve_id(bp_id, lens)
            single = ref is not None and ref.kind != "question" and len(ref.bp_ids) == 1
            bp = lens.best_practice(ref.bp_ids[0]) if ref is not None and single else None
            if bp is None:
                raise UnknownId(f"{bp_id!r} is not a best-practice ID of the lens (e.g. MLSEC03-BP02, MLOE-05)")
            return PracticeDetail(
                bp_id=bp.id,
                legacy_id=bp.legacy_id,
                question_id=bp.question_id,
                title=bp.title,
                risk=bp.risk,
                pillar=bp.pillar,
                phase=bp.phase,
                url=bp.url,
                intro=bp.intro,
                desired_outcome=bp.desired_outcome,
                anti_patterns=list(bp.anti_patterns),
                benefits=list(bp.benefits),
                guidance=bp.guidance,
                steps=[f"{step.title}. {step.text}".strip() for step in bp.steps],
            )

    @server.tool(title="Ask the ML Lens")
    def ask_lens(
        ctx: Context,
        question: Annotated[str, Field(description="a question about ML workloads on AWS")],
        conversation: Annotated[
            list[Exchange] | None, Field(max_length=50, description="earlier questions and answers, oldest first")
        ] = None,
    ) -> AskLensResult:
        """Answer from the lens with citations (never from general knowledge): a Markdown answer with a Sources list;
        a question outside the lens is refused with the nearest lens topics."""
        with tool_errors():
            s, principal = who(ctx)
            history = past_turns([(e.question, e.answer) for e in conversation or []])
            answer = s.qa.answer(s.qa.prepare_with_history(question, history, principal=principal))
            return AskLensResult(
                answer=answer_markdown(answer),
                refused=answer.refused,
                refusal=answer.refusal,
                citations=[CitedPractice(bp_id=c.bp_id, title=c.title, url=c.url) for c in answer.citations],
                turn_id=answer.turn_id,
            )

    @server.tool(title="Start an ML Lens review")
    def start_review(
        ctx: Context,
        workload_name: Annotated[str, Field(min_length=1, max_length=200)],
        description: Annotated[str, Field(max_length=2000)] = "",
        ml_use_case: Annotated[str, Field(max_length=500)] = "",
        managed_ai_only: Annotated[
            StrictBool | None,
            Field(description="only calls managed AI services (no custom training); omitted: not stated"),
        ] = None,
        pillars: Annotated[list[PillarId] | None, Field(description="none or empty: all six")] = None,
    ) -> TurnResult:
        """Start a guided review of a workload: returns the first question (the project's own wording), its best
        practices as choices, `review_id` and `version` (pass both to answer_review_question)."""
        with tool_errors():
            check_text({"workload_name": workload_name, "description": description, "ml_use_case": ml_use_case})
            s, principal = who(ctx)
            profile = WorkloadProfile(
                name=workload_name, description=description, ml_use_case=ml_use_case, managed_ai_only=managed_ai_only
            )
            return s.review.create(principal, profile, ReviewScope(pillars=tuple(pillars or ())))

    @server.tool(title="Answer a review question")
    def answer_review_question(
        ctx: Context,
        review_id: str,
        expected_version: Annotated[StrictInt, Field(ge=1, description="the `version` of the turn you are answering")],
        text: Annotated[str, Field(max_length=4000, description="the answer in the user's own words")] = "",
        picks: Annotated[dict[str, BPStatus] | None, Field(description="explicit statuses by practice ID")] = None,
        confirm: Annotated[
            StrictBool,
            Field(
                description="save the proposal and move to the next question; when the text or picks propose nothing"
                " (a follow-up question instead), the answer's turn comes back unconfirmed (`is_confirmed` false)"
            ),
        ] = False,
        not_applicable: Annotated[
            NAReason | None, Field(description="mark the whole question not applicable instead")
        ] = None,
    ) -> TurnResult:
        """Answer the current question (free text and/or picks, mapped to a status per practice), optionally confirm
        it in the same call, or mark the question not applicable. Risk comes from the lens, never from a model."""
        with tool_errors():
            check_text({"review_id": review_id, "text": text, "picks": picks})
            s, principal = who(ctx)
            version = expected_version
            if not_applicable is not None:
                if text or picks or confirm:
                    raise InvalidInput("not_applicable cannot be combined with text, picks or confirm")
                return s.review.act(
                    review_id, principal, QuestionNotApplicable(reason=not_applicable), expected_version=version
                )
            if not (text or picks or confirm):
                raise InvalidInput("give text, picks, confirm or not_applicable")
            turn = s.review.current(review_id, principal)
            if text or picks:
                turn = s.review.act(
                    review_id, principal, Answer(text=text, picks=picks or {}), expected_version=version
                )
                version = turn.version
            if confirm and (text or picks) and ActionType.CONFIRM not in turn.allowed_actions:
                # The answer was recorded but proposes nothing (a follow-up question instead): its turn, unconfirmed
                # and with the new version, says what to do next; an error here would hide that the answer was kept.
                return turn
            if confirm:
                turn = s.review.act(review_id, principal, Confirm(), expected_version=version)
            return turn

    @server.tool(title="Get a review report")
    def get_review_report(
        ctx: Context,
        review_id: str,
        format: Literal["md", "json"] = "md",
        milestone: Annotated[str | None, Field(max_length=100, description="a frozen milestone instead of now")] = None,
    ) -> ReviewReport:
        """The review report (Markdown or JSON): answers with evidence, risk per question, findings grounded in the
        lens with citations, and the improvement plan, with the AWS attribution and source URLs."""
        with tool_errors():
            s, principal = who(ctx)
            rendered = s.review.export(review_id, principal, ReportFormat(format), milestone=milestone)
            return ReviewReport(
                review_id=review_id, format=format, filename=rendered.filename, content=rendered.content
            )
