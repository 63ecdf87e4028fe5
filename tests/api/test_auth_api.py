from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.errors import Unauthorized
from app.main import create_app
from app.persistence.keys import ApiKeyStore
from app.services import Services
from app.settings import Settings

from .conftest import IN_SCOPE


def test_without_keys_loopback_is_open(client: TestClient) -> None:
    assert client.post("/v1/search", json={"query": IN_SCOPE}).status_code == 200


def test_with_keys_a_valid_key_is_required(client: TestClient, services: Services) -> None:
    _, key = services.keys.create("portal")
    response = client.post("/v1/search", json={"query": IN_SCOPE})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"
    assert client.post("/v1/search", json={"query": IN_SCOPE}, headers={"X-API-Key": "mll_wrong"}).status_code == 401
    assert client.post("/v1/search", json={"query": IN_SCOPE}, headers={"Authorization": f"Bearer {key}"}).is_success
    assert client.get("/v1/lens", headers={"X-API-Key": key}).is_success
    assert client.get("/healthz").is_success and client.get("/metrics").is_success


def test_conversations_and_feedback_belong_to_their_key(client: TestClient, services: Services) -> None:
    _, alice = services.keys.create("alice")
    _, bob = services.keys.create("bob")
    as_alice, as_bob = {"Authorization": f"Bearer {alice}"}, {"Authorization": f"Bearer {bob}"}
    first = client.post("/v1/ask", json={"question": IN_SCOPE}, headers=as_alice).json()
    follow_up = {"question": "and cost?", "conversation_id": first["conversation_id"]}
    assert client.post("/v1/ask", json=follow_up, headers=as_alice).status_code == 200
    response = client.post("/v1/ask", json=follow_up, headers=as_bob)
    assert response.status_code == 404 and response.json()["error"]["code"] == "conversation_not_found"
    rating = {"turn_id": first["turn_id"], "rating": "up", "comment": "clear"}
    assert client.post("/v1/feedback", json=rating, headers=as_alice).status_code == 201
    assert client.post("/v1/feedback", json=rating, headers=as_bob).status_code == 404
    bad = client.post("/v1/feedback", json={**rating, "rating": "meh"}, headers=as_alice)
    assert bad.status_code == 422


def test_a_public_bind_without_keys_refuses_to_start(tiny_settings: Settings, services: Services) -> None:
    public = tiny_settings.model_copy(update={"host": "0.0.0.0"})
    with pytest.raises(Unauthorized, match="mllens keys create"), TestClient(create_app(public, services)):
        pass
    services.keys.create("ops")
    with TestClient(create_app(public, services)) as client:
        assert client.get("/healthz").is_success


def test_revoking_the_last_key_does_not_open_the_server(client: TestClient, services: Services) -> None:
    info, key = services.keys.create("portal")
    as_portal = {"Authorization": f"Bearer {key}"}
    assert client.post("/v1/reviews", json={"profile": {"name": "w"}}, headers=as_portal).status_code == 201
    services.keys.revoke(info.prefix)  # as `mllens keys revoke` would, from another process
    assert client.post("/v1/search", json={"query": IN_SCOPE}, headers=as_portal).status_code == 401  # at once
    for _ in range(3):  # and stays closed: no keys left is not "open"
        assert client.post("/v1/reviews", json={"profile": {"name": "w"}}).status_code == 401
        assert client.post("/v1/search", json={"query": IN_SCOPE}).status_code == 401


def test_a_key_created_elsewhere_closes_a_keyless_server_from_the_next_request(
    client: TestClient, services: Services, tiny_settings: Settings
) -> None:
    assert client.post("/v1/search", json={"query": IN_SCOPE}).status_code == 200
    ApiKeyStore(services.db).create("made-by-another-instance")
    assert client.post("/v1/search", json={"query": IN_SCOPE}).status_code == 401


def test_a_widget_key_ends_keyless_access_too_and_revoking_it_does_not_reopen(
    client: TestClient, services: Services
) -> None:
    assert client.post("/v1/search", json={"query": IN_SCOPE}).status_code == 200
    info, _ = services.widget_keys.create("portal", ["https://portal.example.com"])
    assert client.post("/v1/search", json={"query": IN_SCOPE}).status_code == 401
    services.keys.revoke(info.prefix)
    assert client.post("/v1/search", json={"query": IN_SCOPE}).status_code == 401


def test_a_public_server_requires_a_key_on_every_request(tiny_settings: Settings, services: Services) -> None:
    _, key = services.keys.create("ops")
    public = tiny_settings.model_copy(update={"host": "0.0.0.0"})
    with TestClient(create_app(public, services)) as client:
        assert client.post("/v1/search", json={"query": IN_SCOPE}).status_code == 401
        assert client.post("/v1/search", json={"query": IN_SCOPE}, headers={"X-API-Key": key}).status_code == 200


def test_an_unknown_key_is_refused_without_a_database_query_each_time(client: TestClient, services: Services) -> None:
    services.keys.create("portal")
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "api_keys" in statement:
            statements.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", count)
    try:
        for _ in range(20):
            response = client.post("/v1/search", json={"query": IN_SCOPE}, headers={"X-API-Key": "mll_guess"})
            assert response.status_code == 401
    finally:
        event.remove(services.db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
