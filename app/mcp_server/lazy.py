"""/mcp, loaded on its first request: the MCP SDK (~0.3 s to import, ~25 MB resident) is not part of a server's start
or of its memory until someone uses the endpoint. The first request builds the MCP server and its streamable-HTTP
route (app.mcp_server.server) and starts the SDK's session manager in the app's task group, which `running()` (the
app's lifespan) owns and cancels at shutdown."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import anyio
from anyio.abc import TaskGroup, TaskStatus
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import NotReady

if TYPE_CHECKING:
    from app.services import Services

MCP_PATH = "/mcp"


class LazyMcpEndpoint:
    def __init__(self, services: Callable[[], Services], *, host: str, max_body_bytes: int) -> None:
        self._services = services
        self._host = host
        self._max_body_bytes = max_body_bytes
        self._endpoint: ASGIApp | None = None
        self._lock: asyncio.Lock | None = None
        self._task_group: TaskGroup | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """For the app's lifespan: the task group the session manager runs in once /mcp has been used."""
        async with anyio.create_task_group() as task_group:
            self._task_group = task_group
            try:
                yield
            finally:
                self._task_group = None
                task_group.cancel_scope.cancel()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = self._endpoint or await self._load()
        await endpoint(scope, receive, send)

    async def _load(self) -> ASGIApp:
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            if self._endpoint is None:
                if self._task_group is None:
                    raise NotReady("the service is still starting")
                server, route = await run_in_threadpool(self._build)
                await self._task_group.start(self._run_sessions, server)
                self._endpoint = route.endpoint
        return self._endpoint

    def _build(self) -> tuple[Any, Any]:
        from app.mcp_server.server import build_mcp_server, http_route

        server = build_mcp_server(self._services)
        return server, http_route(server, self._services, host=self._host, max_body_bytes=self._max_body_bytes)

    @staticmethod
    async def _run_sessions(server: Any, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        async with server.session_manager.run():
            task_status.started()
            await anyio.sleep_forever()
