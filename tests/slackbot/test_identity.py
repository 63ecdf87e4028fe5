"""One review, any surface: a whole pillar of a review done through Slack payloads, then `/mllens link`, the code
redeemed through the API by the widget user, and the same review continued under the widget's identity; and a
review started in the widget continued in Slack. The widget user sends what the web widget sends: a widget key, the
portal's Origin and a user token signed with the key's secret (`Principal.widget(key, "user:…")`)."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient

from app.persistence.widget_keys import WidgetKey
from app.principal import Principal
from app.services import Services
from app.user_tokens import sign_user_token

from .conftest import send
from .fake_slack import FakeSlack
from .payloads import OTHER, TEAM, USER, command
from .test_reviews import NO_EXPLAINABILITY, SKILLS, SlackReviewer, _text, _with

PORTAL = "https://portal.example"
Widget = tuple[WidgetKey, str]


@pytest.fixture
def widget(slack_services: Services) -> Widget:
    return slack_services.widget_keys.create("portal", [PORTAL])


def _as(client: TestClient, widget: Widget, user: str) -> None:
    """From now on the client's API requests come from the widget on the portal, signed in as `user`."""
    key, raw = widget
    token = sign_user_token(key.user_token_secret, user, int(time.time()) + 600)
    client.headers.update({"X-Widget-Key": raw, "Origin": PORTAL, "X-Widget-User": token})


def _link_code(client: TestClient, fake: FakeSlack, user: str = USER) -> str:
    before = len(fake.of("response_url"))
    send(client, command("link", response_url=fake.url + "hooks/link", user=user))
    fake.wait_calls("response_url", before + 1)
    text = fake.of("response_url")[-1].params["text"]
    match = re.search(r"\*([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2})\*", text)
    assert match, text
    return match.group(1)


def test_a_pillar_in_slack_then_continued_in_the_widget(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services, widget: Widget
) -> None:
    r = SlackReviewer(slack_app, fake_slack)
    r.start("Churn model")
    review_id = slack_services.slack_state.thread(TEAM, "C0CHAN", r.thread_ts).review_id  # type: ignore[union-attr]
    for question in ("MLOPS01", "MLOPS02"):  # the whole Operational Excellence pillar
        count = len(r.posts())
        r.reply(f"{SKILLS} {NO_EXPLAINABILITY}")
        proposal = _with(r.after(count, "review_confirm"), "review_confirm")
        count = len(r.posts())
        r.click(proposal, "review_confirm")
        assert f"Risk for {question}" in _text(r.after(count, "Saved", "review_submit"))

    # Before linking, the widget user cannot see the Slack user's review.
    _as(slack_app, widget, "alice@example.com")
    assert slack_app.get(f"/v1/reviews/{review_id}").status_code == 404

    # Link: the code from Slack, redeemed by the widget user through the API.
    code = _link_code(slack_app, fake_slack)
    linked = slack_app.post("/v1/identity/links", json={"code": code})
    assert linked.status_code == 201, linked.text
    body = linked.json()
    assert body["linked"] == {"tenant": f"slack:{TEAM}", "subject": USER, "created_at": body["linked"]["created_at"]}
    assert body["moved_reviews"] == 1
    assert slack_app.post("/v1/identity/links", json={"code": code}).status_code == 422  # single use
    assert [k["subject"] for k in slack_app.get("/v1/identity/links").json()["links"]] == [USER]

    # The widget user continues the same review where Slack left it.
    turn = slack_app.get(f"/v1/reviews/{review_id}").json()
    assert turn["question"]["id"] == "MLSEC03" and turn["progress"]["by_pillar"]["ops"] == {"done": 2, "total": 2}
    na = {"type": "question_not_applicable", "reason": "OUT_OF_SCOPE"}
    step = slack_app.post(f"/v1/reviews/{review_id}/turns", json={"expected_version": turn["version"], "action": na})
    assert step.status_code == 200 and step.json()["question"]["id"] == "MLSEC04"

    # Back in Slack the same person, now acting as the widget identity, sees the move in the same thread.
    count = len(r.posts())
    r.reply("Only partly, we version the raw data in S3 but not the transforms.")
    proposal = _with(r.after(count, "review_confirm"), "review_confirm")
    assert "MLSEC04" in _text([proposal])

    # Another principal still gets 404, in the API and in Slack.
    _as(slack_app, widget, "mallory@example.com")
    assert slack_app.get(f"/v1/reviews/{review_id}").status_code == 404
    before = len(fake_slack.of("response_url"))
    send(slack_app, command(f"resume {review_id}", response_url=fake_slack.url + "hooks/x", user=OTHER))
    fake_slack.wait_calls("response_url", before + 1)
    assert "no review" in fake_slack.of("response_url")[-1].params["text"]


def test_a_review_started_in_the_widget_is_resumed_in_slack(
    slack_app: TestClient, fake_slack: FakeSlack, slack_services: Services, widget: Widget
) -> None:
    _as(slack_app, widget, "alice@example.com")
    created = slack_app.post("/v1/reviews", json={"profile": {"name": "Fraud scoring"}})
    assert created.status_code == 201
    review_id = created.json()["review_id"]
    assert slack_app.post("/v1/identity/links", json={"code": _link_code(slack_app, fake_slack)}).status_code == 201

    send(slack_app, command("reviews", response_url=fake_slack.url + "hooks/list"))
    fake_slack.wait_calls("response_url", 2)
    assert review_id in fake_slack.of("response_url")[-1].params["text"]

    send(slack_app, command(f"resume {review_id}", response_url=fake_slack.url + "hooks/resume"))
    posts = fake_slack.wait_calls("chat.postMessage", 2)
    assert "Fraud scoring" in posts[0].params["text"] and "(resumed)" in posts[0].params["text"]
    assert posts[1].params["thread_ts"] == posts[0].ts and "MLOPS01" in _text([posts[1]])
    thread = slack_services.slack_state.thread(TEAM, "C0CHAN", posts[0].ts)
    assert thread is not None and thread.review_id == review_id

    # Unlink from Slack: the Slack user acts as themselves again and no longer sees the widget's review.
    send(slack_app, command("unlink", response_url=fake_slack.url + "hooks/unlink"))
    fake_slack.wait_calls("response_url", 3)
    assert "Unlinked" in fake_slack.of("response_url")[-1].params["text"]
    assert slack_services.identity.target_of(Principal.slack(TEAM, USER)) is None
