"""GET /healthz (process up), /readyz (database readable and writable, index loaded, model answering), /metrics."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from app.api.deps import ServicesDep
from app.api.schemas import ErrorResponse
from app.errors import AppError, NotReady
from app.services import Services

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}  # async: a proxy's or orchestrator's frequent probe makes no thread hop at all


@router.get(
    "/readyz",
    response_model=dict[str, object],
    responses={503: {"model": ErrorResponse, "description": "not ready; the message says why"}},
)
def readyz(request: Request) -> Response:
    """Ready to serve: the database can be read and written (and, for SQLite, is still the file opened at start), the
    index has passages and the embedding model embeds. 503 with Retry-After naming what failed, otherwise."""
    services = getattr(request.app.state, "services", None)
    if services is None:
        raise NotReady("still starting: loading the index and warming the model")
    problems = readiness_problems(services)
    if problems:
        raise NotReady("not ready: " + "; ".join(problems))
    ready = {
        "status": "ready",
        "passages": services.kb.retriever.passage_count,
        "llm": services.llm.name if services.llm else "none",
        # Turns work while this says "warming"; a question's first answer just computes its references itself.
        "review_mapping": "ready" if services.review_warm.is_set() else "warming",
    }
    return JSONResponse(ready)  # one thread hop per probe: the checks, not a second one to validate this dict


def readiness_problems(services: Services) -> list[str]:
    problems = []
    try:
        services.db.check_ready()
    except AppError as exc:
        problems.append(f"database: {exc.message}")
    if services.kb.retriever.passage_count <= 0:
        problems.append("index: no passages loaded")
    try:
        vector = services.kb.embedder.embed(["readiness check"])
        if vector.shape != (1, services.kb.embedder.dimension) or not all(math.isfinite(x) for x in vector[0]):
            problems.append("model: unexpected embedding")
    except Exception as exc:  # any failure of the model is a readiness answer, not a 500
        problems.append(f"model: {type(exc).__name__}")
    return problems


@router.get("/metrics", include_in_schema=False)
def metrics(s: ServicesDep) -> Response:
    return Response(s.metrics.render(), media_type=s.metrics.content_type)
