from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.services import Services

from .conftest import IN_SCOPE


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"question": ""}, "question is empty"),
        ({"question": "   \n"}, "question is empty"),
        ({"question": "\u200b"}, "question is empty"),  # only invisible format characters: empty, not a question
        ({"question": " \ufeff\u2060 "}, "question is empty"),
        ({"question": "x" * 4001}, "question is too long: 4001 characters, the limit is 4000"),
        ({}, "question: is required"),
        ({"question": 42}, "question: Input should be a valid string"),
        ({"question": "q", "filters": {"pillars": ["nope"]}}, "unknown pillar 'nope'; valid: ops, sec, rel, perf"),
        ({"question": "q", "filters": {"phases": ["training"]}}, "valid: business-goal, problem-framing"),
        ({"question": "q", "filters": {"risks": ["Low"]}}, "unknown risk 'Low'; valid: High, Medium"),
        ({"question": "q", "filters": {"question_ids": ["MLSEC09"]}}, "valid: MLOPS01, MLOPS02, MLSEC03, MLSEC04"),
        ({"question": "q", "filters": {"pilars": ["sec"]}}, "filters.pilars: Extra inputs are not permitted"),
    ],
)
def test_bad_questions_and_filters_are_422_with_a_clear_message(
    client: TestClient, body: dict[str, object], message: str
) -> None:
    response = client.post("/v1/ask", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and message in error["message"]


def test_valid_filters_are_applied(client: TestClient) -> None:
    body = {"query": IN_SCOPE, "k": 5, "filters": {"pillars": ["Operational Excellence"]}}
    results = client.post("/v1/search", json=body).json()["results"]
    assert results and all(r["pillar"] == "ops" for r in results)


def test_malformed_json_is_422(client: TestClient) -> None:
    response = client.post("/v1/ask", content=b'{"question": "x",', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith("malformed JSON body")


def test_a_body_over_64_kib_is_413(client: TestClient) -> None:
    big = {"question": "x" * (65 * 1024)}
    response = client.post("/v1/ask", json=big)
    assert response.status_code == 413
    assert response.json() == {"error": {"code": "payload_too_large", "message": "request body is larger than 64 KiB"}}


def test_a_chunked_body_over_64_kib_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(70):
            yield b"x" * 1024
        yield b'"}'

    response = client.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"


def test_unknown_conversation_is_404(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"question": IN_SCOPE, "conversation_id": "no-such-thing"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "conversation_not_found"


def test_unknown_routes_and_methods_use_the_error_shape(client: TestClient) -> None:
    assert client.get("/v1/nope").json() == {"error": {"code": "not_found", "message": "Not Found"}}
    response = client.get("/v1/ask")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method_not_allowed"


class _Broken:
    def search(self, *_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database password is hunter2")

    async def search_async(self, *_args: object, **_kwargs: object) -> None:  # what /v1/search awaits
        raise RuntimeError("database password is hunter2")


def test_an_unexpected_error_is_a_generic_500(client: TestClient, services: Services) -> None:
    services.qa = _Broken()  # type: ignore[assignment]
    response = client.post("/v1/search", json={"query": IN_SCOPE})
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "internal_error", "message": "internal error; it has been logged"}}
    assert "hunter2" not in response.text
