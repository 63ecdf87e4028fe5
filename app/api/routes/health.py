"""GET /healthz (process up), /readyz (index loaded, model warm, database reachable), /metrics (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.api.deps import ServicesDep
from app.errors import NotReady

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> dict[str, object]:
    """Ready to answer: the index is loaded, the embedding model warm and the database reachable."""
    services = getattr(request.app.state, "services", None)
    if services is None:
        raise NotReady("still starting: loading the index and warming the model")
    if not services.db.is_reachable():
        raise NotReady("the database is not reachable")
    return {
        "status": "ready",
        "passages": services.kb.retriever.passage_count,
        "llm": services.llm.name if services.llm else "none",
        # Turns work while this says "warming"; a question's first answer just computes its references itself.
        "review_mapping": "ready" if services.review_warm.is_set() else "warming",
    }


@router.get("/metrics", include_in_schema=False)
def metrics(s: ServicesDep) -> Response:
    return Response(s.metrics.render(), media_type=s.metrics.content_type)
