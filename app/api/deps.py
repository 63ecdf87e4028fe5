"""Dependency aliases for route handlers: the Services and the caller's Principal (who is acting)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.api.widget_auth import widget_principal
from app.errors import NotFound, NotReady
from app.principal import Principal
from app.services import Services


async def get_services(request: Request) -> Services:
    """Async (it does no I/O), so FastAPI calls it on the event loop instead of handing it to a worker thread."""
    services = getattr(request.app.state, "services", None)
    if services is None:
        raise NotReady("the service is still starting")
    assert isinstance(services, Services)
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_principal(request: Request, services: ServicesDep) -> Principal:
    """A web widget (`X-Widget-Key`, from one of the key's allowed origins) acts as Principal.widget(key ID, its
    verified or anonymous user). A secret API key (`Authorization: Bearer <key>` or `X-API-Key`) acts as
    Principal.api_key(its ID). A server without keys (loopback only) serves every other caller as Principal.local(),
    the CLI's principal too, so a review started over HTTP can be continued with `mllens review --resume ID` and the
    other way round. Raises Unauthorized."""
    widget_key = request.headers.get("x-widget-key")
    if widget_key:
        return widget_principal(request, services.widget_keys, widget_key)
    header = request.headers.get("authorization", "")
    raw = header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("x-api-key")
    # Fails closed: keyless callers are served only by a loopback-only server on which no key has ever existed.
    key_id = services.keys.authenticate(raw, keyless_open=getattr(request.app.state, "loopback_only", False))
    principal = Principal.local() if key_id is None else Principal.api_key(key_id)
    if services.limits is not None:
        services.limits.hit("requests", principal)  # RateLimited: 429 with Retry-After
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_operator(principal: PrincipalDep) -> Principal:
    """Endpoints for whoever runs the service (a secret API key, or local on a loopback server without keys): the web
    widget and Slack users get 404, as for an endpoint that does not exist for them."""
    if principal.kind not in ("key", "local"):
        raise NotFound("not found")
    return principal


OperatorDep = Annotated[Principal, Depends(get_operator)]
