"""Identity links: one person's Slack user acting as their widget (or local) identity, so a review moves between
surfaces. The Slack user asks for a one-time code (`/mllens link`); the other identity redeems it through the API.
Only the code's SHA-256 is stored; a code works once, for a short time; every step is written to an audit table."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import column, delete, select, table, update
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.persistence.db import Database
from app.persistence.slack_models import IdentityAuditRow, IdentityLinkCodeRow, IdentityLinkRow
from app.principal import Principal

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from a screen and typed by hand
CODE_LENGTH = 10  # 50 bits, valid for minutes, single use
LINKABLE_FROM = ("slack",)  # who asks for a code
LINKABLE_TO = ("widget", "local")  # who may redeem it (the identity the Slack user will act as)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _as_utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite hands back naive datetimes


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


@dataclass(frozen=True)
class IdentityLink:
    source: Principal  # the Slack user
    target: Principal  # who they act as
    created_at: datetime


@dataclass(frozen=True)
class Moved:
    """What a link handed over from the Slack user to the identity it now acts as."""

    reviews: int = 0
    conversations: int = 0


# Tables whose rows belong to a principal (app.persistence.models, review_models): moved as a whole at link time.
_OWNED = ("reviews", "conversations", "turns", "feedback")


@dataclass(frozen=True)
class AuditEntry:
    action: str
    source: Principal
    target: Principal | None
    detail: str
    at: datetime


class IdentityLinkStore:
    def __init__(self, db: Database, *, ttl_s: int = 600, clock: Callable[[], datetime] = _utcnow) -> None:
        self._db = db
        self._ttl = timedelta(seconds=ttl_s)
        self._clock = clock

    @property
    def ttl_s(self) -> int:
        return int(self._ttl.total_seconds())

    def create_code(self, source: Principal) -> str:
        """A new one-time code for `source` (shown once, e.g. "K7QM-2XPA-RT"); earlier unused codes stop working."""
        if source.kind not in LINKABLE_FROM:
            raise InvalidInput("link codes are issued to Slack users (`/mllens link` in Slack)")
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        now = self._clock()
        with self._db.session() as session:
            session.execute(
                delete(IdentityLinkCodeRow).where(
                    IdentityLinkCodeRow.tenant == source.tenant, IdentityLinkCodeRow.subject == source.subject
                )
            )
            session.add(
                IdentityLinkCodeRow(
                    code_hash=hash_code(code),
                    tenant=source.tenant,
                    subject=source.subject,
                    created_at=now,
                    expires_at=now + self._ttl,
                )
            )
            session.add(_audit("code_created", source, None, f"valid {self.ttl_s} s", now))
        return f"{code[:4]}-{code[4:8]}-{code[8:]}"

    def redeem(self, code: str, target: Principal) -> tuple[IdentityLink, Moved]:
        """Link the code's Slack user to `target` and hand their reviews and conversations over to it, in one
        transaction (so the widget sees what was started in Slack, and Slack acts as the widget user). Raises
        InvalidInput for an unknown, used or expired code (all three look the same, so a guess learns nothing) or a
        target that cannot be linked to."""
        if target.kind not in LINKABLE_TO:
            raise InvalidInput(f"a {target.kind} identity cannot redeem a link code; use the web widget")
        now = self._clock()
        moved = Moved()
        with self._db.session() as session:
            row = session.get(IdentityLinkCodeRow, hash_code(code), with_for_update=True)
            if row is None or row.used_at is not None or _as_utc(row.expires_at) <= now:
                session.add(_audit("redeem_refused", target, None, "unknown, used or expired code", now))
                refused = True
            else:
                refused = False
                row.used_at = now
                source = Principal(row.tenant, row.subject)
                session.execute(
                    delete(IdentityLinkRow).where(
                        IdentityLinkRow.tenant == source.tenant, IdentityLinkRow.subject == source.subject
                    )
                )
                session.add(
                    IdentityLinkRow(
                        tenant=source.tenant,
                        subject=source.subject,
                        target_tenant=target.tenant,
                        target_subject=target.subject,
                        created_at=now,
                    )
                )
                moved = _transfer(session, source, target)
                detail = f"one-time code redeemed; moved {moved.reviews} reviews, {moved.conversations} conversations"
                session.add(_audit("linked", source, target, detail, now))
        if refused:  # raised after the commit, so the refusal stays in the audit table
            raise InvalidInput(
                "that link code is unknown, already used or expired; ask for a new one with /mllens link"
            )
        return IdentityLink(source, target, now), moved

    def target_of(self, source: Principal) -> Principal | None:
        """Who `source` acts as, when linked."""
        with self._db.session() as session:
            row = session.get(IdentityLinkRow, (source.tenant, source.subject))
            return Principal(row.target_tenant, row.target_subject) if row else None

    def links_to(self, target: Principal) -> list[IdentityLink]:
        with self._db.session() as session:
            rows = session.scalars(
                select(IdentityLinkRow).where(
                    IdentityLinkRow.target_tenant == target.tenant, IdentityLinkRow.target_subject == target.subject
                )
            ).all()
            return [IdentityLink(Principal(r.tenant, r.subject), target, _as_utc(r.created_at)) for r in rows]

    def unlink(self, source: Principal, *, by: Principal | None = None) -> bool:
        """Remove `source`'s link (asked by the Slack user, or by the identity it pointed to); False if none."""
        now = self._clock()
        with self._db.session() as session:
            row = session.get(IdentityLinkRow, (source.tenant, source.subject))
            if row is None:
                return False
            target = Principal(row.target_tenant, row.target_subject)
            if by is not None and by not in (source, target):
                return False  # someone else's link looks like no link
            session.delete(row)
            session.add(_audit("unlinked", source, target, f"by {(by or source).kind}", now))
        return True

    def audit(self, principal: Principal) -> list[AuditEntry]:
        """Audit entries where `principal` is the source or the target, oldest first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(IdentityAuditRow)
                .where(
                    ((IdentityAuditRow.tenant == principal.tenant) & (IdentityAuditRow.subject == principal.subject))
                    | (
                        (IdentityAuditRow.target_tenant == principal.tenant)
                        & (IdentityAuditRow.target_subject == principal.subject)
                    )
                )
                .order_by(IdentityAuditRow.id)
            ).all()
            return [
                AuditEntry(
                    r.action,
                    Principal(r.tenant, r.subject),
                    Principal(r.target_tenant, r.target_subject) if r.target_tenant and r.target_subject else None,
                    r.detail,
                    _as_utc(r.at),
                )
                for r in rows
            ]


def _transfer(session: Session, source: Principal, target: Principal) -> Moved:
    counts = {}
    for name in _OWNED:
        owned = table(name, column("tenant"), column("subject"))
        result = session.execute(
            update(owned)
            .where(owned.c.tenant == source.tenant, owned.c.subject == source.subject)
            .values(tenant=target.tenant, subject=target.subject)
        )
        counts[name] = int(result.rowcount)  # type: ignore[attr-defined]
    return Moved(reviews=counts["reviews"], conversations=counts["conversations"])


def _audit(action: str, source: Principal, target: Principal | None, detail: str, at: datetime) -> IdentityAuditRow:
    return IdentityAuditRow(
        action=action,
        tenant=source.tenant,
        subject=source.subject,
        target_tenant=target.tenant if target else None,
        target_subject=target.subject if target else None,
        detail=detail,
        at=at,
    )
