"""Identity links: a widget (or local) user redeems the one-time code `/mllens link` showed them in Slack, so their
Slack user acts as this identity and a review can move between Slack and the widget. Audited in the database."""

from __future__ import annotations

from fastapi import APIRouter, Response

from app.api.deps import PrincipalDep, ServicesDep
from app.api.schemas import ErrorResponse, LinkedIdentity, LinkRequest, LinkResponse, LinksResponse
from app.errors import NotFound
from app.principal import Principal

ERRORS: dict[int | str, dict[str, object]] = {status: {"model": ErrorResponse} for status in (401, 404, 422, 503)}
router = APIRouter(prefix="/v1/identity", tags=["identity"], responses=ERRORS)


@router.post("/links", response_model=LinkResponse, status_code=201)
def redeem(body: LinkRequest, s: ServicesDep, principal: PrincipalDep) -> LinkResponse:
    """Link the Slack user who was shown `code` to you (the caller): their Slack reviews and questions become yours,
    and they act as you in Slack from now on. A code works once, for a few minutes; 422 when it does not."""
    link, moved = s.identity.redeem(body.code, principal)
    return LinkResponse(
        linked=LinkedIdentity(tenant=link.source.tenant, subject=link.source.subject, created_at=link.created_at),
        moved_reviews=moved.reviews,
        moved_conversations=moved.conversations,
    )


@router.get("/links", response_model=LinksResponse)
def links(s: ServicesDep, principal: PrincipalDep) -> LinksResponse:
    """The Slack users linked to you."""
    found = s.identity.links_to(principal)
    return LinksResponse(
        links=[LinkedIdentity(tenant=k.source.tenant, subject=k.source.subject, created_at=k.created_at) for k in found]
    )


@router.delete("/links/{tenant}/{subject}", status_code=204)
def unlink(tenant: str, subject: str, s: ServicesDep, principal: PrincipalDep) -> Response:
    """Remove a link to you (the Slack user then acts as themselves again; what was moved stays yours)."""
    if not s.identity.unlink(Principal(tenant, subject), by=principal):
        raise NotFound(f"no link from {tenant}/{subject}")
    return Response(status_code=204)
