"""ReviewStore: where reviews and milestones live (protocol), and an in-memory implementation for tests and the CLI.

Optimistic concurrency: `save` succeeds only if the stored version is `expected_version`; otherwise StaleReview
carries the stored review, so the caller can show the current state and nothing is lost. A SQL adapter lives in
app.persistence (it implements this protocol).
"""

from __future__ import annotations

import threading
from typing import Protocol

from app.findings.milestones import Milestone
from app.review.errors import ActionNotAllowed, ReviewNotFound, StaleReview
from app.review.models import Review


class ReviewStore(Protocol):
    def create(self, review: Review) -> None: ...

    def get(self, review_id: str) -> Review:
        """Raises ReviewNotFound."""
        ...

    def save(self, review: Review, *, expected_version: int) -> None:
        """Replace the stored review if it is still at `expected_version`; else raise StaleReview(current)."""
        ...

    def list_reviews(self, owner: str) -> list[Review]: ...

    def add_milestone(self, milestone: Milestone) -> None:
        """Raises ActionNotAllowed if the review already has a milestone of that name."""
        ...

    def milestones(self, review_id: str) -> list[Milestone]:
        """Oldest first."""
        ...


class MemoryReviewStore:
    def __init__(self) -> None:
        self._reviews: dict[str, Review] = {}
        self._milestones: dict[str, list[Milestone]] = {}
        self._lock = threading.Lock()

    def create(self, review: Review) -> None:
        with self._lock:
            if review.id in self._reviews:
                raise ActionNotAllowed(f"review {review.id} already exists")
            self._reviews[review.id] = review

    def get(self, review_id: str) -> Review:
        with self._lock:
            review = self._reviews.get(review_id)
        if review is None:
            raise ReviewNotFound(f"no review {review_id!r}")
        return review

    def save(self, review: Review, *, expected_version: int) -> None:
        with self._lock:
            current = self._reviews.get(review.id)
            if current is None:
                raise ReviewNotFound(f"no review {review.id!r}")
            if current.version != expected_version:
                raise StaleReview(
                    f"review {review.id} is at version {current.version}, not {expected_version}", current
                )
            self._reviews[review.id] = review

    def list_reviews(self, owner: str) -> list[Review]:
        with self._lock:
            return sorted((r for r in self._reviews.values() if r.owner == owner), key=lambda r: r.created_at)

    def add_milestone(self, milestone: Milestone) -> None:
        with self._lock:
            existing = self._milestones.setdefault(milestone.review_id, [])
            if any(m.name == milestone.name for m in existing):
                raise ActionNotAllowed(f"review {milestone.review_id} already has a milestone {milestone.name!r}")
            existing.append(milestone)

    def milestones(self, review_id: str) -> list[Milestone]:
        with self._lock:
            return list(self._milestones.get(review_id, []))
