"""Migration 0003 (principals) on a database made at 0002 with data in it, on SQLite and PostgreSQL: every row is
carried over to its principal, nothing is lost, the stores read the migrated rows, and the schema matches the models.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from app.errors import ConversationNotFound, NotFound
from app.findings.milestones import freeze_milestone
from app.lens.interview import QuestionContent, load_interview
from app.lens.loader import load_lens
from app.lens.models import Lens, Question
from app.persistence.conversations import SqlConversationStore, SqlFeedbackStore
from app.persistence.db import Base, Database
from app.persistence.migrate import downgrade, upgrade
from app.persistence.reviews import SqlReviewStore
from app.principal import Principal
from app.review.actions import QuestionNotApplicable
from app.review.errors import ReviewNotFound
from app.review.machine import ReviewContext, start_review, transition
from app.review.mapping import MappingResult
from app.review.models import NAReason, Review, WorkloadProfile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
KEY = "0123456789abcdef0123456789abcdef"


class _NoMapping:
    def map_answer(self, question: Question, content: QuestionContent, text: str) -> MappingResult:
        raise AssertionError("not used: the reviews here are answered by marking a question not applicable")


@pytest.fixture(scope="module")
def lens() -> Lens:
    return load_lens(FIXTURES / "corpus")


def _review_at_0002(lens: Lens, review_id: str) -> Review:
    """A review with one confirmed answer, as the code before 0003 produced it."""
    ctx = ReviewContext(lens, load_interview(FIXTURES / "prompts" / "interview", lens), _NoMapping())
    review = start_review(ctx, review_id=review_id, profile=WorkloadProfile(name=f"workload {review_id}")).review
    review = transition(ctx, review, QuestionNotApplicable(reason=NAReason.OUT_OF_SCOPE, note="no ML here")).review
    return review.model_copy(update={"created_at": T0, "updated_at": T0})


def _seed_0002(db: Database, lens: Lens, reviews: dict[str, tuple[str, Review]]) -> None:
    at = {"at": T0}
    with db.engine.begin() as conn:
        x = conn.execute
        x(text("INSERT INTO api_keys VALUES (:id, 'portal', 'mll_abc', 'hash', :at, NULL)"), {"id": KEY, **at})
        x(text("INSERT INTO conversations VALUES ('c-key', :k, :at, :at)"), {"k": KEY, **at})
        x(text("INSERT INTO conversations VALUES ('c-local', NULL, :at, :at)"), at)
        for turn_id, conversation, position in ((1, "c-key", 1), (2, "c-key", 2), (3, "c-local", 1)):
            inserted = x(
                text(
                    "INSERT INTO turns (conversation_id, position, question, resolved_question, answer, refused, "
                    "mode, citations_removed, created_at) VALUES (:c, :p, :q, :q, 'answer', false, 'none', '', :at) "
                    "RETURNING id"
                ),
                {"c": conversation, "p": position, "q": f"question {turn_id}?", **at},
            ).scalar()
            assert inserted == turn_id  # a fresh table numbers from 1
            x(
                text(
                    "INSERT INTO citations (turn_id, position, bp_id, title, section, url, quote) "
                    "VALUES (:t, 1, 'MLSEC03-BP01', 'Least privilege', 'implementation_guidance', 'https://x', 'q')"
                ),
                {"t": turn_id},
            )
        x(
            text("INSERT INTO feedback (turn_id, api_key_id, rating, created_at) VALUES (1, :k, 1, :at)"),
            {"k": KEY, **at},
        )
        x(text("INSERT INTO feedback (turn_id, api_key_id, rating, created_at) VALUES (3, NULL, -1, :at)"), at)
        for owner, review in reviews.values():
            state = review.model_dump(mode="json") | {"owner": owner}  # the owner was part of the state until 0002
            x(
                text(
                    "INSERT INTO reviews VALUES (:id, :owner, :name, :status, :v, :lv, :ch, :state, :at, :at)",
                ),
                {
                    "id": review.id,
                    "owner": owner,
                    "name": review.profile.name,
                    "status": review.status.value,
                    "v": review.version,
                    "lv": review.lens_version,
                    "ch": review.corpus_hash,
                    "state": json.dumps(state),
                    **at,
                },
            )
            for question_id, answer in review.answers.items():
                x(
                    text("INSERT INTO review_answers VALUES (:r, :q, 'NOT_APPLICABLE', :a, :at)"),
                    {"r": review.id, "q": question_id, "a": answer.model_dump_json(), **at},
                )
            x(
                text(
                    "INSERT INTO review_milestones (review_id, name, review_version, snapshot, created_at) "
                    "VALUES (:r, 'baseline', :v, :snapshot, :at)"
                ),
                {"r": review.id, "v": review.version, "snapshot": _milestone(lens, review), **at},
            )


def _milestone(lens: Lens, review: Review) -> str:
    return freeze_milestone(lens, review, "baseline", created_at=T0).model_dump_json()


def _rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def _counts(db: Database) -> dict[str, int]:
    tables = ("conversations", "turns", "citations", "feedback", "reviews", "review_answers", "review_milestones")
    return {t: _rows(db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}


@pytest.fixture
def at_0002(database: Database) -> Database:
    """A database made at 0002 (the fixture's schema is taken down to nothing and built up to 0002 only)."""
    downgrade(database, "base")
    upgrade(database, "0002")
    assert "tenant" not in {c["name"] for c in inspect(database.engine).get_columns("conversations")}
    return database


def test_upgrade_carries_every_row_over_to_its_principal(at_0002: Database, lens: Lens) -> None:
    db = at_0002
    reviews = {"r-local": ("local", _review_at_0002(lens, "r-local")), "r-key": (KEY, _review_at_0002(lens, "r-key"))}
    _seed_0002(db, lens, reviews)
    before = _counts(db)

    upgrade(db)

    assert _counts(db) == before  # nothing lost (and no cascade from rebuilding a table on SQLite)
    key, local = Principal.api_key(KEY), Principal.local()
    assert sorted(_rows(db, "SELECT id, tenant, subject FROM conversations")) == [
        ("c-key", f"key:{KEY}", KEY),
        ("c-local", "local", "local"),
    ]
    assert sorted(_rows(db, "SELECT id, tenant, subject FROM turns")) == [
        (1, f"key:{KEY}", KEY),
        (2, f"key:{KEY}", KEY),
        (3, "local", "local"),
    ]
    assert sorted(_rows(db, "SELECT turn_id, tenant, subject FROM feedback")) == [
        (1, f"key:{KEY}", KEY),
        (3, "local", "local"),
    ]
    assert sorted(_rows(db, "SELECT id, tenant, subject FROM reviews")) == [
        ("r-key", f"key:{KEY}", KEY),
        ("r-local", "local", "local"),
    ]
    assert all("owner" not in json.loads(state) for (state,) in _rows(db, "SELECT state FROM reviews"))
    assert "api_key_id" not in {c["name"] for c in inspect(db.engine).get_columns("conversations")}
    assert "owner" not in {c["name"] for c in inspect(db.engine).get_columns("reviews")}

    # The stores read the migrated rows for their principal only.
    conversations = SqlConversationStore(db)
    assert [t.question for t in conversations.history("c-key", key, limit=10)] == ["question 1?", "question 2?"]
    assert [t.cited_bp_ids for t in conversations.history("c-local", local, limit=10)] == [("MLSEC03-BP01",)]
    with pytest.raises(ConversationNotFound):
        conversations.history("c-key", local, limit=10)
    assert SqlFeedbackStore(db).add(2, key, 1, "still mine") > 0
    with pytest.raises(NotFound):
        SqlFeedbackStore(db).add(3, key, 1, None)

    store = SqlReviewStore(db, lens)
    for review_id, (_, review) in reviews.items():
        owner = local if review_id == "r-local" else key
        assert store.get(review_id, owner) == review
        assert [m.name for m in store.milestones(review_id, owner)] == ["baseline"]
    assert [r.id for r in store.list_reviews(local)] == ["r-local"]
    assert [r.id for r in store.list_reviews(key)] == ["r-key"]
    with pytest.raises(ReviewNotFound):
        store.get("r-key", local)
    migrated = store.get("r-local", local)
    store.save(migrated.model_copy(update={"version": migrated.version + 1}), local, expected_version=migrated.version)

    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_downgrade_restores_owners_and_refuses_what_it_cannot_represent(at_0002: Database, lens: Lens) -> None:
    db = at_0002
    _seed_0002(db, lens, {"r-key": (KEY, _review_at_0002(lens, "r-key"))})
    before = _counts(db)
    upgrade(db)
    downgrade(db, "0002")
    assert _counts(db) == before
    assert sorted(_rows(db, "SELECT id, api_key_id FROM conversations")) == [("c-key", KEY), ("c-local", None)]
    assert sorted(_rows(db, "SELECT turn_id, api_key_id FROM feedback")) == [(1, KEY), (3, None)]
    ((owner, state),) = _rows(db, "SELECT owner, state FROM reviews")
    assert owner == KEY and json.loads(state)["owner"] == KEY

    upgrade(db)
    SqlConversationStore(db).save_turn(Principal.slack("T1", "U1"), "q", _an_answer("c-slack"))
    with pytest.raises(RuntimeError, match="widget or Slack"):
        downgrade(db, "0002")
    assert _counts(db)["turns"] == before["turns"] + 1  # the refused downgrade changed nothing


def _an_answer(conversation_id: str) -> Any:
    from app.qa.models import Answer

    return Answer(answer="a", citations=(), refused=False, mode="none", conversation_id=conversation_id)
