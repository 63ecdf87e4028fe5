"""A real uvicorn server on a free loopback port, over the tiny knowledge base, for clients that speak HTTP
themselves (the `openai` and `mcp` SDKs)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn

from app.knowledge import KnowledgeBase
from app.main import create_app
from app.services import Services, build_services
from app.settings import Settings

IN_SCOPE = "least privilege access to training data"
OUT_OF_SCOPE = "how do I bake sourdough bread"


@dataclass
class LiveServer:
    url: str
    services: Services


@pytest.fixture
def live_server(tiny_settings: Settings, tiny_kb: KnowledgeBase) -> Iterator[LiveServer]:
    services = build_services(tiny_settings, kb=tiny_kb)
    config = uvicorn.Config(create_app(tiny_settings, services), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="test-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", services)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        services.close()
