"""API keys: created once (the secret is shown once, only its SHA-256 is stored), verified per request with a short
cache, and the rule that a server without keys may only listen on loopback."""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from app.errors import Unauthorized
from app.persistence.db import Database
from app.persistence.models import ApiKey

KEY_PREFIX = "mll_"


@dataclass(frozen=True)
class KeyInfo:
    id: str
    name: str
    prefix: str
    kind: str = "secret"  # or "widget" (app.persistence.widget_keys)


def hash_key(raw: str) -> str:
    # Keys are 256-bit random secrets, so a fast hash is enough (no password-style KDF needed).
    return hashlib.sha256(raw.encode()).hexdigest()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ApiKeyStore:
    def __init__(self, db: Database, *, cache_s: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._db = db
        self._cache_s = cache_s
        self._clock = clock
        self._lock = threading.Lock()
        self._verified: dict[str, tuple[str, float]] = {}  # key hash -> (key id, checked at)
        self._count: tuple[int, float] | None = None

    def create(self, name: str) -> tuple[KeyInfo, str]:
        """A new key; the returned secret is never stored and cannot be shown again."""
        if not name.strip():
            raise ValueError("a key needs a name")
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        row = ApiKey(id=uuid.uuid4().hex, name=name.strip(), prefix=raw[:10], key_hash=hash_key(raw))
        with self._db.session() as session:
            session.add(row)
        with self._lock:
            self._count = None
        return KeyInfo(row.id, row.name, row.prefix), raw

    def list(self) -> list[KeyInfo]:
        with self._db.session() as session:
            rows = session.scalars(select(ApiKey).where(ApiKey.revoked_at.is_(None)).order_by(ApiKey.created_at))
            return [KeyInfo(r.id, r.name, r.prefix, r.kind) for r in rows]

    def forget_count(self) -> None:
        """Count again on the next request (a key was created elsewhere in this process, e.g. a widget key)."""
        with self._lock:
            self._count = None

    def count(self) -> int:
        now = self._clock()
        with self._lock:
            if self._count and now - self._count[1] < self._cache_s:
                return self._count[0]
        with self._db.session() as session:
            count = session.scalar(select(func.count()).select_from(ApiKey).where(ApiKey.revoked_at.is_(None))) or 0
        with self._lock:
            self._count = (count, now)
        return count

    def authenticate(self, raw: str | None) -> str | None:
        """The key's ID; None when no keys exist and none was given. Raises Unauthorized otherwise."""
        if not raw:
            if self.count() == 0:
                return None
            raise Unauthorized("an API key is required: send 'Authorization: Bearer <key>' (mllens keys create)")
        if raw.startswith("pk_"):
            raise Unauthorized("a widget key works only from the web widget on its allowed origins (X-Widget-Key)")
        digest = hash_key(raw)
        now = self._clock()
        with self._lock:
            hit = self._verified.get(digest)
            if hit and now - hit[1] < self._cache_s:
                return hit[0]
        with self._db.session() as session:
            key_id = session.scalar(
                select(ApiKey.id).where(ApiKey.key_hash == digest, ApiKey.kind == "secret", ApiKey.revoked_at.is_(None))
            )
        if key_id is None:
            raise Unauthorized("unknown API key")
        with self._lock:
            self._verified[digest] = (key_id, now)
        return key_id


def check_bind(host: str, key_count: int) -> None:
    """Refuse to serve unauthenticated on a non-loopback address."""
    if key_count == 0 and not is_loopback(host):
        raise Unauthorized(
            f"refusing to listen on {host} without API keys: anyone who can reach it could use the service. "
            "Create a key first with `mllens keys create --name <who-uses-it>`, or bind to 127.0.0.1."
        )
