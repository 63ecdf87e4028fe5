"""Text no surface accepts: an unpaired UTF-16 surrogate (JSON can spell "\\ud800"; Python keeps it in a str that then
fails in the tokenizer, the database or the JSON encoder) and NUL (JSON's "\\u0000", which SQLite stores and
PostgreSQL refuses). Every edge checks its text with `text_fault` and answers with a typed error naming the field;
the embedder checks every text it is given with `encoding_fault` (the tokenizer takes NUL, not a surrogate).
PURE."""

from __future__ import annotations


def encoding_fault(text: str) -> str | None:
    """What makes `text` impossible to encode (an unpaired surrogate), in words that follow "contains", or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "an unpaired surrogate (not valid Unicode)"
    return None


def text_fault(text: str) -> str | None:
    """What makes `text` unfit to process and store, in words that follow "contains", or None."""
    return encoding_fault(text) or ("a NUL character (U+0000)" if "\x00" in text else None)
