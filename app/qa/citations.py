"""Citation integrity and instruction-leak guard for model text, streamed or whole. PURE: no I/O.

Every BP ID in the model's text must be one of the retrieved BPs: other IDs are removed (and reported). Text that
repeats a long run of the system prompt aborts the answer (LLMOutputInvalid), before that run is ever emitted.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from app.errors import LLMOutputInvalid
from app.lens import ids

BP_ID = re.compile(rf"\b{ids.BP_ID}\b", re.I)
_MARKER_OR_ID = re.compile(rf"(?P<lead>\s?)\[(?P<inner>[^\[\]\n]{{1,160}})\]|(?P<bare>\b{ids.BP_ID}\b)", re.I)
_WORD = re.compile(r"\S+")
SHINGLE = 10  # words; a run this long copied from the system prompt counts as a leak
MAX_OPEN_BRACKET = 160


class AnswerFilter:
    """Feed model text chunk by chunk; get back the part that is safe to show. Holds back the last SHINGLE words and
    any open `[`, so an ID split across chunks is checked whole and a leaked run is caught before it is shown."""

    def __init__(self, allowed_ids: Collection[str], secret: str = "", public: str = "") -> None:
        self.allowed = {i.upper() for i in allowed_ids}
        self.cited: list[str] = []
        self.removed: list[str] = []
        self._pending = ""
        self._tail: list[str] = []  # last normalised words already released
        # Runs that also occur in the user-visible prompt part (lens text, the question) are not secret.
        self._secret = _shingles(secret) - _shingles(public)

    def feed(self, chunk: str) -> str:
        self._pending += chunk
        return self._release(final=False)

    def finish(self) -> str:
        return self._release(final=True)

    def _release(self, *, final: bool) -> str:
        self._check_leak(final)
        cut = len(self._pending) if final else self._safe_cut()
        out, self._pending = self._pending[:cut], self._pending[cut:]
        self._tail = (self._tail + _normalised(out))[-SHINGLE:]
        return self._clean(out)

    def _safe_cut(self) -> int:
        words = list(_WORD.finditer(self._pending))
        cut = words[-SHINGLE].start() if len(words) >= SHINGLE else 0
        open_at = self._pending.rfind("[", 0, cut)
        if open_at != -1 and "]" not in self._pending[open_at:cut] and cut - open_at <= MAX_OPEN_BRACKET:
            cut = open_at
        return cut

    def _check_leak(self, final: bool) -> None:
        if not self._secret:
            return
        words = self._tail + _normalised(self._pending if final else self._pending.rsplit(None, 1)[0])
        for start in range(max(0, len(words) - SHINGLE + 1)):
            if tuple(words[start : start + SHINGLE]) in self._secret:
                raise LLMOutputInvalid("the model repeated its instructions")

    def _clean(self, text: str) -> str:
        return _MARKER_OR_ID.sub(self._fix, text)

    def _fix(self, match: re.Match[str]) -> str:
        if match.group("bare"):
            bp_id = match.group("bare").upper()
            return bp_id if self._accept(bp_id) else "(reference removed)"
        ids = [m.upper() for m in BP_ID.findall(match.group("inner"))]
        if not ids:
            return match.group(0)
        kept = [i for i in ids if self._accept(i)]
        return f"{match.group('lead')}[{', '.join(kept)}]" if kept else ""

    def _accept(self, bp_id: str) -> bool:
        if bp_id in self.allowed:
            if bp_id not in self.cited:
                self.cited.append(bp_id)
            return True
        if bp_id not in self.removed:
            self.removed.append(bp_id)
        return False


def filter_text(text: str, allowed_ids: Collection[str]) -> tuple[str, list[str], list[str]]:
    """Whole-text version: (clean text, cited IDs in order, removed IDs)."""
    f = AnswerFilter(allowed_ids)
    clean = f.feed(text) + f.finish()
    return clean, f.cited, f.removed


def repeats_secret(text: str, secret: str, public: str = "") -> bool:
    """True if `text` contains a run of SHINGLE words from `secret` that does not also occur in `public`."""
    runs = _shingles(secret) - _shingles(public)
    return bool(runs & _shingles(text))


def _normalised(text: str) -> list[str]:
    return [w for w in (re.sub(r"[^a-z0-9]", "", t.lower()) for t in text.split()) if w]


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _normalised(text)
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
