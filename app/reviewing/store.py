"""ReviewStore: where reviews and milestones live (protocol), and an in-memory implementation for tests and the CLI.

Optimistic concurrency: `save` succeeds only if the stored version is `expected_version`; otherwise StaleReview
carries the stored review, so the caller can show the current state and nothing is lost. A review belongs to the
principal that created it: every method takes the acting principal, and another principal's review is reported
exactly like a missing one (ReviewNotFound). A SQL adapter lives in app.persistence (it implements this protocol).
"""

from __future__ import annotations

import threading
from typing import Protocol

from app.findings.milestones import Milestone
from app.principal import Principal
from app.review.errors import ActionNotAllowed, ReviewNotFound, StaleReview
from app.review.models import Review


class ReviewStore(Protocol):
    def create(self, review: Review, principal: Principal) -> None:
        """Store a new review owned by `principal`. Raises ActionNotAllowed if the ID exists."""
        ...

    def get(self, review_id: str, principal: Principal) -> Review:
        """Raises ReviewNotFound (also for another principal's review)."""
        ...

    def save(self, review: Review, principal: Principal, *, expected_version: int) -> None:
        """Replace the stored review if it is still at `expected_version`; else raise StaleReview(current)."""
        ...

    def list_reviews(self, principal: Principal) -> list[Review]:
        """The principal's reviews, oldest first."""
        ...

    def add_milestone(self, milestone: Milestone, principal: Principal) -> None:
        """Raises ActionNotAllowed if the review already has a milestone of that name, ReviewNotFound if the review
        is not the principal's."""
        ...

    def milestones(self, review_id: str, principal: Principal) -> list[Milestone]:
        """Oldest first. Raises ReviewNotFound if the review is not the principal's."""
        ...


class MemoryReviewStore:
    def __init__(self) -> None:
        self._reviews: dict[str, tuple[Principal, Review]] = {}
        self._milestones: dict[str, list[Milestone]] = {}
        self._lock = threading.Lock()

    def create(self, review: Review, principal: Principal) -> None:
        with self._lock:
            if review.id in self._reviews:
                raise ActionNotAllowed(f"review {review.id} already exists")
            self._reviews[review.id] = (principal, review)

    def get(self, review_id: str, principal: Principal) -> Review:
        with self._lock:
            return self._owned(review_id, principal)

    def save(self, review: Review, principal: Principal, *, expected_version: int) -> None:
        with self._lock:
            current = self._owned(review.id, principal)
            if current.version != expected_version:
                raise StaleReview(
                    f"review {review.id} is at version {current.version}, not {expected_version}", current
                )
            self._reviews[review.id] = (principal, review)

    def list_reviews(self, principal: Principal) -> list[Review]:
        with self._lock:
            mine = (review for owner, review in self._reviews.values() if owner == principal)
            return sorted(mine, key=lambda r: r.created_at)

    def add_milestone(self, milestone: Milestone, principal: Principal) -> None:
        with self._lock:
            self._owned(milestone.review_id, principal)
            existing = self._milestones.setdefault(milestone.review_id, [])
            if any(m.name == milestone.name for m in existing):
                raise ActionNotAllowed(f"review {milestone.review_id} already has a milestone {milestone.name!r}")
            existing.append(milestone)

    def milestones(self, review_id: str, principal: Principal) -> list[Milestone]:
        with self._lock:
            self._owned(review_id, principal)
            return list(self._milestones.get(review_id, []))

    def _owned(self, review_id: str, principal: Principal) -> Review:
        owner, review = self._reviews.get(review_id, (None, None))
        if review is None or owner != principal:
            raise ReviewNotFound(f"no review {review_id!r}")
        return review
