"""Numbers and booleans in request bodies are strict: a string is neither ("5", "true", "yes"), a number is not a
boolean (1) and a boolean is not a number (true). Lax validation used to turn each into the other silently."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .conftest import IN_SCOPE

PROFILE = {"name": "Churn model"}


@pytest.mark.parametrize(
    ("path", "body", "says"),
    [
        ("/v1/search", {"query": IN_SCOPE, "k": "5"}, "k: Input should be a valid integer"),
        ("/v1/search", {"query": IN_SCOPE, "k": 5.0}, "k: Input should be a valid integer"),
        ("/v1/search", {"query": IN_SCOPE, "k": True}, "k: Input should be a valid integer"),
        ("/v1/search", {"query": IN_SCOPE, "passages": "false"}, "passages: Input should be a valid boolean"),
        ("/v1/search", {"query": IN_SCOPE, "passages": 0}, "passages: Input should be a valid boolean"),
        ("/v1/feedback", {"turn_id": "1", "rating": "up"}, "turn_id: Input should be a valid integer"),
        (
            "/v1/reviews",
            {"profile": {**PROFILE, "managed_ai_only": "yes"}},
            "profile: managed_ai_only must be true, false or null",
        ),
        (
            "/v1/reviews",
            {"profile": {**PROFILE, "managed_ai_only": 1}},
            "profile: managed_ai_only must be true, false or null",
        ),
    ],
)
def test_a_string_or_number_is_not_coerced(client: TestClient, path: str, body: dict[str, object], says: str) -> None:
    response = client.post(path, json=body)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message"} and error["code"] == "invalid_input"
    assert error["message"].startswith(says), error


def test_the_real_types_are_accepted(client: TestClient) -> None:
    found = client.post("/v1/search", json={"query": IN_SCOPE, "k": 2, "passages": False})
    assert found.status_code == 200 and len(found.json()["results"]) == 2
    for stated in (True, False, None):
        created = client.post("/v1/reviews", json={"profile": {**PROFILE, "managed_ai_only": stated}})
        assert created.status_code == 201, created.text
