"""Signed user tokens for the web widget: the host portal's backend vouches for who its user is. PURE: no I/O.

Format `v1.<payload>.<signature>`: payload is base64url JSON {"sub": user ID, "exp": unix seconds}; the signature is
base64url HMAC-SHA256 over `v1.<payload>` with the widget key's user-token secret (which never reaches the browser).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re

from app.errors import Unauthorized

VERSION = "v1"
MAX_USER_CHARS = 150  # leaves room for the "user:" prefix within a principal's subject
_USER = re.compile(r"^[^\x00-\x1f]{1,150}$")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: str, signed: str) -> str:
    return _b64(hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest())


def sign_user_token(secret: str, user_id: str, expires_at: int) -> str:
    """A token for `user_id`, valid until `expires_at` (unix seconds)."""
    if not _USER.match(user_id):
        raise ValueError(f"a user ID is 1 to {MAX_USER_CHARS} printable characters")
    payload = _b64(json.dumps({"sub": user_id, "exp": int(expires_at)}, separators=(",", ":")).encode())
    signed = f"{VERSION}.{payload}"
    return f"{signed}.{_signature(secret, signed)}"


def verify_user_token(secret: str, token: str, now: float) -> str:
    """The user ID in a valid, unexpired token; raises Unauthorized (saying why) otherwise."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != VERSION:
        raise Unauthorized("the widget's user token is malformed (expected v1.<payload>.<signature>)")
    if not hmac.compare_digest(_signature(secret, f"{parts[0]}.{parts[1]}"), parts[2]):
        raise Unauthorized("the widget's user token has a bad signature (signed with another key's secret?)")
    try:
        claims = json.loads(_unb64(parts[1]))
        user, expires = claims["sub"], claims["exp"]
    except (ValueError, KeyError, TypeError):
        raise Unauthorized("the widget's user token payload is not {sub, exp}") from None
    if not isinstance(user, str) or not _USER.match(user) or not isinstance(expires, int):
        raise Unauthorized("the widget's user token payload is not {sub, exp}")
    if expires < now:
        raise Unauthorized("the widget's user token has expired; the portal must issue a new one")
    return user
