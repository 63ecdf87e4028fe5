"""A real uvicorn server on a free loopback port, in a thread, with the project's own server options (the header
timeout protocol, no uvicorn access log). For tests that need real sockets: raw framing, slow clients, timeouts."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from app.api.server import uvicorn_options
from app.knowledge import KnowledgeBase
from app.llm.base import ChatModel
from app.main import create_app
from app.services import build_services
from app.settings import Settings


@contextmanager
def live_server(
    app: FastAPI, settings: Settings, *, start_timeout_s: float = 20, **overrides: Any
) -> Iterator[tuple[str, int]]:
    """Yields (host, port) once the server is ready (lifespan started); stops it on exit. `overrides` go to
    uvicorn.Config."""
    options = uvicorn_options(settings.model_copy(update={"port": 1}), "warning")
    options.update(port=0, log_config=None, **overrides)
    server = uvicorn.Server(uvicorn.Config(app, **options))
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout_s
    while not (server.started and server.servers):
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def serve_services(
    settings: Settings, kb: KnowledgeBase, chat_model: ChatModel | None = None, **overrides: Any
) -> Iterator[str]:
    """The whole service (build_services on `kb`, create_app) on a live server: yields its base URL; closes the
    services on exit. `overrides` go to live_server."""
    services = build_services(settings, kb=kb, chat_model=chat_model)
    try:
        with live_server(create_app(settings, services), settings, **overrides) as (host, port):
            yield f"http://{host}:{port}"
    finally:
        services.close()
