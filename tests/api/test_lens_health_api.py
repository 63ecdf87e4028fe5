from __future__ import annotations

from fastapi.testclient import TestClient

from app.lens.models import ATTRIBUTION

from .conftest import IN_SCOPE


def test_search_ranks_best_practices_with_passages(client: TestClient) -> None:
    body = client.post("/v1/search", json={"query": IN_SCOPE, "k": 3}).json()
    assert body["route"] == "hybrid" and body["out_of_scope"] is False and len(body["results"]) == 3
    top = body["results"][0]
    assert top["bp_id"] == "MLSEC03-BP01" and top["risk"] == "High" and 0 < top["relevance"] <= 1
    assert top["passages"] and {"id", "section", "text", "score", "cosine"} <= set(top["passages"][0])
    assert body["attribution"] == ATTRIBUTION


def test_lens_tree(client: TestClient) -> None:
    body = client.get("/v1/lens").json()
    assert [p["id"] for p in body["pillars"]] == ["ops", "sec"]
    question = body["pillars"][1]["questions"][0]
    assert question["id"] == "MLSEC03" and question["best_practices"][0]["id"] == "MLSEC03-BP01"
    assert question["best_practices"][0]["risk"] in ("High", "Medium")


def test_question_and_best_practice_by_tolerant_and_legacy_ids(client: TestClient) -> None:
    assert client.get("/v1/lens/questions/mlsec 03").json()["id"] == "MLSEC03"
    bp = client.get("/v1/lens/best-practices/MLOE-05").json()["best_practice"]
    assert bp["id"] == "MLOPS02-BP02" and bp["legacy_id"] == "MLOE-05" and bp["desired_outcome"]
    assert client.get("/v1/lens/best-practices/mlsec03-bp2").json()["best_practice"]["id"] == "MLSEC03-BP02"


def test_unknown_ids_are_404(client: TestClient) -> None:
    for path in ("/v1/lens/best-practices/MLSEC99-BP01", "/v1/lens/questions/MLSEC03-BP01", "/v1/lens/questions/x"):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_id", path


def test_an_id_of_the_other_kind_is_named_as_such(client: TestClient) -> None:
    """The 404 said "use a best-practice ID (MLSEC03-BP02) … or a 2023 ID" to someone who had just sent one to the
    questions route (and "a question ID" to the best-practice route); it now says what the ID is and where it leads."""
    messages = {
        path: client.get(path).json()["error"]["message"]
        for path in (
            "/v1/lens/questions/MLSEC03-BP02",
            "/v1/lens/questions/MLOE-05",
            "/v1/lens/best-practices/MLSEC03",
            "/v1/lens/questions/x",
            "/v1/lens/best-practices/x",
        )
    }
    assert messages["/v1/lens/questions/MLSEC03-BP02"] == (
        "'MLSEC03-BP02' is a best-practice ID (MLSEC03-BP02), not a question ID: its question is MLSEC03"
    )
    assert "(MLOPS02-BP02), not a question ID: its question is MLOPS02" in messages["/v1/lens/questions/MLOE-05"]
    bp_ids = ", ".join(f"MLSEC03-BP0{n}" for n in (1, 2))
    assert messages["/v1/lens/best-practices/MLSEC03"].startswith(
        f"'MLSEC03' is a question ID, not a best-practice ID: its best practices are {bp_ids}"
    )
    assert messages["/v1/lens/questions/x"] == "unknown question ID 'x': use a question ID (MLSEC03)"
    assert "best-practice ID" not in messages["/v1/lens/questions/x"]
    assert "question ID" not in messages["/v1/lens/best-practices/x"]


def test_health_readiness_metrics_and_docs(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["passages"] > 0 and ready["llm"] == "none"
    client.post("/v1/search", json={"query": IN_SCOPE})
    metrics = client.get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    assert 'mllens_http_requests_total{method="POST",route="/v1/search",status="200"} 1.0' in metrics.text
    assert "mllens_retrieval_duration_seconds_count 1.0" in metrics.text
    assert "mllens_http_request_duration_seconds_bucket" in metrics.text
    assert client.get("/docs").status_code == 200
    assert "/v1/ask" in client.get("/openapi.json").json()["paths"]
    assert "process_resident_memory_bytes" in metrics.text
    assert client.get("/healthz").headers["server-timing"].startswith("app;dur=")


def test_metrics_label_every_served_route_by_its_template(client: TestClient) -> None:
    """FastAPI routes, the plain route FastAPI adds (the OpenAPI schema), /mcp and mounted static files are labelled by
    their template; only a request no route serves is "unmatched" (so raw paths never become labels)."""
    for path in ("/docs", "/openapi.json", "/docs/assets/swagger-ui.css", "/v1/lens/best-practices/MLSEC03-BP01"):
        assert client.get(path).status_code == 200, path
    assert client.get("/no/such/page-123").status_code == 404
    client.get("/mcp")  # the MCP endpoint answers (any status); it is a served route
    metrics = client.get("/metrics").text
    for template in ("/docs", "/openapi.json", "/docs/assets/{path}", "/v1/lens/best-practices/{bp_id}"):
        assert f'method="GET",route="{template}",status="200"' in metrics, template
    assert 'route="/mcp"' in metrics
    assert 'route="unmatched",status="404"' in metrics and "page-123" not in metrics
    assert "MLSEC03-BP01" not in metrics and "swagger-ui.css" not in metrics
