"""Dependency aliases for route handlers: the Services and the caller's API key (owner)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.errors import NotReady
from app.services import Services


def get_services(request: Request) -> Services:
    services = getattr(request.app.state, "services", None)
    if services is None:
        raise NotReady("the service is still starting")
    assert isinstance(services, Services)
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_owner(request: Request, services: ServicesDep) -> str | None:
    """The caller's API key ID (None when the server runs without keys on loopback); raises Unauthorized."""
    header = request.headers.get("authorization", "")
    raw = header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("x-api-key")
    return services.keys.authenticate(raw)


OwnerDep = Annotated[str | None, Depends(get_owner)]


# Without API keys (loopback only) every caller is this owner: the CLI's default `--owner`, so a review started over
# HTTP on such a server can be continued with `mllens review --resume ID`, and the other way round.
LOCAL_OWNER = "local"


def get_review_owner(owner: OwnerDep) -> str:
    """Reviews belong to the caller's key ID (LOCAL_OWNER when the server runs without keys)."""
    return owner or LOCAL_OWNER


ReviewOwnerDep = Annotated[str, Depends(get_review_owner)]
