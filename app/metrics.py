"""Prometheus metrics, one registry per app (no import-time globals): HTTP requests and latency per route,
retrieval and LLM latency, LLM errors and fallbacks, refusals. Implements app.qa.ports.QAMetrics."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
)

_FAST = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_SLOW = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 40.0, 80.0)


class Metrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        ProcessCollector(registry=r)  # process_resident_memory_bytes etc. (read by eval/load_search.py)
        self.requests = Counter("mllens_http_requests", "HTTP requests", ["method", "route", "status"], registry=r)
        self.latency = Histogram(
            "mllens_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            buckets=_FAST,
            registry=r,
        )
        self.retrieval = Histogram("mllens_retrieval_duration_seconds", "Retrieval latency", buckets=_FAST, registry=r)
        self.llm = Histogram("mllens_llm_duration_seconds", "LLM call latency", ["op"], buckets=_SLOW, registry=r)
        self.llm_errors = Counter("mllens_llm_errors", "LLM errors by kind", ["kind"], registry=r)
        self.fallbacks = Counter("mllens_llm_fallbacks", "Answers or rewrites that fell back", ["reason"], registry=r)
        self.refusals = Counter("mllens_refusals", "Questions refused", ["reason"], registry=r)
        self.answers = Counter("mllens_answers", "Answers by mode", ["mode"], registry=r)
        self.removed = Counter("mllens_citations_removed", "Citations removed by the integrity check", registry=r)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def observe_retrieval(self, seconds: float) -> None:
        self.retrieval.observe(seconds)

    def observe_llm(self, seconds: float, op: str) -> None:
        self.llm.labels(op).observe(seconds)

    def llm_error(self, kind: str) -> None:
        self.llm_errors.labels(kind).inc()

    def fallback(self, reason: str) -> None:
        self.fallbacks.labels(reason).inc()

    def refusal(self, reason: str) -> None:
        self.refusals.labels(reason).inc()

    def answered(self, mode: str) -> None:
        self.answers.labels(mode).inc()

    def citations_removed(self, count: int) -> None:
        self.removed.inc(count)

    def render(self) -> bytes:
        return generate_latest(self.registry)
