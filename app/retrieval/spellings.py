"""The lens's spellings of a question word the lens vocabulary does not have. PURE.

The BM25 tokeniser (app/retrieval/lexical.py) strips suffixes without knowing the word, so one word can end up spelled
differently in a question and in the lens: "approve" stays "approve" where the lens's "approved" / "approval" become
"approv" / "approval"; "monolith" is not "monolithic", "annotators" not "annotation" ("annot"), "catalogue" not
"catalog", "programme" not "program". Such a question word matches nothing and its practice loses the lexical list.

`LensSpellings` gives, for a question token that is *not* a word of the lens, the lens words that share a long
prefix with it: a lens word that is a prefix of the token, or that the token is a prefix of, where the shorter is at
least MIN_CHARS characters and at least MIN_SHARE of the longer. They are added to the ranking terms at
SPELLING_WEIGHT (app/retrieval/idioms.py `ranking_terms`); a token the lens has keeps only itself (its variants are
other words as often as not: "inference" / "inferentia", "service" / "serverless"). Ranking only: the scope gate reads
the question's own tokens. Measured in docs/retrieval.md (2026-12-01, late morning).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from functools import lru_cache

MIN_CHARS = 5  # shorter prefixes join unrelated words ("data" / "database")
MIN_SHARE = 0.7  # the shared prefix is at least this share of the longer spelling
SPELLING_WEIGHT = 0.5  # a lens spelling counts half as much as a word of the question itself


class LensSpellings:
    """The lens vocabulary, sorted for prefix look-ups; `of(token)` is cached per token."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._words = tuple(sorted(set(vocabulary)))
        self._known = frozenset(self._words)
        self.of = lru_cache(maxsize=8192)(self._of)

    def _of(self, token: str) -> tuple[str, ...]:
        """Lens words spelling `token` another way (none for a word of the lens, a number or a short token)."""
        if token in self._known or len(token) < MIN_CHARS or token.isdigit():
            return ()
        found: list[str] = []
        # lens words that are a prefix of the token: token[:n] for n from the shortest allowed length
        for n in range(max(MIN_CHARS, math.ceil(MIN_SHARE * len(token))), len(token)):
            if token[:n] in self._known:
                found.append(token[:n])
        # lens words the token is a prefix of, no longer than len(token) / MIN_SHARE
        longest = math.floor(len(token) / MIN_SHARE)
        start = bisect.bisect_left(self._words, token)
        for word in self._words[start:]:
            if not word.startswith(token):
                break
            if len(word) <= longest:
                found.append(word)
        return tuple(found)
