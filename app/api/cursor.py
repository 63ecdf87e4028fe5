"""Opaque page cursors for list endpoints: a review's list position, base64url-encoded JSON.

Clients must treat a cursor as an opaque string and send back exactly what `next_cursor` gave them; anything else
is a 422 (`invalid_input`), never a 5xx.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from app.errors import InvalidInput
from app.reviewing.store import ReviewPosition

BAD_CURSOR = "cursor is not one this server issued: send back `next_cursor` exactly, or omit it for the first page"


def encode_position(position: ReviewPosition) -> str:
    raw = json.dumps({"t": position.created_at.isoformat(), "id": position.id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_position(cursor: str) -> ReviewPosition:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        created_at = datetime.fromisoformat(data["t"])
        review_id = data["id"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise InvalidInput(BAD_CURSOR) from None
    if not isinstance(review_id, str) or not review_id or created_at.tzinfo is None:
        raise InvalidInput(BAD_CURSOR)
    return ReviewPosition(created_at, review_id)
