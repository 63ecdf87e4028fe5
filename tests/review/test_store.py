"""ReviewStore contract, run against the in-memory store and the SQL store (SQLite always; PostgreSQL when
MLLENS_TEST_POSTGRES_URL is set): round trips, optimistic concurrency, ownership listing, milestones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from app.findings.milestones import freeze_milestone
from app.lens.models import Lens
from app.persistence.db import Base, Database
from app.persistence.migrate import downgrade, upgrade
from app.persistence.reviews import SqlReviewStore
from app.principal import Principal
from app.review.actions import Action, Answer, Confirm
from app.review.errors import ActionNotAllowed, ReviewNotFound, StaleReview
from app.review.machine import ReviewContext, Step, propose_answer, start_review, transition
from app.review.models import Review, WorkloadProfile
from app.reviewing.store import MemoryReviewStore, ReviewStore

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ALICE = Principal.api_key("alice")
BOB = Principal.api_key("bob")


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, migrated_database: Callable[[str], Database], lens: Lens) -> ReviewStore:
    if request.param == "memory":
        return MemoryReviewStore()
    return SqlReviewStore(migrated_database(request.param), lens)


def turn(ctx: ReviewContext, review: Review, action: Action) -> Step:
    return transition(ctx, review, action, propose_answer(ctx, review, action))


def new_review(ctx: ReviewContext, review_id: str = "r1", at: datetime = T0) -> Review:
    review = start_review(ctx, review_id=review_id, profile=WorkloadProfile(name="w")).review
    return review.model_copy(update={"created_at": at, "updated_at": at})


def test_round_trip(store: ReviewStore, ctx: ReviewContext) -> None:
    review = new_review(ctx)
    store.create(review, ALICE)
    assert store.get("r1", ALICE) == review
    with pytest.raises(ReviewNotFound):
        store.get("nope", ALICE)
    with pytest.raises(ActionNotAllowed):
        store.create(review, ALICE)
    with pytest.raises(ActionNotAllowed):
        store.create(review, BOB)  # an existing ID is taken whoever asks


@pytest.mark.parametrize(
    "stranger",
    [BOB, Principal.local(), Principal.widget("alice", "alice"), Principal("key:alice", "mallory")],
    ids=["other-key", "local", "same-id-other-kind", "same-tenant-other-subject"],
)
def test_another_principals_review_is_not_found(store: ReviewStore, ctx: ReviewContext, stranger: Principal) -> None:
    review = new_review(ctx)
    store.create(review, ALICE)
    store.add_milestone(freeze_milestone(ctx.lens, review, "m1", created_at=T0), ALICE)
    answered = turn(ctx, review, Answer(text="we do all of it")).review
    with pytest.raises(ReviewNotFound):
        store.get("r1", stranger)
    with pytest.raises(ReviewNotFound):
        store.save(answered, stranger, expected_version=1)
    with pytest.raises(ReviewNotFound):
        store.milestones("r1", stranger)
    with pytest.raises(ReviewNotFound):
        store.add_milestone(freeze_milestone(ctx.lens, review, "m2", created_at=T0), stranger)
    assert store.list_reviews(stranger) == []
    assert store.get("r1", ALICE) == review and [m.name for m in store.milestones("r1", ALICE)] == ["m1"]


def test_save_needs_the_current_version(store: ReviewStore, ctx: ReviewContext) -> None:
    review = new_review(ctx)
    store.create(review, ALICE)
    answered = turn(ctx, review, Answer(text="we do all of it")).review
    store.save(answered, ALICE, expected_version=1)
    confirmed = turn(ctx, answered, Confirm()).review
    store.save(confirmed, ALICE, expected_version=2)
    assert store.get("r1", ALICE) == confirmed and store.get("r1", ALICE).answers["MLOPS01"].confirmed
    late = turn(ctx, review, Answer(text="skills yes, explainability no")).review  # built from version 1
    with pytest.raises(StaleReview) as info:
        store.save(late, ALICE, expected_version=1)
    assert info.value.current == confirmed  # the stored state, intact
    with pytest.raises(ReviewNotFound):
        store.save(new_review(ctx, "ghost"), ALICE, expected_version=1)


def test_list_reviews_per_principal_oldest_first(store: ReviewStore, ctx: ReviewContext) -> None:
    store.create(new_review(ctx, "b", at=T0 + timedelta(minutes=1)), ALICE)
    store.create(new_review(ctx, "a", at=T0), ALICE)
    store.create(new_review(ctx, "c"), BOB)
    assert [r.id for r in store.list_reviews(ALICE)] == ["a", "b"]
    assert [r.id for r in store.list_reviews(BOB)] == ["c"]
    assert store.list_reviews(Principal.api_key("nobody")) == []


def test_milestones(store: ReviewStore, ctx: ReviewContext) -> None:
    review = new_review(ctx)
    store.create(review, ALICE)
    first = freeze_milestone(ctx.lens, review, "m1", created_at=T0)
    store.add_milestone(first, ALICE)
    store.add_milestone(freeze_milestone(ctx.lens, review, "m2", created_at=T0), ALICE)
    with pytest.raises(ActionNotAllowed):
        store.add_milestone(first, ALICE)
    assert [m.name for m in store.milestones("r1", ALICE)] == ["m1", "m2"]
    assert store.milestones("r1", ALICE)[0] == first
    with pytest.raises(ReviewNotFound):
        store.milestones("other", ALICE)


def test_migration_matches_the_models_and_goes_down(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade(db)
    assert {"reviews", "review_answers", "review_milestones"} <= set(inspect(db.engine).get_table_names())
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert [d for d in diff if "review" in str(d)] == []
    downgrade(db, "0001")
    assert "reviews" not in inspect(db.engine).get_table_names()
    db.dispose()
