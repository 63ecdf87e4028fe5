"""Text no surface accepts: an unpaired UTF-16 surrogate (JSON can spell "\\ud800"; Python keeps it in a str that then
fails in the tokenizer, the database or the JSON encoder) and NUL (JSON's "\\u0000", which SQLite stores and
PostgreSQL refuses). MCP and the review service check their text with `check_text`, the HTTP bodies with
`faulty_text` (the same words: "<field> contains <fault>"), each answering with its typed error naming the field; the
embedder checks every text it is given with `encoding_fault` (the tokenizer takes NUL, not a surrogate). `visible` trims
whitespace and invisible format characters, so a question, answer or name of only those counts as empty. PURE."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from app.errors import InvalidInput


def encoding_fault(text: str) -> str | None:
    """What makes `text` impossible to encode (an unpaired surrogate), in words that follow "contains", or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "an unpaired surrogate (not valid Unicode)"
    return None


def visible(text: str) -> str:
    """`text` without the whitespace and invisible format characters (zero-width space, BOM, word joiner: Unicode
    category Cf) at either end, which `str.strip` keeps: a question of only those is empty, not a question."""
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf"


def text_fault(text: str) -> str | None:
    """What makes `text` unfit to process and store, in words that follow "contains", or None."""
    return encoding_fault(text) or ("a NUL character (U+0000)" if "\x00" in text else None)


def text_fault_at(value: object, path: tuple[str, ...] = ()) -> tuple[tuple[str, ...], str] | None:
    """The path to the first string (or dict key, named `<key>`) in `value`, through its dicts, lists and tuples, with
    a `text_fault`, and the fault; or None."""
    if isinstance(value, str):
        fault = text_fault(value)
        return None if fault is None else (path, fault)
    if isinstance(value, dict):
        items: list[tuple[object, object]] = list(value.items())
    elif isinstance(value, list | tuple):
        items = list(enumerate(value))
    else:
        return None
    for key, item in items:
        key_fault = text_fault(key) if isinstance(key, str) else None
        if key_fault is not None:
            return (*path, "<key>"), key_fault
        found = text_fault_at(item, (*path, str(key)))
        if found is not None:
            return found
    return None


def faulty_text(value: object) -> str | None:
    """ "<field> contains <fault>" for the first text in `value` (a mapping of fields, through their dicts and lists,
    named by the dotted path: "profile.name", "picks.<key>") that no surface accepts; or None."""
    found = text_fault_at(value)
    if found is None:
        return None
    where, fault = found
    return f"{'.'.join(where) or 'text'} contains {fault}"


def check_text(fields: Mapping[str, object], *, error: type[InvalidInput] = InvalidInput) -> None:
    """Raise `error` (a typed 4xx: `invalid_input`, or a service's own kind of it, such as the review service's
    `invalid_review_input`) with `faulty_text`'s words, naming the first field whose text no surface accepts."""
    problem = faulty_text(dict(fields))
    if problem is not None:
        raise error(problem)
