"""Widget keys: publishable keys (`pk_…`) for the web widget, each bound to the origins allowed to use it and holding
the secret the host portal signs user tokens with. Stored in api_keys (kind "widget"); verified per request with a
short cache, as secret keys are."""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select

from app.errors import Unauthorized
from app.persistence.db import Database
from app.persistence.keys import hash_key
from app.persistence.models import ApiKey

WIDGET_PREFIX = "pk_"
WIDGET = "widget"


@dataclass(frozen=True)
class WidgetKey:
    id: str
    name: str
    prefix: str
    origins: tuple[str, ...]
    user_token_secret: str


def normalise_origin(text: str) -> str:
    """`https://portal.example` (scheme, host, port only; lower case; default ports dropped). Raises ValueError."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"{text!r} is not an origin like https://portal.example")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{text!r} is not an origin: no path, query or credentials (e.g. https://portal.example)")
    default = {"https": 443, "http": 80}[parts.scheme]
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{port}"


class WidgetKeyStore:
    def __init__(
        self,
        db: Database,
        *,
        cache_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._cache_s = cache_s
        self._clock = clock
        self._lock = threading.Lock()
        self._verified: dict[str, tuple[WidgetKey, float]] = {}
        self._origins: tuple[frozenset[str], float] | None = None

    def create(self, name: str, origins: Iterable[str]) -> tuple[WidgetKey, str]:
        """A new widget key for `origins` (at least one); the returned key is shown once, its hash is stored."""
        allowed = tuple(dict.fromkeys(normalise_origin(o) for o in origins))
        if not name.strip():
            raise ValueError("a key needs a name")
        if not allowed:
            raise ValueError("a widget key needs at least one allowed origin (--origin https://portal.example)")
        raw = WIDGET_PREFIX + secrets.token_urlsafe(24)
        row = ApiKey(
            id=uuid.uuid4().hex,
            name=name.strip(),
            prefix=raw[:10],
            key_hash=hash_key(raw),
            kind=WIDGET,
            allowed_origins=json.dumps(list(allowed)),
            user_token_secret=secrets.token_urlsafe(32),
        )
        with self._db.session() as session:
            session.add(row)
        with self._lock:
            self._origins = None
        return _key_of(row), raw

    def get(self, key_id: str) -> WidgetKey:
        with self._db.session() as session:
            row = session.scalar(select(ApiKey).where(ApiKey.id == key_id, ApiKey.kind == WIDGET))
            if row is None:
                raise KeyError(key_id)
            return _key_of(row)

    def authenticate(self, raw: str) -> WidgetKey:
        """The widget key; raises Unauthorized for an unknown or revoked one."""
        digest = hash_key(raw)
        now = self._clock()
        with self._lock:
            hit = self._verified.get(digest)
            if hit and now - hit[1] < self._cache_s:
                return hit[0]
        with self._db.session() as session:
            row = session.scalar(
                select(ApiKey).where(ApiKey.key_hash == digest, ApiKey.kind == WIDGET, ApiKey.revoked_at.is_(None))
            )
            if row is None:
                raise Unauthorized("unknown widget key")
            key = _key_of(row)
        with self._lock:
            self._verified[digest] = (key, now)
        return key

    def origins(self) -> frozenset[str]:
        """Every origin some active widget key allows (for CORS preflights, which carry no key)."""
        now = self._clock()
        with self._lock:
            if self._origins and now - self._origins[1] < self._cache_s:
                return self._origins[0]
        with self._db.session() as session:
            rows = session.scalars(
                select(ApiKey.allowed_origins).where(ApiKey.kind == WIDGET, ApiKey.revoked_at.is_(None))
            )
            allowed = frozenset(origin for row in rows for origin in json.loads(row))
        with self._lock:
            self._origins = (allowed, now)
        return allowed


def _key_of(row: ApiKey) -> WidgetKey:
    return WidgetKey(row.id, row.name, row.prefix, tuple(json.loads(row.allowed_origins)), row.user_token_secret or "")
