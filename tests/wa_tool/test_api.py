"""GET /v1/reviews/{id}/wa-tool: a review taken over HTTP comes back as UpdateAnswer requests; another key gets 404."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.services import Services


def turn(client: TestClient, review: dict[str, Any], headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post(
        f"/v1/reviews/{review['review_id']}/turns",
        json={"expected_version": review["version"], **body},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_answers_over_http_belong_to_the_caller(client: TestClient, services: Services) -> None:
    _, alice_key = services.keys.create("alice")
    _, bob_key = services.keys.create("bob")
    alice, bob = {"Authorization": f"Bearer {alice_key}"}, {"Authorization": f"Bearer {bob_key}"}
    review = client.post("/v1/reviews", json={"profile": {"name": "Churn"}}, headers=alice).json()
    picks = {"MLOPS01-BP01": "implemented", "MLOPS01-BP02": "not_implemented", "MLOPS01-BP03": "implemented"}
    review = turn(client, review, alice, picks=picks)
    review = turn(client, review, alice, action={"type": "confirm"})
    review = turn(client, review, alice, action={"type": "question_not_applicable", "reason": "OUT_OF_SCOPE"})
    client.post(f"/v1/reviews/{review['review_id']}/milestones", json={"name": "first"}, headers=alice)

    response = client.get(f"/v1/reviews/{review['review_id']}/wa-tool", headers=alice)
    assert response.status_code == 200, response.text
    body = response.json()
    ops, second = body["answers"]
    assert ops["QuestionId"] == "MLOPS01" and ops["SelectedChoices"] == ["MLOPS01_BP01", "MLOPS01_BP03"]
    assert (
        ops["ChoiceUpdates"]["MLOPS01_BP02"]["Status"] == "UNSELECTED"
        and "Reason" not in ops["ChoiceUpdates"]["MLOPS01_BP02"]
    )
    assert "MLOPS01-BP02" in ops["Notes"] and "https://docs.aws.amazon.com" in ops["Notes"]
    assert second["IsApplicable"] is False and second["Reason"] == "OUT_OF_SCOPE" and "SelectedChoices" not in second

    frozen = client.get(f"/v1/reviews/{review['review_id']}/wa-tool", params={"milestone": "first"}, headers=alice)
    assert frozen.status_code == 200 and frozen.json()["milestone"] == "first"
    assert (
        client.get(
            f"/v1/reviews/{review['review_id']}/wa-tool", params={"milestone": "nope"}, headers=alice
        ).status_code
        == 422
    )

    other = client.get(f"/v1/reviews/{review['review_id']}/wa-tool", headers=bob)
    assert other.status_code == 404 and alice_key not in other.text
    assert client.get(f"/v1/reviews/{review['review_id']}/wa-tool").status_code == 401
