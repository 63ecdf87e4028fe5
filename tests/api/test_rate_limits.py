"""Per-principal rate limits held across instances: two apps over one database (SQLite, and PostgreSQL when set),
each with its own limiter, share the quota through the database; over it, 429 with Retry-After."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from app.knowledge import KnowledgeBase
from app.main import create_app
from app.persistence.db import Database
from app.persistence.rate_limits import RateLimiter, Rule
from app.services import build_services
from app.settings import Settings

from .conftest import IN_SCOPE

RULES = {
    "requests": Rule(20, 60),
    "reviews": Rule(2, 3600, exact=True, what="reviews created"),
    "feedback": Rule(3, 86400, exact=True, what="ratings of this answer"),
}


def clock_at_window_start() -> Callable[[], float]:
    """Real time passing, starting just after an hour boundary, so no window rolls over during a test."""
    base, started = 1_800_000_000.0 + 1, time.monotonic()
    return lambda: base + (time.monotonic() - started)


@pytest.fixture
def two_instances(
    tiny_settings: Settings, tiny_kb: KnowledgeBase, database: Database
) -> Iterator[tuple[TestClient, TestClient]]:
    clock = clock_at_window_start()
    clients = []
    built = []
    for _ in range(2):
        services = build_services(tiny_settings, kb=tiny_kb, db=database)
        services.limits = RateLimiter(database, RULES, sync_s=0.1, clock=clock)
        built.append(services)
        clients.append(TestClient(create_app(tiny_settings, services)).__enter__())
    _, key = built[0].keys.create("portal")
    for client in clients:
        client.headers["authorization"] = f"Bearer {key}"
    yield clients[0], clients[1]
    for client in clients:
        client.__exit__(None, None, None)


def test_the_request_quota_is_shared_by_instances_and_enforced_within_a_second(
    two_instances: tuple[TestClient, TestClient],
) -> None:
    first, second = two_instances
    served = 0
    for n in range(60):
        response = (first, second)[n % 2].post("/v1/search", json={"query": IN_SCOPE})
        if response.status_code == 429:
            break
        assert response.status_code == 200
        served += 1
        time.sleep(0.02)
    assert 20 <= served <= 24  # the quota, plus at most a few hits counted locally before the next sync
    time.sleep(0.3)
    for client in (first, second):  # both instances refuse now
        refused = client.post("/v1/search", json={"query": IN_SCOPE})
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(refused.headers["retry-after"]) <= 60


def test_reviews_created_are_counted_exactly_across_instances(two_instances: tuple[TestClient, TestClient]) -> None:
    first, second = two_instances
    assert first.post("/v1/reviews", json={"profile": {"name": "a"}}).status_code == 201
    assert second.post("/v1/reviews", json={"profile": {"name": "b"}}).status_code == 201
    refused = first.post("/v1/reviews", json={"profile": {"name": "c"}})
    assert refused.status_code == 429 and "reviews created" in refused.json()["error"]["message"]
    assert int(refused.headers["retry-after"]) > 60
    assert len(second.get("/v1/reviews").json()["reviews"]) == 2


def test_feedback_is_limited_per_answer(two_instances: tuple[TestClient, TestClient]) -> None:
    first, second = two_instances
    one = first.post("/v1/ask", json={"question": IN_SCOPE}).json()["turn_id"]
    other = second.post("/v1/ask", json={"question": IN_SCOPE}).json()["turn_id"]
    for n in range(3):
        assert (first, second)[n % 2].post("/v1/feedback", json={"turn_id": one, "rating": "up"}).status_code == 201
    assert second.post("/v1/feedback", json={"turn_id": one, "rating": "down"}).status_code == 429
    assert first.post("/v1/feedback", json={"turn_id": other, "rating": "up"}).status_code == 201


def test_one_principal_over_quota_does_not_limit_another(two_instances: tuple[TestClient, TestClient]) -> None:
    first, second = two_instances
    for _ in range(30):
        first.get("/v1/lens")
    time.sleep(0.3)
    assert first.get("/v1/lens").status_code == 429
    services = second.app.state.services  # type: ignore[attr-defined]
    _, other_key = services.keys.create("other")
    assert second.get("/v1/lens", headers={"authorization": f"Bearer {other_key}"}).status_code == 200
