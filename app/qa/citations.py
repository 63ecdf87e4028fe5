"""Citation integrity, safe links and the instruction-leak guard for model text, streamed or whole. PURE: no I/O.

Every BP ID in the model's text must be one of the retrieved BPs: other IDs are removed (and reported). Links keep
only allowed schemes (http, https); images and raw HTML tags never pass (an image would be fetched from wherever the
model pointed it, by every reader). Text that repeats a long run of the system prompt aborts the answer
(LLMOutputInvalid) before that run is emitted; the comparison is made on normalised text (Unicode compatibility
forms, case, invisible characters, punctuation), tolerates filler words inserted in the run, letters spelled out one
by one, and base64-encoded copies.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Collection

from app.errors import LLMOutputInvalid
from app.lens import ids

BP_ID = re.compile(rf"\b{ids.BP_ID}\b", re.I)
_MARKER_OR_ID = re.compile(rf"(?P<lead>\s?)\[(?P<inner>[^\[\]\n]{{1,160}})\]|(?P<bare>\b{ids.BP_ID}\b)", re.I)
_WORD = re.compile(r"\S+")
SHINGLE = 10  # words; a run this long copied from the system prompt counts as a leak
GAP = 2 * SHINGLE  # ... even with filler words between them, inside this many words
LETTERS = 60  # letters in a row copied from the system prompt (any spacing or punctuation between them)
HOLD_WORDS = GAP  # words held back while streaming, so a leaked run is caught before any of it is shown
MAX_OPEN_BRACKET = 160
ALLOWED_SCHEMES = frozenset({"http", "https"})
_URL = r"[^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*"  # a link target, allowing one level of balanced parentheses
_IMAGE = re.compile(r"!\[(?P<alt>[^\[\]\n]*)\]\(\s*<?" + _URL + r">?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_LINK = re.compile(r"\[(?P<text>[^\[\]\n]*)\]\(\s*<?(?P<url>" + _URL + r")>?(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?P<url>\S*?)>?(?:[ \t].*)?$", re.M)
_TAG = re.compile(r"<(?P<inner>/?[A-Za-z!?][^<>\n]*)>")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")


class AnswerFilter:
    """Feed model text chunk by chunk; get back the part that is safe to show. Holds back the last SHINGLE words and
    any open `[`, so an ID split across chunks is checked whole and a leaked run is caught before it is shown."""

    def __init__(self, allowed_ids: Collection[str], secret: str = "", public: str = "") -> None:
        self.allowed = {i.upper() for i in allowed_ids}
        self.cited: list[str] = []
        self.removed: list[str] = []
        self._pending = ""
        self._released_tail = ""  # the end of the text already released, checked again with what follows
        # Runs that also occur in the user-visible prompt part (lens text, the question) are not secret.
        self._secret = SecretRuns(secret, public)

    def feed(self, chunk: str) -> str:
        self._pending += chunk
        return self._release(final=False)

    def finish(self) -> str:
        return self._release(final=True)

    def _release(self, *, final: bool) -> str:
        self._check_leak(final)
        cut = len(self._pending) if final else self._safe_cut()
        out, self._pending = self._pending[:cut], self._pending[cut:]
        self._released_tail = (self._released_tail + out)[-_TAIL_CHARS:]
        return self._clean(out)

    def _safe_cut(self) -> int:
        # Hold back the last HOLD_WORDS words, and at least LETTERS letters (letters spelled out one by one).
        cut, held_words, held_letters = len(self._pending), 0, 0
        for word in reversed(list(_WORD.finditer(self._pending))):
            if held_words >= HOLD_WORDS and held_letters >= LETTERS:
                break
            cut, held_words = word.start(), held_words + 1
            held_letters += sum(ch.isalnum() for ch in word.group())
        else:
            cut = 0
        # Never split a link, image, tag or reference definition: its pieces would be checked apart.
        for opener, closer in (("[", "]"), ("<", ">")):
            open_at = self._pending.rfind(opener, 0, cut)
            if open_at != -1 and closer not in self._pending[open_at:cut] and cut - open_at <= MAX_OPEN_BRACKET:
                cut = open_at
        if cut > 0 and self._pending[cut - 1] == "!":
            cut -= 1
        line_start = self._pending.rfind("\n", 0, cut) + 1
        if self._pending[line_start:cut].lstrip(" ").startswith("[") and cut - line_start <= 2 * MAX_OPEN_BRACKET:
            cut = line_start
        return cut

    def _check_leak(self, final: bool) -> None:
        if not self._secret:
            return
        pending = self._pending if final else self._pending.rsplit(None, 1)[0] if self._pending.strip() else ""
        if self._secret.found(self._released_tail + pending):
            raise LLMOutputInvalid("the model repeated its instructions")

    def _clean(self, text: str) -> str:
        return safe_markup(_MARKER_OR_ID.sub(self._fix, text))

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
    """True if `text` repeats a run of `secret` that does not also occur in `public` (see SecretRuns)."""
    return SecretRuns(secret, public).found(text)


def safe_markup(text: str) -> str:
    """Model text as Markdown that can only link to http(s) and shows no image or HTML: a link with another scheme
    (javascript:, data:, a relative path, an obfuscated one) keeps its words only; an image keeps its alt text; a
    reference definition with another scheme is dropped; a tag is shown as text."""
    text = _IMAGE.sub(lambda m: m.group("alt"), text)
    text = _LINK.sub(lambda m: m.group(0) if _allowed(m.group("url")) else m.group("text"), text)
    text = _REFERENCE.sub(lambda m: m.group(0) if _allowed(m.group("url")) else "", text)
    return _TAG.sub(
        lambda m: m.group(0) if _allowed_autolink(m.group("inner")) else f"&lt;{m.group('inner')}&gt;", text
    )


def _allowed(url: str) -> bool:
    scheme = _SCHEME.match(url.strip().lower())
    return (
        scheme is not None
        and scheme.group(1) in ALLOWED_SCHEMES
        and url.strip().lower()[len(scheme.group(0)) :][:2] == "//"
    )


def _allowed_autolink(inner: str) -> bool:
    return " " not in inner and _allowed(inner)


class SecretRuns:
    """Runs of the secret text (minus those also in the public text), matched in normalised form: SHINGLE words in
    order with up to GAP - SHINGLE filler words among them, or LETTERS letters in a row whatever separates them, in
    the text itself or in any base64 token it contains once decoded."""

    def __init__(self, secret: str, public: str = "") -> None:
        words = _normalised(secret)
        public_words = _shingles(public)
        self._runs = [
            tuple(words[i : i + SHINGLE])
            for i in range(len(words) - SHINGLE + 1)
            if tuple(words[i : i + SHINGLE]) not in public_words
        ]
        self._starts: dict[str, list[int]] = {}
        for n, run in enumerate(self._runs):
            self._starts.setdefault(run[0], []).append(n)
        public_letters = _letter_runs(public)
        self._letters = _letter_runs(secret) - public_letters

    def __bool__(self) -> bool:
        return bool(self._runs or self._letters)

    def found(self, text: str) -> bool:
        return any(self._found_in(variant) for variant in (text, *_decoded_base64(text)))

    def _found_in(self, text: str) -> bool:
        words = _normalised(text)
        for i, word in enumerate(words):
            for n in self._starts.get(word, ()):
                if _in_order(self._runs[n], words, i):
                    return True
        letters = _letters(text)
        return any(letters[i : i + LETTERS] in self._letters for i in range(len(letters) - LETTERS + 1))


_TAIL_CHARS = 8 * LETTERS + 40 * GAP  # enough released text to see a run that straddles a release


def _in_order(run: tuple[str, ...], words: list[str], start: int) -> bool:
    """`run` appears in `words` from `start` in order, within GAP words."""
    matched = 0
    for word in words[start : start + GAP]:
        if word == run[matched]:
            matched += 1
            if matched == len(run):
                return True
    return False


def _fold(text: str) -> str:
    """Compatibility forms (full-width, ligatures, math letters), case, and invisible format characters removed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")


def _normalised(text: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w]|_", "", t) for t in _fold(text).split()) if w]


def _letters(text: str) -> str:
    return re.sub(r"[^\w]|_", "", _fold(text))


def _letter_runs(text: str) -> set[str]:
    letters = _letters(text)
    return {letters[i : i + LETTERS] for i in range(len(letters) - LETTERS + 1)}


def _decoded_base64(text: str) -> list[str]:
    decoded = []
    for token in _BASE64.findall(text):
        body = token.rstrip("=")
        for alphabet in (None, b"-_"):
            try:
                raw = base64.b64decode(body + "=" * (-len(body) % 4), altchars=alphabet)
            except (binascii.Error, ValueError):
                continue
            candidate = raw.decode("utf-8", errors="ignore")
            if candidate and sum(ch.isprintable() or ch.isspace() for ch in candidate) >= 0.9 * len(candidate):
                decoded.append(candidate)
                break
    return decoded


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _normalised(text)
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
