"""How uvicorn runs the app: JSON logs, no access log of its own (RequestContextMiddleware writes one without query
strings), a cap on concurrent connections, and a time limit on receiving a request head.

uvicorn has a keep-alive timeout but none for a request head that never completes: a client that opens a connection
and sends nothing (or a header a byte at a time) holds it open for ever. TimedH11Protocol closes such a connection
after `header_timeout_s`; the body has its own timeout in FramingMiddleware."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from app.logs import logging_config
from app.settings import Settings, get_settings


class TimedH11Protocol(H11Protocol):
    header_timeout_s: float | None = None  # None: from the settings (worker processes rebuild them from MLLENS_*)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._head_timer: asyncio.TimerHandle | None = None
        self._await_head()

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle:  # a request head arrived
            self._cancel_head_timer()

    def on_response_complete(self) -> None:
        self._await_head()  # the next request's head (a pipelined one already waiting cancels it at once)
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._cancel_head_timer()
        timeout = self.header_timeout_s if self.header_timeout_s is not None else get_settings().header_timeout_s
        self._head_timer = self.loop.call_later(timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def uvicorn_options(settings: Settings, log_level: str, workers: int = 1) -> dict[str, Any]:
    TimedH11Protocol.header_timeout_s = settings.header_timeout_s
    return {
        "host": settings.host,
        "port": settings.port,
        "log_config": logging_config(log_level, workers),
        "access_log": False,
        "http": TimedH11Protocol,
        "timeout_keep_alive": 5,
        "limit_concurrency": settings.limit_concurrency,
        "timeout_graceful_shutdown": 10,
        # The client address (a widget visitor's rate budget) and scheme a trusted proxy forwards; from any other
        # peer, X-Forwarded-* are ignored. uvicorn's own middleware; this makes its trust list a setting.
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
    }
