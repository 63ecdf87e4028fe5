"""GET /v1/lens, /v1/lens/questions/{id}, /v1/lens/best-practices/{id} (tolerant and legacy IDs accepted)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.api.deps import CredentialsFirst, PrincipalDep, ServicesDep, get_principal
from app.api.responses import model_response
from app.api.schemas import BestPracticeResponse, ErrorResponse, LensResponse, QuestionResponse
from app.qa.lookup import find_best_practice, find_question

router = APIRouter(
    prefix="/v1/lens", tags=["lens"], responses={s: {"model": ErrorResponse} for s in (401, 404, 429, 503)}
)


@router.get("", response_model=LensResponse, dependencies=[CredentialsFirst])
def lens(request: Request, s: ServicesDep) -> Response:
    """Pillars -> questions -> best practices, with IDs, titles and risk."""
    # Every widget page that opens a review fetches it, and it is the largest reply (every practice of the lens):
    # one hand-off to the thread pool, and no second validation of the whole tree (see reviews.take_turn).
    get_principal(request, s)
    return model_response(LensResponse.of(s.kb.lens))


@router.get("/questions/{question_id}", response_model=QuestionResponse)
def question(question_id: str, s: ServicesDep, _principal: PrincipalDep) -> QuestionResponse:
    """One lens question (e.g. MLSEC03) and its best practices."""
    return QuestionResponse.of(find_question(s.kb.lens, question_id))


@router.get("/best-practices/{bp_id}", response_model=BestPracticeResponse)
def best_practice(bp_id: str, s: ServicesDep, _principal: PrincipalDep) -> BestPracticeResponse:
    """One best practice in full, by new ID (MLSEC03-BP02) or 2023 ID (MLSEC-05)."""
    return BestPracticeResponse(best_practice=find_best_practice(s.kb.lens, bp_id))
