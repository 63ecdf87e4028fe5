"""Widget keys at the API: origins (CORS allow-list, preflight, an Origin check on every request including SSE),
the user (signed token or anonymous ID), what a widget key may not do, and feedback on answers and findings with the
operators' JSON Lines export."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from app.persistence.widget_keys import WidgetKey
from app.services import Services
from app.user_tokens import sign_user_token

from .conftest import IN_SCOPE

PORTAL = "https://portal.example"
SSE = {"Accept": "text/event-stream"}


@pytest.fixture
def widget(services: Services) -> tuple[WidgetKey, str]:
    return services.widget_keys.create("portal", [PORTAL])


def as_user(
    widget: tuple[WidgetKey, str], *, anonymous: str = "", user: str = "", origin: str = PORTAL
) -> dict[str, str]:
    key, raw = widget
    headers = {"X-Widget-Key": raw, "Origin": origin}
    if user:
        headers["X-Widget-User"] = sign_user_token(key.user_token_secret, user, int(time.time()) + 60)
    else:
        headers["X-Widget-Anonymous"] = anonymous or "anon_" + "a" * 32
    return headers


def error(response: object) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]  # type: ignore[attr-defined]


def test_a_widget_key_works_only_from_its_origins(client: TestClient, widget: tuple[WidgetKey, str]) -> None:
    ok = client.post("/v1/ask", json={"question": IN_SCOPE}, headers=as_user(widget))
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == PORTAL
    assert "X-Stream-Id" in ok.headers["access-control-expose-headers"] and ok.headers["vary"] == "Origin"
    wrong = client.post("/v1/ask", json={"question": IN_SCOPE}, headers=as_user(widget, origin="https://evil.example"))
    assert error(wrong) == (401, "unauthorized") and "https://evil.example" in wrong.json()["error"]["message"]
    assert "access-control-allow-origin" not in wrong.headers
    sse = client.post("/v1/ask", json={"question": IN_SCOPE}, headers={**as_user(widget, origin="https://x.io"), **SSE})
    assert error(sse) == (401, "unauthorized")  # before any stream starts
    no_origin = {k: v for k, v in as_user(widget).items() if k != "Origin"}
    assert error(client.get("/v1/reviews", headers=no_origin)) == (401, "unauthorized")
    same_site_get = {**no_origin, "Sec-Fetch-Site": "same-origin"}  # the server's own origin, not the portal's
    assert error(client.get("/v1/reviews", headers=same_site_get)) == (401, "unauthorized")


def test_keys_are_required_once_they_exist_and_a_widget_key_is_no_secret_key(
    client: TestClient, widget: tuple[WidgetKey, str]
) -> None:
    assert error(client.post("/v1/search", json={"query": IN_SCOPE}, headers={"Origin": PORTAL})) == (
        401,
        "unauthorized",
    )
    unknown = {**as_user(widget), "X-Widget-Key": "pk_unknown"}
    assert error(client.get("/v1/lens", headers=unknown)) == (401, "unauthorized")
    bearer = client.get("/v1/lens", headers={"Authorization": f"Bearer {widget[1]}"})
    assert error(bearer) == (401, "unauthorized") and "widget" in bearer.json()["error"]["message"]
    missing_user = {"X-Widget-Key": widget[1], "Origin": PORTAL}
    assert error(client.get("/v1/lens", headers=missing_user)) == (401, "unauthorized")
    assert client.post("/v1/search", json={"query": IN_SCOPE}, headers=as_user(widget)).status_code == 200
    assert error(client.get("/v1/feedback", headers=as_user(widget))) == (404, "not_found")


def test_preflight_answers_only_allowed_origins(client: TestClient, widget: tuple[WidgetKey, str]) -> None:
    ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-widget-key"}
    ok = client.options("/v1/ask", headers={"Origin": PORTAL, **ask})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == PORTAL
    assert "X-Widget-Key" in ok.headers["access-control-allow-headers"]
    assert "Last-Event-ID" in ok.headers["access-control-allow-headers"]
    refused = client.options("/v1/ask", headers={"Origin": "https://evil.example", **ask})
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers


def test_user_tokens_are_verified(client: TestClient, widget: tuple[WidgetKey, str], services: Services) -> None:
    key, raw = widget
    expired = sign_user_token(key.user_token_secret, "alice", int(time.time()) - 1)
    headers = {"X-Widget-Key": raw, "Origin": PORTAL}
    response = client.get("/v1/reviews", headers={**headers, "X-Widget-User": expired})
    assert error(response) == (401, "unauthorized") and "expired" in response.json()["error"]["message"]
    other, _ = services.widget_keys.create("other portal", ["https://other.example"])
    forged = sign_user_token(other.user_token_secret, "alice", int(time.time()) + 60)
    assert (
        "signature"
        in client.get("/v1/reviews", headers={**headers, "X-Widget-User": forged}).json()["error"]["message"]
    )
    assert error(client.get("/v1/reviews", headers={**headers, "X-Widget-User": "garbage"})) == (401, "unauthorized")
    assert client.get("/v1/reviews", headers=as_user(widget, user="alice")).status_code == 200


def test_reviews_and_conversations_belong_to_the_person_not_the_key(
    client: TestClient, widget: tuple[WidgetKey, str], services: Services
) -> None:
    alice, bob = as_user(widget, user="alice"), as_user(widget, anonymous="anon_" + "b" * 32)
    created = client.post("/v1/reviews", json={"profile": {"name": "Alice's model"}}, headers=alice)
    assert created.status_code == 201
    review_id = created.json()["review_id"]
    assert client.get(f"/v1/reviews/{review_id}", headers=alice).status_code == 200
    assert error(client.get(f"/v1/reviews/{review_id}", headers=bob)) == (404, "review_not_found")
    assert client.get("/v1/reviews", headers=bob).json()["reviews"] == []
    # The same user ID through another widget key is another tenant.
    other = services.widget_keys.create("other", [PORTAL])
    assert client.get(f"/v1/reviews/{review_id}", headers=as_user(other, user="alice")).status_code == 404
    # A secret key (the operator's server-to-server caller) does not see the widget user's review either.
    _, secret = services.keys.create("ops")
    assert client.get(f"/v1/reviews/{review_id}", headers={"Authorization": f"Bearer {secret}"}).status_code == 404
    answer = client.post("/v1/ask", json={"question": IN_SCOPE}, headers=alice).json()
    follow_up = {"question": "and cost?", "conversation_id": answer["conversation_id"]}
    assert error(client.post("/v1/ask", json=follow_up, headers=bob)) == (404, "conversation_not_found")


def test_feedback_on_answers_and_findings_and_the_export(
    client: TestClient, widget: tuple[WidgetKey, str], services: Services
) -> None:
    alice, bob = as_user(widget, user="alice"), as_user(widget, anonymous="anon_" + "b" * 32)
    answer = client.post("/v1/ask", json={"question": IN_SCOPE}, headers=alice).json()
    first = client.post("/v1/feedback", json={"turn_id": answer["turn_id"], "rating": "up"}, headers=alice)
    again = client.post(
        "/v1/feedback", json={"turn_id": answer["turn_id"], "rating": "down", "comment": "too long"}, headers=alice
    )
    assert first.status_code == 201 and again.json()["id"] == first.json()["id"]  # rating again replaces it
    assert (
        client.post("/v1/feedback", json={"turn_id": answer["turn_id"], "rating": "up"}, headers=bob).status_code == 404
    )
    turn = client.post(
        "/v1/reviews", json={"profile": {"name": "m"}, "scope": {"pillars": ["sec"]}}, headers=alice
    ).json()
    review_id = turn["review_id"]
    bp = turn["choices"][0]["id"]
    on_finding = {"review_id": review_id, "finding_id": bp, "rating": "down", "comment": "not our setup"}
    assert client.post("/v1/feedback", json=on_finding, headers=alice).status_code == 201
    assert error(client.post("/v1/feedback", json=on_finding, headers=bob)) == (404, "review_not_found")
    elsewhere = {**on_finding, "finding_id": "MLOPS01-BP01"}  # not in this security-only review
    assert error(client.post("/v1/feedback", json=elsewhere, headers=alice)) == (404, "not_found")
    both = {**on_finding, "turn_id": answer["turn_id"]}
    assert error(client.post("/v1/feedback", json=both, headers=alice)) == (422, "invalid_input")
    _, secret = services.keys.create("eval")
    exported = client.get("/v1/feedback", headers={"Authorization": f"Bearer {secret}"})
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in exported.text.splitlines()]
    assert [(r["target"], r["rating"], r["comment"]) for r in rows] == [
        ("answer", "down", "too long"),
        ("finding", "down", "not our setup"),
    ]
    assert rows[0]["question"] == IN_SCOPE and rows[0]["cited"] and rows[0]["subject"] == "user:alice"
    assert rows[1]["review_id"] == review_id and rows[1]["finding_id"] == bp
    assert rows[0]["tenant"] == f"widget:{widget[0].id}"
    assert (
        client.get(
            "/v1/feedback", headers={"Authorization": f"Bearer {secret}"}, params={"since": "2999-01-01T00:00:00Z"}
        ).text
        == ""
    )
