"""Identity links (SQLite and PostgreSQL): one-time codes (hashed, single use, expiring), links, what moves, audit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.errors import InvalidInput
from app.persistence.db import Database
from app.persistence.identity import IdentityLinkStore, hash_code
from app.persistence.slack_models import IdentityLinkCodeRow
from app.principal import Principal

SLACK = Principal.slack("T1", "U1")
WIDGET = Principal.widget("wk1", "alice")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_a_code_links_once_and_is_stored_only_as_a_hash(database: Database) -> None:
    store = IdentityLinkStore(database)
    code = store.create_code(SLACK)
    with database.session() as session:
        stored = session.scalars(select(IdentityLinkCodeRow.code_hash)).all()
    assert stored == [hash_code(code)] and code.replace("-", "") not in stored
    link, moved = store.redeem(code.lower().replace("-", " "), WIDGET)  # typed by hand: case and separators vary
    assert (link.source, link.target, moved.reviews) == (SLACK, WIDGET, 0)
    assert store.target_of(SLACK) == WIDGET and [k.source for k in store.links_to(WIDGET)] == [SLACK]
    with pytest.raises(InvalidInput, match="unknown, already used or expired"):
        store.redeem(code, Principal.widget("wk1", "mallory"))
    assert store.target_of(SLACK) == WIDGET
    actions = [(e.action, e.target) for e in store.audit(SLACK)]
    assert actions == [("code_created", None), ("linked", WIDGET)]
    assert [e.action for e in store.audit(Principal.widget("wk1", "mallory"))] == ["redeem_refused"]


def test_a_code_expires_and_a_new_one_replaces_the_old(database: Database) -> None:
    clock = Clock()
    store = IdentityLinkStore(database, ttl_s=600, clock=clock)
    old = store.create_code(SLACK)
    new = store.create_code(SLACK)
    with pytest.raises(InvalidInput):
        store.redeem(old, WIDGET)  # superseded
    clock.now += timedelta(seconds=601)
    with pytest.raises(InvalidInput):
        store.redeem(new, WIDGET)  # expired
    assert store.target_of(SLACK) is None


def test_who_may_ask_and_who_may_redeem(database: Database) -> None:
    store = IdentityLinkStore(database)
    with pytest.raises(InvalidInput):
        store.create_code(WIDGET)  # codes are for Slack users
    code = store.create_code(SLACK)
    with pytest.raises(InvalidInput):
        store.redeem(code, Principal.slack("T1", "U2"))  # one Slack user cannot take over another
    with pytest.raises(InvalidInput):
        store.redeem(code, Principal.api_key("k1"))  # nor a server-to-server key
    link, _ = store.redeem(code, Principal.local())
    assert link.target == Principal.local()


def test_unlink_by_either_side_only(database: Database) -> None:
    store = IdentityLinkStore(database)
    store.redeem(store.create_code(SLACK), WIDGET)
    assert store.unlink(SLACK, by=Principal.widget("wk1", "mallory")) is False
    assert store.target_of(SLACK) == WIDGET
    assert store.unlink(SLACK, by=WIDGET) is True and store.target_of(SLACK) is None
    assert store.unlink(SLACK) is False
    assert [e.action for e in store.audit(SLACK)][-1] == "unlinked"
