"""The routes a front end calls often make one hand-off to the thread pool each (anyio.to_thread.run_sync), as
/v1/ask and a review turn do: the principal is settled inside the route's worker call and the reply serialised
there, not validated again by FastAPI in a worker call of its own. Their JSON is what FastAPI's own serialisation
of the declared response model gives (the same bytes a client got before), and a caller with a key that is not
there still gets 401 from each, with no hand-off at all."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter

from app.api.openai_schemas import ChatCompletionResponse
from app.api.schemas import FeedbackResponse, LensResponse
from app.review.risk import RiskSummary
from app.review.turn import TurnResult
from app.services import Services

from .conftest import IN_SCOPE


def _as_fastapi_serialises(model: type[BaseModel], body: Any) -> Any:
    """FastAPI's serialisation of a reply through its response model (validated, then dumped as JSON by alias)."""
    return TypeAdapter(model).dump_python(model.model_validate(body), mode="json", by_alias=True)


@pytest.fixture
def review_id(client: TestClient) -> str:
    response = client.post("/v1/reviews", json={"profile": {"name": "hops"}})
    assert response.status_code == 201
    return str(response.json()["review_id"])


def test_hot_routes_make_one_hand_off_each(client: TestClient, hops: list[str], review_id: str) -> None:
    answer = client.post("/v1/ask", json={"question": IN_SCOPE}).json()
    chat = {"model": "ml-lens", "messages": [{"role": "user", "content": IN_SCOPE}]}
    calls: list[tuple[str, str, dict[str, Any] | None, int, type[BaseModel] | None, str]] = [
        ("POST", "/v1/chat/completions", chat, 200, ChatCompletionResponse, "chat_completions"),
        ("POST", "/v1/feedback", {"turn_id": answer["turn_id"], "rating": "up"}, 201, FeedbackResponse, "feedback"),
        ("GET", f"/v1/reviews/{review_id}", None, 200, TurnResult, "get_review"),
        ("GET", f"/v1/reviews/{review_id}/risk", None, 200, RiskSummary, "risk"),
        ("GET", "/v1/lens", None, 200, LensResponse, "lens"),
        ("GET", "/readyz", None, 200, None, "readyz"),
        ("GET", "/healthz", None, 200, None, ""),
    ]
    for method, path, body, status, model, handed in calls:
        hops.clear()
        response = client.request(method, path, json=body)
        assert response.status_code == status, (path, response.text)
        assert hops == ([handed] if handed else []), path
        assert response.headers["content-type"] == "application/json"
        if model is not None:
            assert response.json() == _as_fastapi_serialises(model, response.json()), path
    assert client.get("/readyz").json()["status"] == "ready" and client.get("/healthz").json() == {"status": "ok"}


def test_the_replies_are_the_services_own(client: TestClient, services: Services, review_id: str) -> None:
    from app.principal import Principal

    local = Principal.local()
    assert client.get(f"/v1/reviews/{review_id}").json() == services.review.current(review_id, local).model_dump(
        mode="json"
    )
    assert client.get(f"/v1/reviews/{review_id}/risk").json() == services.review.risk(review_id, local).model_dump(
        mode="json"
    )
    assert client.get("/v1/reviews/no-such-review").status_code == 404
    assert client.get("/v1/reviews/no-such-review/risk").status_code == 404


def test_an_unknown_key_gets_401_from_each_without_a_hand_off_before_it_is_refused(
    client: TestClient, services: Services, hops: list[str], review_id: str
) -> None:
    services.keys.create("portal")  # keys exist now: keyless callers and unknown keys are refused
    for method, path, body in [
        ("POST", "/v1/chat/completions", {"model": "ml-lens", "messages": [{"role": "user", "content": IN_SCOPE}]}),
        ("POST", "/v1/feedback", {"turn_id": 1, "rating": "up"}),
        ("GET", f"/v1/reviews/{review_id}", None),
        ("GET", f"/v1/reviews/{review_id}/risk", None),
        ("GET", "/v1/lens", None),
    ]:
        hops.clear()
        keyless = client.request(method, path, json=body)
        assert keyless.status_code == 401 and hops == [], path  # refused on the event loop
        unknown = client.request(method, path, json=body, headers={"X-API-Key": "sk_not_a_key_of_this_server"})
        assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "unauthorized", path
