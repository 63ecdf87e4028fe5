"""A review ID no database can look up (NUL in the URL's path, "%00": PostgreSQL refuses the query; an unpaired
surrogate) is refused by the review service through the one text check every surface uses (app.text_faults), naming
the field: a typed 422 on every database. PostgreSQL answered a 500 (psycopg's DataError), SQLite a 404."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize("tail", ["", "/risk", "/report", "/milestones"])
def test_a_review_id_with_nul_is_a_typed_422_naming_it(app_on: TestClient, tail: str) -> None:
    response = app_on.get(f"/v1/reviews/churn%00model{tail}")
    assert response.status_code == 422, response.text
    assert response.json()["error"] == {
        "code": "invalid_review_input",
        "message": "review_id contains a NUL character (U+0000)",
    }


def test_a_turn_on_a_review_id_with_nul_is_refused_and_nothing_else_moves(app_on: TestClient) -> None:
    review = app_on.post("/v1/reviews", json={"profile": {"name": "churn"}}).json()
    response = app_on.post("/v1/reviews/a%00/turns", json={"expected_version": 1, "action": {"type": "skip"}})
    assert response.status_code == 422 and "review_id contains a NUL" in response.json()["error"]["message"]
    assert app_on.get(f"/v1/reviews/{review['review_id']}").json()["version"] == 1


def test_every_surface_names_the_field_in_the_same_words(app_on: TestClient) -> None:
    # "<field> contains <fault>" (app.text_faults.faulty_text), as MCP and the review service say it
    response = app_on.post("/v1/reviews", json={"profile": {"name": "churn\u0000model"}})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "body: profile.name contains a NUL character (U+0000)"
