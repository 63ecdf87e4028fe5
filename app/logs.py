"""Structured logs: one JSON object per line (python-json-logger), each with the request ID of the request being
served. Log lines carry identifiers (request ID, route template, status, error type), never user text, keys or SQL
parameters: the engine hides parameters (hide_parameters) and the access log is ours (uvicorn's prints the query
string)."""

from __future__ import annotations

import contextvars
import logging
import logging.config
from typing import Any

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# Libraries' own start-up chatter, kept to warnings: faiss's loader logs at INFO each CPU build it tries and fails to
# import ("Could not load library with AVX512 support due to: ModuleNotFoundError …") before the one that loads, which
# reads as an error in the first lines of every `mllens serve` and `mllens mcp`.
LIBRARY_LEVELS = {"faiss.loader": "WARNING"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """A dictConfig for the server: JSON lines on stderr for the app, uvicorn and SQLAlchemy; uvicorn's access log off
    (RequestContextMiddleware writes one without the query string)."""
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
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
            "uvicorn.error": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "sqlalchemy": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
            **{name: {"level": quiet} for name, quiet in LIBRARY_LEVELS.items()},
        },
        "root": {"handlers": ["stderr"], "level": level},
    }


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(level))


def quiet_library_loggers() -> None:
    """LIBRARY_LEVELS, for a process that configures logging otherwise (`mllens mcp`: plain lines on stderr)."""
    for name, level in LIBRARY_LEVELS.items():
        logging.getLogger(name).setLevel(level)
