from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import ConversationNotFound, NotFound, Unauthorized
from app.lens.models import Risk, Section
from app.persistence.conversations import SqlConversationStore, SqlFeedbackStore
from app.persistence.db import Database
from app.persistence.keys import ApiKeyStore, check_bind, is_loopback
from app.persistence.models import ApiKey, CitationRow, Feedback, Turn
from app.principal import Principal
from app.qa.models import Answer, Citation

CITATION = Citation(
    bp_id="MLSEC03-BP01",
    title="Least privilege",
    section=Section.GUIDANCE,
    url="https://x/1",
    quote="Grant only what is needed.",
    risk=Risk.HIGH,
)


def answer(conversation_id: str, text: str = "Answer [MLSEC03-BP01]") -> Answer:
    return Answer(
        answer=text,
        citations=(CITATION,),
        refused=False,
        mode="llm",
        conversation_id=conversation_id,
        model="fake",
        prompt_hash="abc",
        citations_removed=("MLOPS09-BP01",),
        resolved_question="q?",
    )


def test_turns_are_stored_in_order_with_citations(database: Database) -> None:
    store = SqlConversationStore(database)
    me = Principal.local()
    first = store.save_turn(me, "first?", answer("c1"))
    second = store.save_turn(me, "second?", answer("c1", "Another [MLSEC03-BP01]"))
    assert second > first
    history = store.history("c1", me, limit=10)
    assert [t.question for t in history] == ["first?", "second?"]
    assert history[0].cited_bp_ids == ("MLSEC03-BP01",) and history[0].resolved_question == "q?"
    assert [t.question for t in store.history("c1", me, limit=1)] == ["second?"]
    with database.session() as session:
        turn = session.scalars(select(Turn).where(Turn.id == first)).one()
        assert (turn.mode, turn.prompt_hash, turn.citations_removed, turn.position) == ("llm", "abc", "MLOPS09-BP01", 1)
        assert (turn.tenant, turn.subject) == ("local", "local")
        row = session.scalars(select(CitationRow).where(CitationRow.turn_id == first)).one()
        assert (row.bp_id, row.section, row.quote) == ("MLSEC03-BP01", "implementation_guidance", CITATION.quote)


def test_another_principals_conversation_is_not_found(database: Database) -> None:
    alice = Principal.api_key("alice-key")
    store = SqlConversationStore(database)
    store.save_turn(alice, "q", answer("c2"))
    assert len(store.history("c2", alice, limit=5)) == 1
    # Same subject in another tenant, same tenant with another subject, and local: all strangers.
    strangers = (
        Principal.api_key("bob-key"),
        Principal.local(),
        Principal.widget("alice-key", "alice-key"),
        Principal("key:alice-key", "someone-else"),
    )
    for other in strangers:
        with pytest.raises(ConversationNotFound):
            store.history("c2", other, limit=5)
        with pytest.raises(ConversationNotFound):
            store.save_turn(other, "q", answer("c2"))
    assert len(store.history("c2", alice, limit=5)) == 1  # nothing was added by the strangers
    with pytest.raises(ConversationNotFound):
        store.history("missing", alice, limit=5)


def test_feedback_only_on_own_answers(database: Database) -> None:
    alice, bob = Principal.slack("T1", "U-alice"), Principal.slack("T1", "U-bob")
    turn_id = SqlConversationStore(database).save_turn(alice, "q", answer("c3"))
    feedback = SqlFeedbackStore(database)
    row_id = feedback.add(turn_id, alice, 1, "useful")
    with database.session() as session:
        row = session.get(Feedback, row_id)
        assert row is not None and (row.tenant, row.subject, row.rating) == ("slack:T1", "U-alice", 1)
    with pytest.raises(NotFound):
        feedback.add(turn_id, bob, -1, None)
    with pytest.raises(NotFound):
        feedback.add(turn_id + 100, alice, 1, None)


def test_keys_store_only_a_hash_and_authenticate(database: Database) -> None:
    keys = ApiKeyStore(database)
    assert keys.authenticate(None, keyless_open=True) is None  # no key ever, loopback only: open
    with pytest.raises(Unauthorized, match="required"):
        keys.authenticate(None, keyless_open=False)  # not loopback-only: a key is always required
    info, raw = keys.create("portal")
    assert raw.startswith("mll_") and len(raw) > 40
    with database.session() as session:
        row = session.scalars(select(ApiKey)).one()
        assert raw not in (row.key_hash, row.name, row.prefix) and row.prefix == raw[:10]
    assert keys.authenticate(raw, keyless_open=True) == info.id
    with pytest.raises(Unauthorized, match="unknown"):
        keys.authenticate(raw + "x", keyless_open=True)
    with pytest.raises(Unauthorized, match="required"):
        keys.authenticate(None, keyless_open=True)
    assert [k.name for k in keys.list()] == ["portal"]


def test_revocation_is_immediate_and_no_keys_left_is_not_open(database: Database) -> None:
    server, admin = ApiKeyStore(database), ApiKeyStore(database)  # e.g. the server and `mllens keys revoke`
    info, raw = admin.create("portal")
    assert server.authenticate(raw, keyless_open=True) == info.id
    assert admin.revoke(info.prefix).id == info.id
    with pytest.raises(Unauthorized, match="revoked"):
        server.authenticate(raw, keyless_open=True)  # the very next request
    assert admin.count() == 0
    with pytest.raises(Unauthorized, match="required"):
        server.authenticate(None, keyless_open=True)  # every key revoked: still closed
    with pytest.raises(NotFound):
        admin.revoke(info.id)  # already revoked


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
        ("example.org", False),
    ],
)
def test_only_loopback_may_run_without_keys(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
    if loopback:
        check_bind(host, 0)
    else:
        with pytest.raises(Unauthorized, match="mllens keys create"):
            check_bind(host, 0)
        check_bind(host, 1)
