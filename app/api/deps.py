"""Dependency aliases for route handlers: the Services and the caller's Principal (who is acting)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from app.api.widget_auth import is_anonymous, refuse_widget_on_sight, visitor_address, widget_principal
from app.errors import NotFound, NotReady
from app.persistence.keys import came_through_proxy
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
    Principal.api_key(its ID). A server without keys (loopback only) serves every other caller that did not come
    through a proxy as Principal.local(), the CLI's principal too, so a review started over HTTP can be continued with
    `mllens review --resume ID` and the other way round. The request counts against the principal's quota and, for a
    widget user known only by an anonymous ID, against the budget of its client address and then the ceiling all its
    key's anonymous users share. Raises Unauthorized or RateLimited."""
    widget_key = request.headers.get("x-widget-key")
    if widget_key:
        principal = widget_principal(request, services.widget_keys, widget_key)
    else:
        # Fails closed: keyless callers are served only by a loopback-only server on which no key has ever existed,
        # and only when they did not come through a proxy.
        key_id = services.keys.authenticate(_secret_key(request), keyless_open=_keyless_open(request))
        principal = Principal.local() if key_id is None else Principal.api_key(key_id)
    if services.limits is not None:  # every principal, a widget's user included
        services.limits.hit("requests", principal)  # RateLimited: 429 with Retry-After
        if is_anonymous(principal):  # the browser picks its anonymous ID, so a new ID must not mean a new quota:
            # first the visitor's own budget (its client address), so a visitor past it uses none of the ceiling
            # that all anonymous users of the key share (the outer bound) and that the next check counts
            services.limits.hit_tenant("widget_visitor", principal.tenant, visitor_address(request))
            # and past the ceiling, only IDs not yet served in this minute are refused: a visitor mid-conversation
            # keeps being served (its own quota and its address's budget still apply)
            services.limits.hit_tenant_seen("widget_anonymous", principal.tenant, principal.subject)
    request.state.principal = principal  # settled for this request (principal_before_error)
    return principal


async def check_credentials(request: Request, services: ServicesDep) -> None:
    """For a sync route that settles its principal itself, inside its one worker call (`get_principal(request, s)`
    first thing), instead of taking PrincipalDep, whose database reads FastAPI would run in a worker thread of its
    own first. Async and without I/O, this refuses on the event loop, before the body is validated, what
    get_principal surely refuses: no credentials where a key is required, a widget key without an origin or a user,
    a widget key sent as a secret one. What needs the database (key lookups, "has a key been created since?", user
    tokens, the rate limit) stays in get_principal; if the request turns out invalid first, principal_before_error
    runs it before the 422."""
    if request.headers.get("x-widget-key"):
        refuse_widget_on_sight(request)
    else:
        services.keys.refuse_on_sight(_secret_key(request), keyless_open=_keyless_open(request))


CredentialsFirst = Depends(check_credentials)


async def principal_before_error(request: Request) -> None:
    """Before an error reply that describes the request (a 422): if its route needs a principal and none was settled
    for this request yet (an invalid body is found before the route settles it; malformed JSON, before any
    dependency), get_principal runs now, so an unauthenticated caller gets its 401 (or 429) instead. On the error
    path only: its worker-thread call costs the answered requests nothing."""
    route = request.scope.get("route")
    if getattr(request.state, "principal", None) is None and isinstance(route, APIRoute) and _needs_principal(route):
        await run_in_threadpool(get_principal, request, await get_services(request))


def _needs_principal(route: APIRoute) -> bool:
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if dependency.call in (get_principal, check_credentials):
            return True
        pending.extend(dependency.dependencies)
    return False


def _secret_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("x-api-key")


def _keyless_open(request: Request) -> bool:
    """A loopback-only server, and a request that did not come through a proxy (whose clients all look local)."""
    return bool(getattr(request.app.state, "loopback_only", False)) and not came_through_proxy(request.headers)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def get_operator(principal: PrincipalDep) -> Principal:
    """Endpoints for whoever runs the service (a secret API key, or local on a loopback server without keys): the web
    widget and Slack users get 404, as for an endpoint that does not exist for them."""
    if principal.kind not in ("key", "local"):
        raise NotFound("not found")
    return principal


OperatorDep = Annotated[Principal, Depends(get_operator)]
