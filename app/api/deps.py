"""Dependency aliases for route handlers: the Services and the caller's Principal (who is acting)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.errors import NotReady
from app.principal import Principal
from app.services import Services


def get_services(request: Request) -> Services:
    services = getattr(request.app.state, "services", None)
    if services is None:
        raise NotReady("the service is still starting")
    assert isinstance(services, Services)
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_principal(request: Request, services: ServicesDep) -> Principal:
    """A secret API key (`Authorization: Bearer <key>` or `X-API-Key`) acts as Principal.api_key(its ID). A server
    without keys (loopback only) serves every caller as Principal.local(), the CLI's principal too, so a review started
    over HTTP can be continued with `mllens review --resume ID` and the other way round. Raises Unauthorized."""
    header = request.headers.get("authorization", "")
    raw = header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("x-api-key")
    # Fails closed: keyless callers are served only by a loopback-only server on which no key has ever existed.
    key_id = services.keys.authenticate(raw, keyless_open=getattr(request.app.state, "loopback_only", False))
    principal = Principal.local() if key_id is None else Principal.api_key(key_id)
    if services.limits is not None:
        services.limits.hit("requests", principal)  # RateLimited: 429 with Retry-After
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]
