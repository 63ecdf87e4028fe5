"""The FastAPI app factory: create_app(settings, services=None). The lifespan builds Services once (index, model,
migrations) unless tests hand in their own."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from app.api.cors import WidgetCorsMiddleware
from app.api.errors import install_error_handlers
from app.api.middleware import CatchAllMiddleware, FramingMiddleware, MetricsMiddleware, RequestContextMiddleware
from app.api.routes import feedback, health, identity, lens, openai, qa, reviews
from app.api.routes.docs import install_docs
from app.api.schemas import ErrorResponse
from app.errors import NotReady
from app.mcp_server.lazy import MCP_PATH, LazyMcpEndpoint
from app.memory import gc_for_serving, trim_heap
from app.persistence.keys import check_bind, is_loopback
from app.services import Services, build_services
from app.settings import Settings, get_settings
from app.web import routes as web

logger = logging.getLogger(__name__)

if TYPE_CHECKING:  # Slack Bolt is loaded only for a Slack-enabled server
    from app.slack.bolt_app import StartRetries

# What any request can get before a route sees it (FramingMiddleware), documented on every operation.
FRAMING_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorResponse, "description": "`bad_request`: both Content-Length and Transfer-Encoding declared"},
    408: {"model": ErrorResponse, "description": "`request_timeout`: the request body stopped arriving"},
    413: {"model": ErrorResponse, "description": "`payload_too_large`: the body is over the limit (64 KiB default)"},
}


def create_app(settings: Settings, services: Services | None = None, *, serving_process: bool = False) -> FastAPI:
    """`serving_process`: the app is its process's server (`mllens serve`): once ready, the garbage collector is set
    for serving (start-up's objects frozen out of it, fewer gen-0 collections: app.memory.gc_for_serving). Not for
    apps built inside tests."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        built: Services = services if services is not None else await run_in_threadpool(build_services, settings)
        slack_retries: StartRetries | None = None  # the Slack bot's start-up retries, if any: stopped at shutdown
        try:
            check_bind(settings.host, await run_in_threadpool(built.keys.count))
            if not built.review_warm.is_set():  # answer mapping's reference vectors, off the startup path
                threading.Thread(target=built.warm_up_review, name="review-warm-up", daemon=True).start()
            await run_in_threadpool(trim_heap)  # loading's temporary allocations go back to the OS
            if serving_process:
                gc_for_serving()
            app.state.services = built
            if settings.slack_enabled:
                # Bolt: only for a Slack-enabled server
                from app.slack.bolt_app import StartRetries, start_slack_app, stop_slack_app

                slack_retries = StartRetries()
                await run_in_threadpool(start_slack_app, app.state, built, settings, slack_retries)
            async with mcp.running():  # the task group the MCP endpoint's sessions run in, once it is used
                if serving_process:  # every start-up check passed: /readyz answers 200 from here on
                    logger.info("ready: serving on %s (docs at /docs), process %d", base_url(settings), os.getpid())
                yield
        finally:
            if slack_retries is not None:
                slack_retries.stop()
                if getattr(app.state, "slack", None) is not None:  # its listeners' work ends before the services
                    await run_in_threadpool(stop_slack_app, app.state.slack, settings.slack_shutdown_wait_s)
            if services is None:
                built.close()

    app = FastAPI(
        title="ML Lens Assistant",
        version="0.1.0",
        summary="Grounded, cited answers from the AWS Well-Architected Machine Learning Lens, and guided lens reviews.",
        lifespan=lifespan,
        responses=FRAMING_ERRORS,
        docs_url=None,  # served from local assets by install_docs
        redoc_url=None,
    )
    app.state.loopback_only = is_loopback(settings.host)  # read per request by the auth dependency
    app.state.settings = settings  # the web edge reads its demo settings here (it does not use the API's deps)
    install_error_handlers(app, retry_after_s=settings.retry_after_s)
    # Added innermost first. Outermost: widget CORS (error replies to a widget's origin are readable too), then
    # request ID and access log, the catch-all, metrics, framing (body limit on bytes received, timeouts).
    app.add_middleware(FramingMiddleware, max_bytes=settings.max_body_bytes, body_timeout_s=settings.body_timeout_s)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(WidgetCorsMiddleware)
    for module in (qa, feedback, reviews, lens, openai, health, identity):
        app.include_router(module.router)
    app.include_router(web.router)
    if settings.slack_enabled:  # without a bot token and signing secret there is no Slack route at all
        from app.slack.http import slack_router

        app.include_router(slack_router())
    mcp = LazyMcpEndpoint(lambda: get_services_of(app), host=settings.host, max_body_bytes=settings.max_body_bytes)
    app.router.routes.append(Route(MCP_PATH, endpoint=mcp, methods=["GET", "POST", "DELETE"]))
    openai.document_openai_errors(app)
    install_docs(app)
    return app


def base_url(settings: Settings) -> str:
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return f"http://{host}:{settings.port}"


def get_services_of(app: FastAPI) -> Services:
    services = getattr(app.state, "services", None)
    if services is None:
        raise NotReady("the service is still starting")
    assert isinstance(services, Services)
    return services


def serve_http(settings: Settings, *, log_level: str, workers: int = 1) -> None:
    """`mllens serve`: uvicorn with the project's server options (JSON logs, request head timeout, concurrency cap;
    app.api.server). With several workers each process builds the app from MLLENS_* variables, which the caller sets."""
    import uvicorn

    from app.api.server import uvicorn_options
    from app.memory import limit_malloc_arenas

    limit_malloc_arenas()  # before the server's threads start (worker processes do it in app_from_environment)
    options = uvicorn_options(settings, log_level, workers)
    if workers == 1:
        uvicorn.run(create_app(settings, serving_process=True), **options)
    else:
        uvicorn.run("app.main:app_from_environment", factory=True, workers=workers, **options)


def serve_mcp_stdio(settings: Settings) -> None:
    """`mllens mcp`: the same MCP tools as /mcp, over stdio, on services built once for this process."""
    services = build_services(settings)
    try:
        from app.mcp_server.server import build_mcp_server

        build_mcp_server(lambda: services).run("stdio")
    finally:
        services.close()


def serve_slack_socket(settings: Settings, app_token: str) -> None:
    """`mllens slack --socket`: the Slack bot over Socket Mode (blocks until stopped), on services built once."""
    from app.slack.bolt_app import NOT_STARTED, build_slack_app
    from app.slack.socket_mode import socket_mode_handler, stop_socket_mode

    services = build_services(settings)
    try:
        try:
            bolt = build_slack_app(services, settings, socket_mode=True)
        except NOT_STARTED as exc:  # Slack unreachable, the token refused, an org-wide install
            raise NotReady(f"the Slack bot did not start: {type(exc).__name__}: {exc}") from None
        handler = socket_mode_handler(bolt, app_token)
        try:
            handler.start()  # type: ignore[no-untyped-call]
        finally:
            stop_socket_mode(handler, bolt, settings.slack_shutdown_wait_s)
    finally:
        services.close()


def app_from_environment() -> FastAPI:
    """Entry point for `uvicorn --factory` with several worker processes: settings come from MLLENS_* variables."""
    from app.memory import limit_malloc_arenas

    limit_malloc_arenas()
    return create_app(get_settings(), serving_process=True)
