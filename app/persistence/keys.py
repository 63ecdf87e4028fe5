"""API keys: created once (the secret is shown once, only its SHA-256 is stored), checked against the database on
every request (so a revocation takes effect at once, on every instance), revoked by ID or prefix, and the rules that
fail closed: a server not bound to loopback always requires a key, so does a request that came through a proxy (a
proxy on the same host makes every client look local), and once any key has existed (even if all are revoked now)
every request needs one. Unknown keys are remembered for a while, so guessing does not cost a database
query per attempt."""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select, update

from app.errors import InvalidInput, NotFound, Unauthorized
from app.persistence.db import Database
from app.persistence.models import ApiKey, utcnow

KEY_PREFIX = "mll_"
_KEY_REQUIRED = "an API key is required: send 'Authorization: Bearer <key>' (mllens keys create)"
# What a proxy adds to the requests it passes on (the shipped nginx site sets X-Forwarded-For and X-Forwarded-Proto).
PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip", "x-forwarded-host", "x-forwarded-proto", "via")


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


def came_through_proxy(headers: Mapping[str, str]) -> bool:
    """Whether a request carries any header a proxy adds. Its peer is then the proxy, not the client, so a loopback
    peer proves nothing about who is calling (the header's value is not read: a forged one only asks for a key)."""
    return any(name in headers for name in PROXY_HEADERS)


def keyless_open(host: str, headers: Mapping[str, str]) -> bool:
    """Whether a request without a key may be served as the local user (if no key has ever existed, which
    ApiKeyStore.authenticate checks): the server listens on loopback only and the request did not come through a
    proxy. `headers`: lower-case names (as ASGI gives them) or a case-insensitive mapping."""
    return is_loopback(host) and not came_through_proxy(headers)


class ApiKeyStore:
    def __init__(
        self,
        db: Database,
        *,
        unknown_cache_s: float = 60.0,
        max_unknown: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._unknown_cache_s = unknown_cache_s
        self._max_unknown = max_unknown
        self._clock = clock
        self._lock = threading.Lock()
        self._unknown: OrderedDict[str, float] = OrderedDict()  # key hash -> remembered until (unknown or revoked)
        self._had_keys = False  # once true, stays true: keys are revoked, never deleted

    def create(self, name: str) -> tuple[KeyInfo, str]:
        """A new key; the returned secret is never stored and cannot be shown again."""
        if not name.strip():
            raise ValueError("a key needs a name")
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        row = ApiKey(id=uuid.uuid4().hex, name=name.strip(), prefix=raw[:10], key_hash=hash_key(raw))
        with self._db.session() as session:
            session.add(row)
        self._had_keys = True
        return KeyInfo(row.id, row.name, row.prefix), raw

    def list(self) -> list[KeyInfo]:
        with self._db.session() as session:
            rows = session.scalars(select(ApiKey).where(ApiKey.revoked_at.is_(None)).order_by(ApiKey.created_at))
            return [KeyInfo(r.id, r.name, r.prefix, r.kind) for r in rows]

    def revoke(self, ref: str) -> KeyInfo:
        """Revoke the active key whose ID or shown prefix is `ref`; it stops working on the next request."""
        ref = ref.strip().rstrip("…").rstrip(".")
        if len(ref) < 6:
            raise InvalidInput("give the key's ID or its prefix as `mllens keys list` shows it (at least 6 characters)")
        with self._db.session() as session:
            rows = session.scalars(
                select(ApiKey).where(ApiKey.revoked_at.is_(None), or_(ApiKey.id == ref, ApiKey.prefix == ref))
            ).all()
            if not rows:
                raise NotFound(f"no active key {ref!r}")
            if len(rows) > 1:
                raise InvalidInput(f"{len(rows)} keys match {ref!r}; give the key ID instead")
            row = rows[0]
            session.execute(update(ApiKey).where(ApiKey.id == row.id).values(revoked_at=utcnow()))
            return KeyInfo(row.id, row.name, row.prefix, row.kind)

    def count(self) -> int:
        """Active (unrevoked) keys."""
        with self._db.session() as session:
            return session.scalar(select(func.count()).select_from(ApiKey).where(ApiKey.revoked_at.is_(None))) or 0

    def ever_had_keys(self) -> bool:
        """Whether any key, active or revoked, exists. Asked of the database until the answer is yes (so a key created
        on another instance counts from the next request), then remembered: it cannot become no again."""
        if not self._had_keys:
            with self._db.reading() as connection:
                self._had_keys = bool(connection.scalar(select(exists().where(ApiKey.id.is_not(None)))))
        return self._had_keys

    def refuse_on_sight(self, raw: str | None, *, keyless_open: bool) -> None:
        """What authenticate() refuses without I/O: no key where one is surely required (a server that is not
        `keyless_open`, or one this process knows has had a key), or a widget key sent as a secret one. A keyless
        request that passes still needs authenticate() (has a key been created since, maybe by another process?)."""
        if not raw:
            if not keyless_open or self._had_keys:
                raise Unauthorized(_KEY_REQUIRED)
        elif raw.startswith("pk_"):
            raise Unauthorized("a widget key works only from the web widget on its allowed origins (X-Widget-Key)")

    def authenticate(self, raw: str | None, *, keyless_open: bool) -> str | None:
        """The key's ID; None only when no key was given, `keyless_open` (a loopback-only server) and no key has ever
        existed. Raises Unauthorized otherwise."""
        self.refuse_on_sight(raw, keyless_open=keyless_open)
        if not raw:
            if self.ever_had_keys():
                raise Unauthorized(_KEY_REQUIRED)
            return None
        digest = hash_key(raw)
        now = self._clock()
        with self._lock:
            until = self._unknown.get(digest)
            if until is not None and now < until:
                raise Unauthorized("unknown or revoked API key")
        with self._db.reading() as connection:
            row = connection.execute(
                select(ApiKey.id, ApiKey.revoked_at, ApiKey.kind).where(ApiKey.key_hash == digest)
            ).first()
        if row is None or row.revoked_at is not None or row.kind != "secret":
            with self._lock:
                self._unknown[digest] = now + self._unknown_cache_s
                self._unknown.move_to_end(digest)
                while len(self._unknown) > self._max_unknown:
                    self._unknown.popitem(last=False)
            raise Unauthorized("unknown or revoked API key")
        self._had_keys = True
        return str(row.id)


def check_bind(host: str, key_count: int) -> None:
    """Refuse to serve unauthenticated on a non-loopback address."""
    if key_count == 0 and not is_loopback(host):
        raise Unauthorized(
            f"refusing to listen on {host} without API keys: anyone who can reach it could use the service. "
            "Create a key first with `mllens keys create --name <who-uses-it>`, or bind to 127.0.0.1."
        )
