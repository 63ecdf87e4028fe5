"""A real uvicorn server on a free loopback port, over the tiny knowledge base, for clients that speak HTTP
themselves (the `openai` and `mcp` SDKs)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from support.live_server import live_server as serve

from app.main import create_app
from app.services import Services
from app.settings import Settings

IN_SCOPE = "least privilege access to training data"
OUT_OF_SCOPE = "how do I bake sourdough bread"


@dataclass
class LiveServer:
    url: str
    services: Services


@pytest.fixture
def live_server(tiny_settings: Settings, services: Services) -> Iterator[LiveServer]:
    with serve(create_app(tiny_settings, services), tiny_settings) as (host, port):
        yield LiveServer(f"http://{host}:{port}", services)
