"""Reviews over HTTP on the tiny lens (MLOPS01, MLOPS02 · MLSEC03, MLSEC04): a whole pillar end to end, ownership,
stale writes, bad input, SSE turns, milestones. Persistence-relevant tests run on SQLite and, when
MLLENS_TEST_POSTGRES_URL is set, on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from sqlalchemy import select

from app.errors import LLMUnavailable
from app.findings.schema import SCHEMA_PATH
from app.knowledge import KnowledgeBase
from app.lens.models import ATTRIBUTION
from app.llm.fake import ScriptedChatModel
from app.main import create_app
from app.persistence.db import Database
from app.persistence.models import Conversation, Turn
from app.principal import Principal
from app.review.errors import ReviewNotFound
from app.services import Services, build_services
from app.settings import Settings

from .conftest import parse_sse

SSE = {"Accept": "text/event-stream"}
PROFILE = {"name": "Churn model", "ml_use_case": "predict which customers leave", "data_sensitivity": "confidential"}
# Sentences from the interview fixtures' signals and gaps, so the hash embedder maps them reliably.
SKILLS = "Every data scientist has a yearly training budget and we run internal ML study groups."
NO_EXPLAINABILITY = "Explainability never came up in conversations with the business side."


@pytest.fixture
def db_services(tiny_settings: Settings, tiny_kb: KnowledgeBase, database: Database) -> Services:
    return build_services(tiny_settings, kb=tiny_kb, db=database)


@pytest.fixture
def db_client(tiny_settings: Settings, db_services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(tiny_settings, db_services)) as test_client:
        yield test_client


class Reviewer:
    """Drives one review: remembers its ID and the last version, and checks each reply's status."""

    def __init__(self, client: TestClient, turn: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self.client, self.turn, self.headers = client, turn, headers or {}
        self.id: str = turn["review_id"]

    @classmethod
    def create(cls, client: TestClient, headers: dict[str, str] | None = None, **create: Any) -> Reviewer:
        response = client.post("/v1/reviews", json={"profile": PROFILE, **create}, headers=headers or {})
        assert response.status_code == 201, response.text
        assert response.headers["location"] == f"/v1/reviews/{response.json()['review_id']}"
        return cls(client, response.json(), headers)

    def send(self, status: int = 200, **body: Any) -> dict[str, Any]:
        response = self.post(expected_version=self.turn["version"], **body)
        assert response.status_code == status, response.text
        if status == 200:
            self.turn = response.json()
        return dict(response.json())

    def post(self, **body: Any) -> Any:
        return self.client.post(f"/v1/reviews/{self.id}/turns", json=body, headers=self.headers)

    def get(self, path: str = "", **params: str) -> Any:
        return self.client.get(f"/v1/reviews/{self.id}{path}", params=params, headers=self.headers)

    @property
    def question(self) -> str:
        return str(self.turn["question"]["id"])

    def proposal(self) -> dict[str, dict[str, Any]]:
        return {p["bp_id"]: p for p in self.turn["proposal"]}


def test_a_whole_pillar_end_to_end(db_client: TestClient) -> None:
    r = Reviewer.create(db_client)
    assert (
        r.question == "MLOPS01" and r.turn["version"] == 1 and r.turn["progress"]["overall"] == {"done": 0, "total": 4}
    )
    assert [c["id"] for c in r.turn["choices"]] == ["MLOPS01-BP01", "MLOPS01-BP02", "MLOPS01-BP03"]
    assert all(c["label"] and c["risk"] == "High" and c["url"].startswith("https://") for c in r.turn["choices"])
    assert "AWS Well-Architected" in r.turn["attribution"]  # the turn shows lens text: the AWS attribution goes with it

    # Free text: each stated practice carries the user's own words; what was not mentioned stays undetermined.
    r.send(text=f"{SKILLS} {NO_EXPLAINABILITY}")
    proposal = r.proposal()
    assert proposal["MLOPS01-BP01"]["status"] == "implemented" and proposal["MLOPS01-BP01"]["quote"] in SKILLS
    assert proposal["MLOPS01-BP02"]["status"] == "not_implemented"
    assert proposal["MLOPS01-BP02"]["provenance"] == "user_stated"
    assert proposal["MLOPS01-BP03"]["status"] == "cannot_determine" and r.turn["follow_up"]["bp_id"] == "MLOPS01-BP03"
    assert "confirm" in r.turn["allowed_actions"] and r.turn["is_confirmed"] is False

    # A practice not applicable with a reason, then a pick that overrides the text; nothing is saved yet.
    na = {"type": "practice_not_applicable", "bp_id": "MLOPS01-BP03", "reason": "OUT_OF_SCOPE", "note": "pilot only"}
    r.send(action=na)
    assert r.proposal()["MLOPS01-BP03"]["status"] == "not_applicable"
    assert r.proposal()["MLOPS01-BP03"]["na_reason"] == "OUT_OF_SCOPE"
    r.send(picks={"MLOPS01-BP02": "partially_implemented"})
    assert r.proposal()["MLOPS01-BP02"] | {"confidence": None} == r.proposal()["MLOPS01-BP02"] | {
        "status": "partially_implemented",
        "provenance": "user_selected",
        "confidence": None,
    }
    assert r.get("/risk").json()["overall"]["unanswered"] == 4

    # Confirm saves it (with its risk and findings) and moves on.
    r.send(action={"type": "confirm"})
    assert r.turn["saved"] == {
        "question_id": "MLOPS01",
        "risk": "HIGH",
        "high_risk_gaps": ["MLOPS01-BP02"],
        "medium_risk_gaps": [],
    }
    assert [f["bp_id"] for f in r.turn["findings"]] == ["MLOPS01-BP02"]
    assert r.question == "MLOPS02" and r.turn["progress"]["by_pillar"]["ops"] == {"done": 1, "total": 2}

    # Skip, back, goto: the place moves, nothing is saved.
    r.send(action={"type": "skip"})
    assert r.question == "MLSEC03"
    r.send(action={"type": "back"})
    assert r.question == "MLOPS02"
    r.send(action={"type": "goto", "question_id": "mlsec04"})
    assert r.question == "MLSEC04"
    r.send(action={"type": "goto", "question_id": "MLOPS02"})
    assert r.question == "MLOPS02" and r.turn["progress"]["overall"]["done"] == 1

    # The whole question not applicable, with a reason: saved at once; the operations pillar is complete.
    r.send(action={"type": "question_not_applicable", "reason": "BUSINESS_PRIORITIES", "note": "decided upstream"})
    assert r.turn["saved"]["risk"] == "NOT_APPLICABLE"
    assert r.turn["progress"]["by_pillar"] == {"ops": {"done": 2, "total": 2}, "sec": {"done": 0, "total": 2}}

    current = r.get().json()
    assert current == r.turn | {"saved": None, "findings": [], "notices": current["notices"]}
    listed = db_client.get("/v1/reviews").json()["reviews"]
    assert [(x["id"], x["answered"], x["total"], x["version"]) for x in listed] == [(r.id, 2, 4, r.turn["version"])]

    risk = r.get("/risk").json()
    assert {q["question_id"]: q["risk"] for q in risk["questions"]} == {
        "MLOPS01": "HIGH",
        "MLOPS02": "NOT_APPLICABLE",
        "MLSEC03": "UNANSWERED",
        "MLSEC04": "UNANSWERED",
    }
    assert risk["by_pillar"]["ops"] | {"high": 1, "not_applicable": 1, "unanswered": 0} == risk["by_pillar"]["ops"]
    assert risk["overall"]["high"] == 1 and risk["overall"]["high_risk_practices"] == 1

    check_reports(r)


def check_reports(r: Reviewer) -> None:
    corpus_hash = r.get("/report", format="json").json()["meta"]["corpus_hash"]
    assert len(corpus_hash) >= 12
    bp_url = "https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/mlops01-bp02.html"

    md = r.get("/report", format="md")
    assert md.status_code == 200 and md.headers["content-type"] == "text/markdown; charset=utf-8"
    assert f'filename="mllens-review-{r.id}.md"' in md.headers["content-disposition"]
    assert "MLOPS01-BP02" in md.text and bp_url in md.text and corpus_hash in md.text

    html = r.get("/report", format="html")
    assert html.status_code == 200 and html.headers["content-type"] == "text/html; charset=utf-8"
    assert html.text.lstrip().lower().startswith("<!doctype html") and "<style>" in html.text
    assert "@media print" in html.text and "<script" not in html.text and "<link" not in html.text
    assert "src=" not in html.text and bp_url in html.text and corpus_hash in html.text
    assert "Amazon.com" in html.text

    response = r.get("/report", format="json")
    assert response.headers["content-type"] == "application/json"
    report = response.json()
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(schema).iter_errors(report))
    meta = report["meta"]
    assert meta["review_id"] == r.id and meta["attribution"] == ATTRIBUTION and meta["lens_version"]
    assert meta["source_urls"] and all(u.startswith("https://docs.aws.amazon.com/") for u in meta["source_urls"])
    assert [f["bp_id"] for f in report["findings"]] == ["MLOPS01-BP02"]
    assert report["findings"][0]["citations"][0]["url"] == bp_url
    assert r.get("/report").headers["content-type"].startswith("text/markdown")  # md is the default


def test_reviews_belong_to_the_key_that_created_them(db_client: TestClient, db_services: Services) -> None:
    _, alice_key = db_services.keys.create("alice")
    _, bob_key = db_services.keys.create("bob")
    alice, bob = {"Authorization": f"Bearer {alice_key}"}, {"X-API-Key": bob_key}
    r = Reviewer.create(db_client, alice)
    r.send(text=SKILLS)
    assert db_client.post("/v1/reviews", json={"profile": PROFILE}).status_code == 401  # keys exist: one is needed

    as_bob = Reviewer(db_client, r.turn, bob)
    for response in (
        as_bob.get(),
        as_bob.get("/risk"),
        as_bob.get("/report", format="json"),
        as_bob.get("/milestones"),
        as_bob.post(expected_version=r.turn["version"], action={"type": "confirm"}),
        as_bob.post(ask="what does BP02 mean?"),
        db_client.post(f"/v1/reviews/{r.id}/milestones", json={"name": "m"}, headers=bob),
    ):
        assert response.status_code == 404 and response.json()["error"]["code"] == "review_not_found"
        assert alice_key not in response.text and "alice" not in response.text
    with db_client.stream("POST", f"/v1/reviews/{r.id}/turns", json={"ask": "why?"}, headers=bob | SSE) as response:
        assert response.status_code == 404
    assert db_client.get("/v1/reviews", headers=bob).json() == {"reviews": [], "next_cursor": None}
    assert [x["id"] for x in db_client.get("/v1/reviews", headers=alice).json()["reviews"]] == [r.id]
    assert r.get().json()["version"] == r.turn["version"]  # bob changed nothing


def test_side_questions_are_stored_under_the_reviews_principal(db_client: TestClient, db_services: Services) -> None:
    key, raw = db_services.keys.create("portal")
    r = Reviewer.create(db_client, {"Authorization": f"Bearer {raw}"})
    assert r.post(ask="what does BP02 mean?").status_code == 200
    with db_services.db.session() as session:
        owners = {(c.tenant, c.subject) for c in session.scalars(select(Conversation))}
        turns = {(t.tenant, t.subject) for t in session.scalars(select(Turn))}
    assert owners == turns == {(f"key:{key.id}", key.id)}


def test_without_keys_reviews_are_the_local_principals(db_client: TestClient, db_services: Services) -> None:
    r = Reviewer.create(db_client)  # a loopback server without keys: every caller is Principal.local()
    assert db_services.review.get(r.id, Principal.local()).id == r.id  # what `mllens review --resume` uses
    with pytest.raises(ReviewNotFound):
        db_services.review.get(r.id, Principal.api_key("someone"))


def test_a_stale_write_is_409_with_the_current_state_and_loses_nothing(db_client: TestClient) -> None:
    first = Reviewer.create(db_client)
    first.send(text=SKILLS, picks={"MLOPS01-BP03": "implemented"})
    second = Reviewer(db_client, first.turn)  # a second tab on the same review, at the same version

    first.send(action={"type": "confirm"})  # wins
    body = second.send(409, text=NO_EXPLAINABILITY)
    error = body["error"]
    assert error["code"] == "stale_review" and f"version {second.turn['version']}" in error["message"]
    current = error["current"]
    assert current == first.get().json() and current["version"] == first.turn["version"]
    assert current["question"]["id"] == "MLOPS02" and current["progress"]["overall"]["done"] == 1

    # The winner's confirmed answer is stored as it was sent; the loser retries from `current`.
    second.turn = current
    second.send(action={"type": "goto", "question_id": "MLOPS01"})
    assert second.turn["is_confirmed"] is True
    saved = {p["bp_id"]: p["status"] for p in second.turn["proposal"]}
    assert saved["MLOPS01-BP01"] == "implemented" and saved["MLOPS01-BP03"] == "implemented"
    assert first.get("/risk").json()["questions"][0] == {
        "question_id": "MLOPS01",
        "risk": "HIGH",
        "high_risk_gaps": ["MLOPS01-BP02"],
        "medium_risk_gaps": [],
    }


@pytest.mark.parametrize(
    ("body", "status", "code", "needle"),
    [
        ({"picks": {"MLOPS01-BP09": "implemented"}}, 422, "invalid_review_input", "valid practices: MLOPS01-BP01"),
        ({"picks": {"MLSEC03-BP01": "implemented"}}, 422, "invalid_review_input", "not a practice of MLOPS01"),
        ({"action": {"type": "goto", "question_id": "MLREL99"}}, 422, "invalid_review_input", "valid questions"),
        ({"action": {"type": "edit"}}, 409, "action_not_allowed", "no answer yet"),
        ({"action": {"type": "confirm"}}, 409, "action_not_allowed", "nothing is proposed yet"),
        ({"action": {"type": "back"}}, 409, "action_not_allowed", "first question"),
        ({"text": "x" * 4001}, 422, "invalid_input", "text: String should have at most 4000 characters"),
        ({"text": "   "}, 422, "invalid_review_input", "the answer is empty"),
        ({"text": "\u200b\ufeff"}, 422, "invalid_review_input", "the answer is empty"),  # invisible characters only
        ({"picks": {"MLOPS01-BP01": "yes"}}, 422, "invalid_input", "'implemented'"),
        ({"action": {"type": "dance"}}, 422, "invalid_input", "'confirm'"),
        ({"action": {"type": "question_not_applicable", "reason": "BORED"}}, 422, "invalid_input", "OUT_OF_SCOPE"),
        ({"text": "we do", "action": {"type": "confirm"}}, 422, "invalid_input", "a turn is one thing"),
        ({"ask": "what?", "text": "we do"}, 422, "invalid_input", "got text/picks and ask"),
        ({}, 422, "invalid_input", "got none"),
        ({"ask": "x" * 1001}, 422, "invalid_input", "ask: String should have at most 1000 characters"),
        ({"text": "we do", "colour": "red"}, 422, "invalid_input", "colour: Extra inputs are not permitted"),
    ],
)
def test_bad_turns(client: TestClient, body: dict[str, Any], status: int, code: str, needle: str) -> None:
    r = Reviewer.create(client)
    body = {"expected_version": r.turn["version"], **body} if "ask" not in body else body
    response = r.post(**body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code and needle in error["message"], error
    assert r.get().json()["version"] == 1  # nothing was written


def test_bad_requests(client: TestClient) -> None:
    r = Reviewer.create(client)
    missing = r.post(text="we do")
    assert missing.status_code == 422 and "expected_version is required" in missing.json()["error"]["message"]
    malformed = client.post(
        f"/v1/reviews/{r.id}/turns", content=b'{"text": "we do",', headers={"Content-Type": "application/json"}
    )
    assert malformed.status_code == 422 and "malformed JSON body" in malformed.json()["error"]["message"]
    for path in ("", "/risk", "/report", "/milestones", "/milestones/diff?before=a&after=b"):
        response = client.get(f"/v1/reviews/nope{path}")
        assert response.status_code == 404 and response.json()["error"]["code"] == "review_not_found", path
    unknown = client.post("/v1/reviews/nope/turns", json={"expected_version": 1, "text": "we do"})
    assert unknown.status_code == 404

    for create, needle in [
        ({"profile": {"name": ""}}, "profile.name: String should have at least 1 character"),
        ({"profile": PROFILE, "scope": {"pillars": ["security", "quantum"]}}, "unknown pillar 'quantum'; valid: ops"),
        ({"profile": PROFILE, "scope": {"phases": ["launch"]}}, "unknown phase 'launch'; valid: business-goal"),
        ({"profile": PROFILE, "order": "random"}, "order: Input should be 'phase_first' or 'pillar_first'"),
        ({"profile": PROFILE, "scope": {"pillars": ["sec"], "phases": ["business-goal"]}}, "selects no questions"),
    ]:
        response = client.post("/v1/reviews", json=create)
        assert response.status_code == 422 and needle in response.json()["error"]["message"], response.text

    report = r.get("/report", format="pdf")
    assert report.status_code == 422 and "'md', 'html' or 'json'" in report.json()["error"]["message"]
    no_milestone = r.get("/report", format="md", milestone="launch")
    assert no_milestone.status_code == 422 and "no milestone 'launch'" in no_milestone.json()["error"]["message"]
    assert r.get("/milestones/diff", before="a").status_code == 422
    blank = client.post(f"/v1/reviews/{r.id}/milestones", json={"name": "  "})
    assert blank.status_code == 422 and "needs a name" in blank.json()["error"]["message"]
    invisible = client.post(f"/v1/reviews/{r.id}/milestones", json={"name": "\ufeff"})
    assert invisible.status_code == 422 and "needs a name" in invisible.json()["error"]["message"]


def test_a_json_turn_makes_one_thread_hop_and_still_authenticates_first(
    client: TestClient, services: Services, hops: list[str]
) -> None:
    """As for /v1/ask: the principal is settled inside the route's one worker call, and the reply is serialised there
    too (not validated again by FastAPI in another worker call); a caller without a key is refused on the event
    loop, before its body is looked at."""
    r = Reviewer.create(client)
    hops.clear()
    answered = r.send(text=f"{SKILLS} {NO_EXPLAINABILITY}")
    assert answered["proposal"] and answered["review_id"] == r.id
    assert hops == ["take_turn"]
    hops.clear()

    _, key = services.keys.create("portal")
    for body in ({"text": SKILLS, "expected_version": r.turn["version"]}, {}, {"text": 42}):
        refused = r.post(**body)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer", body
    assert hops == []
    as_portal = {"X-API-Key": key}
    someone_elses = client.post(
        f"/v1/reviews/{r.id}/turns", json={"text": SKILLS, "expected_version": 1}, headers=as_portal
    )
    assert someone_elses.status_code == 404  # the keyless review is local's, not this key's
    assert hops == ["take_turn"]


def test_sse_turns(client: TestClient) -> None:
    r = Reviewer.create(client)
    body = {"expected_version": r.turn["version"], "text": SKILLS}
    with client.stream("POST", f"/v1/reviews/{r.id}/turns", json=body, headers=SSE) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        frames = [f for f in parse_sse(response.read().decode()) if "event" in f]
    assert [f["event"] for f in frames] == ["turn", "done"] and [f["id"] for f in frames] == ["1", "2"]
    done = frames[-1]["data"]
    assert done == r.get().json() | {"notices": done["notices"]} and done["version"] == 2
    assert frames[0]["data"] == {k: v for k, v in done.items() if k != "side_answer"}

    # A side question: the review keeps its place; the answer's paragraphs stream as deltas, then its citations.
    side_question = {"ask": "what does BP03 mean?"}
    response = client.post(f"/v1/reviews/{r.id}/turns", json=side_question, headers=SSE)
    frames = [f for f in parse_sse(response.text) if "event" in f]
    names = [f["event"] for f in frames]
    assert names[0] == "turn" and names[-1] == "done" and names.count("delta") >= 2 and "citation" in names
    side = frames[-1]["data"]["side_answer"]
    assert side["question"] == "what does BP03 mean?" and side["citations"][0]["bp_id"] == "MLOPS01-BP03"
    assert "".join(f["data"]["text"] for f in frames if f["event"] == "delta") == side["text"]
    assert [f["data"] for f in frames if f["event"] == "citation"] == side["citations"]
    assert frames[-1]["data"]["version"] == 2 and frames[-1]["data"]["proposal"] == done["proposal"]

    # Errors after the stream started are one `error` event with the JSON error body (stale: with the current turn).
    stale = {"expected_version": 1, "action": {"type": "confirm"}}
    response = client.post(f"/v1/reviews/{r.id}/turns", json=stale, headers=SSE)
    frames = [f for f in parse_sse(response.text) if "event" in f]
    assert [f["event"] for f in frames] == ["error"]
    assert frames[0]["data"]["error"]["code"] == "stale_review" and frames[0]["data"]["error"]["current"] == done


def test_side_question_as_json_keeps_the_place(client: TestClient) -> None:
    r = Reviewer.create(client)
    r.send(text=SKILLS)
    response = r.post(ask="what does BP02 mean?")
    assert response.status_code == 200
    turn = response.json()
    assert turn["version"] == r.turn["version"] and turn["proposal"] == r.turn["proposal"]
    assert turn["side_answer"]["citations"][0]["bp_id"] == "MLOPS01-BP02"
    assert "MLOPS01-BP02" in turn["side_answer"]["text"] and ATTRIBUTION in turn["side_answer"]["text"]


def test_milestones_and_their_diff(db_client: TestClient) -> None:
    r = Reviewer.create(db_client)
    r.send(picks={"MLOPS01-BP01": "implemented", "MLOPS01-BP02": "not_implemented", "MLOPS01-BP03": "implemented"})
    r.send(action={"type": "confirm"})
    first = db_client.post(f"/v1/reviews/{r.id}/milestones", json={"name": "before"})
    assert first.status_code == 201
    assert first.json() | {"created_at": None} == {
        "name": "before",
        "review_id": r.id,
        "review_version": r.turn["version"],
        "created_at": None,
        "lens_version": first.json()["lens_version"],
        "corpus_hash": r.get("/report", format="json").json()["meta"]["corpus_hash"],
        "risks": {"MLOPS01": "HIGH", "MLOPS02": "UNANSWERED", "MLSEC03": "UNANSWERED", "MLSEC04": "UNANSWERED"},
        "findings": ["MLOPS01-BP02"],
    }
    duplicate = db_client.post(f"/v1/reviews/{r.id}/milestones", json={"name": "before"})
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "action_not_allowed"

    r.send(action={"type": "edit", "question_id": "MLOPS01", "statuses": {"MLOPS01-BP02": "implemented"}})
    r.send(action={"type": "confirm"})
    assert db_client.post(f"/v1/reviews/{r.id}/milestones", json={"name": "after"}).status_code == 201
    assert [m["name"] for m in r.get("/milestones").json()["milestones"]] == ["before", "after"]

    diff = r.get("/milestones/diff", before="before", after="after").json()
    assert diff["before"] == "before" and diff["after"] == "after"
    assert diff["practices"] == [
        {"question_id": "MLOPS01", "bp_id": "MLOPS01-BP02", "before": "not_implemented", "after": "implemented"}
    ]
    assert diff["risks"] == [{"question_id": "MLOPS01", "before": "HIGH", "after": "NONE"}]
    assert diff["findings_resolved"] == ["MLOPS01-BP02"] and diff["findings_added"] == []

    then = r.get("/report", format="json", milestone="before").json()
    assert then["meta"]["milestone"] == "before" and [f["bp_id"] for f in then["findings"]] == ["MLOPS01-BP02"]
    assert r.get("/report", format="json").json()["findings"] == []
    html = r.get("/report", format="html", milestone="before")
    assert html.status_code == 200 and 'filename="mllens-review-' in html.headers["content-disposition"]
    assert "-before.html" in html.headers["content-disposition"]
    unknown = r.get("/milestones/diff", before="before", after="launch")
    assert unknown.status_code == 422 and "milestones: before, after" in unknown.json()["error"]["message"]


def test_the_openapi_describes_reviews(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert set(paths) >= {
        "/v1/reviews",
        "/v1/reviews/{review_id}",
        "/v1/reviews/{review_id}/turns",
        "/v1/reviews/{review_id}/risk",
        "/v1/reviews/{review_id}/report",
        "/v1/reviews/{review_id}/milestones",
        "/v1/reviews/{review_id}/milestones/diff",
    }
    turns = paths["/v1/reviews/{review_id}/turns"]["post"]
    assert "text/event-stream" in turns["responses"]["200"]["content"] and "409" in turns["responses"]
    assert "stale_review" in turns["responses"]["409"]["description"]
    assert "current" in spec["components"]["schemas"]["StaleErrorBody"]["properties"]
    assert {"404", "413", "422"} <= set(turns["responses"]) and "404" not in paths["/v1/reviews"]["get"]["responses"]
    report = paths["/v1/reviews/{review_id}/report"]["get"]["responses"]["200"]["content"]
    assert set(report) == {"text/markdown", "text/html", "application/json"}
    assert "201" in paths["/v1/reviews"]["post"]["responses"]


def test_with_an_llm_the_model_maps_answers_and_a_failure_falls_back(
    llm_client: TestClient, chat: ScriptedChatModel
) -> None:
    quote = "explainability never came up in conversations with the business side"
    off_topic = {"bp_id": "MLOPS01-BP03", "status": "implemented", "quote": "Hmm"}  # said, but not about BP03
    reply = {"practices": [{"bp_id": "MLOPS01-BP02", "status": "not_implemented", "quote": quote}, off_topic]}
    chat.enqueue(json.dumps(reply), LLMUnavailable("fake: timeout"))
    r = Reviewer.create(llm_client)
    r.send(text=f"Hmm. {NO_EXPLAINABILITY}")
    assert r.proposal()["MLOPS01-BP02"] | {"confidence": 0} == {
        "bp_id": "MLOPS01-BP02",
        "status": "not_implemented",
        "provenance": "user_stated",
        "confidence": 0,
        "confidence_level": r.proposal()["MLOPS01-BP02"]["confidence_level"],
        "quote": NO_EXPLAINABILITY.rstrip("."),
        "na_reason": None,
    }
    assert NO_EXPLAINABILITY in chat.calls[-1][-1].content and r.turn["notices"] == []
    assert r.proposal()["MLOPS01-BP03"]["status"] == "cannot_determine"

    r.send(text=SKILLS)  # the provider times out: the embedding mapper answers, and the turn says so
    assert [n["code"] for n in r.turn["notices"]] == ["mapping_degraded"]
    assert r.proposal()["MLOPS01-BP01"]["status"] == "implemented"
    assert r.proposal()["MLOPS01-BP02"]["status"] == "not_implemented"  # the earlier answer is kept


def test_the_server_warms_the_answer_mapper_in_the_background(client: TestClient, services: Services) -> None:
    assert services.review_warm.wait(10)
    assert client.get("/readyz").json()["review_mapping"] == "ready"


def test_list_reviews_is_paginated_newest_first_with_an_opaque_cursor(
    db_client: TestClient, db_services: Services
) -> None:
    """Five reviews in pages of two: newest first, no review skipped or repeated, the last page has no cursor;
    another principal's cursor walk never shows them; a forged or mangled cursor is a 422, never a 5xx."""
    created = [Reviewer.create(db_client).id for _ in range(5)]
    seen, pages, cursor = [], 0, None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = db_client.get("/v1/reviews", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        seen += [x["id"] for x in body["reviews"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
        assert len(body["reviews"]) == 2 and "." not in cursor and created[0] not in cursor
    assert pages == 3 and seen == created[::-1]
    assert [x["id"] for x in db_client.get("/v1/reviews").json()["reviews"]] == created[::-1]  # default page: 20

    for bad in ("nope", "e30", "eyJ0IjoiMjAyNiJ9", "%%%", "x" * 600):
        response = db_client.get("/v1/reviews", params={"cursor": bad})
        assert response.status_code == 422, (bad, response.text)
        assert response.json()["error"]["code"] == "invalid_input"
    for bad_limit in (0, 101, "ten"):
        assert db_client.get("/v1/reviews", params={"limit": bad_limit}).status_code == 422


def test_a_blank_workload_name_and_a_boolean_version_are_refused(client: TestClient) -> None:
    # "   " would list as a review with no name; JSON true is no version number (it read as 1)
    blank = client.post("/v1/reviews", json={"profile": {"name": "   "}})
    assert blank.status_code == 422, blank.text
    assert blank.json()["error"]["message"] == "a review needs a workload name (it was blank)"
    invisible = client.post("/v1/reviews", json={"profile": {"name": "\u200b\u2060"}})  # zero-width characters only
    assert invisible.status_code == 422 and "it was blank" in invisible.json()["error"]["message"], invisible.text
    assert client.get("/v1/reviews").json()["reviews"] == []
    created = client.post("/v1/reviews", json={"profile": PROFILE})
    review_id = created.json()["review_id"]
    boolean = client.post(f"/v1/reviews/{review_id}/turns", json={"expected_version": True, "text": SKILLS})
    assert boolean.status_code == 422 and boolean.json()["error"]["code"] == "invalid_input", boolean.text
    assert client.get(f"/v1/reviews/{review_id}").json()["version"] == 1
