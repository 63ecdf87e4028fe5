"""Structured logs: one JSON object per line (python-json-logger), each with the request ID of the request being
served. Log lines carry identifiers (request ID, route template, status, error type), never user text, keys or SQL
parameters: the engine hides parameters (hide_parameters) and the access log is ours (uvicorn's prints the query
string)."""

from __future__ import annotations

import contextvars
import logging
import logging.config
import sys
from typing import Any

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# Libraries' own start-up chatter, kept to warnings: faiss's loader logs at INFO each CPU build it tries and fails to
# import ("Could not load library with AVX512 support due to: ModuleNotFoundError …") before the one that loads, which
# reads as an error in the first lines of every `mllens serve` and `mllens mcp`.
LIBRARY_LEVELS = {"faiss.loader": "WARNING"}
LEVELS = ("critical", "error", "warning", "info", "debug")
PLAIN_FORMAT = "%(levelname)s %(name)s: %(message)s"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class WorkersStartingFilter(logging.Filter):
    """With several workers, uvicorn's parent process binds the socket and logs "Uvicorn running on URL" before any
    worker has loaded anything (about 18 s early on 2 cores): that line is reworded to say the workers are starting.
    Each worker logs "ready: serving on URL" once it can answer (app.main)."""

    def __init__(self, workers: int) -> None:
        super().__init__()
        self.workers = workers

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Uvicorn running on "):
            address = record.getMessage().removeprefix("Uvicorn running on ").split(" ", 1)[0]
            record.msg = (
                f"listening on {address}; {self.workers} workers starting (each logs 'ready' when it can answer)"
            )
            record.args = None
            record.color_message = record.msg
        return True


def logging_config(level: str = "INFO", workers: int = 1) -> dict[str, Any]:
    """A dictConfig for the server: JSON lines on stderr for the app, uvicorn and SQLAlchemy; uvicorn's access log off
    (RequestContextMiddleware writes one without the query string); with several `workers`, WorkersStartingFilter."""
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "workers_starting": {"()": WorkersStartingFilter, "workers": workers},
        },
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.error": {
                "handlers": ["stderr"],
                "level": level,
                "propagate": False,
                "filters": ["workers_starting"] if workers > 1 else [],
            },
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "sqlalchemy": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
            **{name: {"level": quiet} for name, quiet in LIBRARY_LEVELS.items()},
        },
        "root": {"handlers": ["stderr"], "level": level},
    }


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(level))


def quiet_library_loggers() -> None:
    """LIBRARY_LEVELS, for a process that configures logging otherwise (`mllens` commands: plain lines on stderr)."""
    for name, level in LIBRARY_LEVELS.items():
        logging.getLogger(name).setLevel(level)


class CurrentStderrHandler(logging.Handler):
    """Writes each record to `sys.stderr` as it is at that moment, not as it was when logging was configured (a
    handler holding the stream it was given writes to a closed one after click's test runner swaps it back)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # a log line must never break the command (logging's own rule for handlers)
            self.handleError(record)


def configure_cli_logging(level: str = "INFO", libraries: tuple[str, ...] = ()) -> None:
    """Logging for a `mllens` command (not `serve`, whose lines are JSON: `logging_config`): the project's own lines
    (what start-up loads, what it waits for) as plain `LEVEL logger: message` lines on stderr, so stdout stays the
    command's output (JSON, a report, a key). Only the `app` loggers get the handler, and those of the `libraries`
    a command names as part of its own output (`mllens mcp`: the MCP SDK's, whose info lines say which tool call
    failed): other libraries keep Python's default (their warnings and errors on stderr). Called again in the same
    process, it replaces its handlers."""
    for name in ("app", *libraries):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, CurrentStderrHandler)]:
            logger.removeHandler(old)
        handler = CurrentStderrHandler()
        handler.setFormatter(logging.Formatter(PLAIN_FORMAT))
        logger.addHandler(handler)
        logger.setLevel(level.upper())
    quiet_library_loggers()
