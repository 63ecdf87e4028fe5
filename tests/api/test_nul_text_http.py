"""A NUL character ("\\u0000" in JSON) in any request text is a 422 naming the field, on every database: SQLite would
store it, PostgreSQL refused it with a 500 (psycopg's DataError) on a review's name, a question, a feedback comment
and an OpenAI-compatible message."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_nul_in_any_request_text_is_a_typed_422(app_on: TestClient) -> None:
    review = app_on.post("/v1/reviews", json={"profile": {"name": "churn"}}).json()
    asked = app_on.post("/v1/ask", json={"question": "how should we version training data?"}).json()
    sent = {
        "profile.name": ("/v1/reviews", {"profile": {"name": "churn\u0000model"}}),
        "question": ("/v1/ask", {"question": "how should we\u0000 version training data?"}),
        "comment": ("/v1/feedback", {"turn_id": asked["turn_id"], "rating": "down", "comment": "wrong\u0000"}),
        "text": (f"/v1/reviews/{review['review_id']}/turns", {"expected_version": 1, "text": "we\u0000 version"}),
        "messages": (
            "/v1/chat/completions",
            {"model": "ml-lens", "messages": [{"role": "user", "content": "data\u0000 versioning?"}]},
        ),
    }
    for field, (path, body) in sent.items():
        response = app_on.post(path, json=body)
        # OpenAI answers invalid input with 400; the rest of the API with 422
        assert response.status_code == (400 if path.startswith("/v1/chat/") else 422), (path, response.text)
        error = response.json()["error"]
        assert error["code"] == "invalid_input" and "NUL character" in error["message"], error
        assert field.split(".")[-1] in error["message"] or field == "messages", error
    after = app_on.get(f"/v1/reviews/{review['review_id']}").json()
    assert after["version"] == 1  # nothing was half-applied


def test_other_control_characters_still_pass(app_on: TestClient) -> None:
    response = app_on.post("/v1/reviews", json={"profile": {"name": "churn\tmodel\u200b"}})
    assert response.status_code == 201, response.text
