"""Text no surface accepts: an unpaired UTF-16 surrogate (JSON can spell "\\ud800"; Python keeps it in a str that then
fails in the tokenizer, the database or the JSON encoder) and NUL (JSON's "\\u0000", which SQLite stores and
PostgreSQL refuses). Every edge checks its text with `text_fault` and answers with a typed error naming the field.
PURE."""

from __future__ import annotations


def text_fault(text: str) -> str | None:
    """What makes `text` unfit to process and store, in words that follow "contains", or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "an unpaired surrogate (not valid Unicode)"
    return "a NUL character (U+0000)" if "\x00" in text else None
