"""The MCP server (official SDK's MCPServer) and its streamable-HTTP mount in the FastAPI app."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp_types import CallToolResult, InputRequiredResult
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import AppError, RateLimited
from app.mcp_server.lazy import MCP_PATH
from app.mcp_server.tools import principal_from_headers, register_tools
from app.services import Services

INSTRUCTIONS = (
    "Tools over the AWS Well-Architected Machine Learning Lens: search it, read a best practice, ask questions "
    "answered only from the lens with citations, and run a guided lens review (start, answer, report). Quote the "
    "Sources and keep the AWS attribution when you show lens text. Risk levels come from the lens, never from you."
)


class LensMCPServer(MCPServer[Any]):
    """The SDK's server, with arguments outside a tool's schema refused as `invalid_input: field: reason` like the
    project's other tool errors (the SDK's own text is pydantic's multi-line dump with a link to its docs)."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(exc, UnexpectedToolError) or not isinstance(cause, ValidationError):
                raise
            first = cause.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "arguments"
            raise ToolError(f"Error executing tool {name}: invalid_input: {where}: {first['msg']}") from cause


def build_mcp_server(services: Callable[[], Services]) -> MCPServer:
    """The SDK's constructor sets up the root logger (`logging.basicConfig`: a rich handler at INFO) when it has no
    handler yet, as under `mllens mcp`, whose logging is the CLI's (app.logs.configure_cli_logging): a placeholder
    handler on the root while it runs leaves the process's logging as the CLI set it."""
    root = logging.getLogger()
    placeholder = logging.NullHandler()
    root.addHandler(placeholder)
    try:
        server: MCPServer = LensMCPServer(
            name="ml-lens", title="ML Lens Assistant", instructions=INSTRUCTIONS, version="0.1.0"
        )
    finally:
        root.removeHandler(placeholder)
    register_tools(server, services)
    return server


class KeyGate:
    """Refuses a streamable-HTTP request without a valid API key before the MCP session sees it (401 in the
    project's error shape); the tools then act for that key's principal."""

    def __init__(self, app: ASGIApp, services: Callable[[], Services]) -> None:
        self.app = app
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            try:
                services = self.services()
                principal = await run_in_threadpool(principal_from_headers, services, headers)
                if services.limits is not None:  # the same per-principal quota as the REST API
                    await run_in_threadpool(services.limits.hit, "requests", principal)
            except AppError as exc:
                body = {"error": {"code": exc.code, "message": exc.message}}
                retry = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, RateLimited) else None
                await JSONResponse(body, status_code=exc.status, headers=retry)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def http_route(server: MCPServer, services: Callable[[], Services], *, host: str, max_body_bytes: int) -> Route:
    """The streamable-HTTP endpoint as one route for the FastAPI app (stateless: any instance serves any request).
    Its session manager must be running (`server.session_manager.run()`; app.mcp_server.lazy does it)."""
    app = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        host=host,
        max_request_body_size=max_body_bytes,
    )
    route: Any = next(r for r in app.routes if getattr(r, "path", None) == MCP_PATH)
    return Route(MCP_PATH, endpoint=KeyGate(route.app, services), methods=["GET", "POST", "DELETE"])
