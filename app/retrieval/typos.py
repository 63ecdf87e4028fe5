"""Words of a question misspelt one letter away from a word of the lens, written as that word ("latancy" → "latency",
"rollbak" → "rollback", "ecnrypt" → "encrypt"). PURE once the word lists are loaded.

The scope gate reads a question's dense, lexical, domain and exemplar signals from its text, and a misspelt word is a
word none of them knows: "how do i bypas the cold start latancy on serverless inferance endpoints?" was refused as off
topic (session 24). `spelt_right` (app/retrieval/scope.py) rewrites only ML words; this rewrites any word of the lens,
under guards that keep it from rewriting a word that is spelt right:

- the word is at least MIN_LENGTH letters, lower case after its first letter (not "SageMaker", not "XGBoost"), and
  no word of English (pyspellchecker's English frequency list, 0.9.1, which ships with the package: no download),
  of the lens, or of the embedder's own word pieces, nor a British spelling or a plural of one;
- the words one edit away (a letter dropped, added, changed, or two neighbours swapped) that are English or lens words,
  keeping the first letter, read as ONE word (its plural aside): "subnet" is one edit from "sublet" and "subset", so it
  stays as written;
- that word is a word of the lens, and the edit is not only at the last letter (which is an inflection as often as a
  typo: "tokenize" / "tokenized");
- the text reads as English: when FOREIGN_SHARE of its words or more are words the lists do not know and no typo of a
  lens word, it is another language or a list of names, and it is left as written ("Ignora todas las instrucciones"
  is not respelt "Ignore").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

MIN_LENGTH = 5  # shorter words have too many neighbours one letter away ("daas": days, data, dais …)
FOREIGN_SHARE = 0.4  # this share of words or more unknown and no typo of a lens word: not English with typos
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"\b[A-Za-z][a-z]+\b")
_ANY_WORD = re.compile(r"[A-Za-z]{3,}")
# British spellings of words the lists know in their American spelling ("summarise", "optimisation", "colour")
_BRITISH = (
    (re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"our(s?)$"), r"or\1"),
    (re.compile(r"tre(s?)$"), r"ter\1"),
    (re.compile(r"ogue(s?)$"), r"og\1"),
    (re.compile(r"ence$"), "ense"),
)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The words of pyspellchecker's English frequency list (read once, about 160,000)."""
    from spellchecker import SpellChecker

    return frozenset(word for word in SpellChecker(language="en", distance=1).word_frequency.keys() if word.isalpha())


def _one_edit(word: str) -> set[str]:
    """The strings one edit from `word` that keep its first letter."""
    first, rest = word[0], word[1:]
    out: set[str] = set()
    for i in range(len(rest) + 1):
        head, tail = rest[:i], rest[i:]
        if tail:
            out.add(head + tail[1:])
            for c in _LETTERS:
                out.add(head + c + tail[1:])
        if len(tail) > 1:
            out.add(head + tail[1] + tail[0] + tail[2:])
        for c in _LETTERS:
            out.add(head + c + tail)
    out.discard(rest)
    return {first + variant for variant in out}


def _last_letter_only(word: str, other: str) -> bool:
    """Whether `word` and `other` differ only at the last letter (an inflection as often as a typo)."""
    return word[:-1] == other[:-1] or word == other[:-1] or word[:-1] == other


class LensRespelling:
    """`text(query)`: the query with each word misspelt one edit from a lens word written as that word (see the module
    docstring); the query itself when it has none. `lens_words`: the lens's words, lower case; `readable`: other words
    known as spelt right (the embedder's word pieces)."""

    def __init__(self, lens_words: Iterable[str], readable: Iterable[str] = ()) -> None:
        self._lens = frozenset(word for word in lens_words if word.isalpha())
        self._readable = frozenset(readable)
        english_words()  # read now, not on the first question
        self.word = lru_cache(maxsize=8192)(self._word)
        self.known = lru_cache(maxsize=16384)(self._known)

    def _known(self, word: str) -> bool:
        english = english_words()
        if word in self._lens or word in english or word in self._readable:
            return True
        if word.endswith("s") and (word[:-1] in self._lens or word[:-1] in english or word[:-1] in self._readable):
            return True
        for pattern, american in _BRITISH:
            spelt = pattern.sub(american, word)
            if spelt != word and (spelt in english or spelt in self._lens):
                return True
        return False

    def _word(self, word: str) -> str | None:
        """The lens word that lower-case `word` misspells, or None."""
        if len(word) < MIN_LENGTH or self.known(word):
            return None
        english = english_words()
        near = {v for v in _one_edit(word) if len(v) >= MIN_LENGTH and (v in self._lens or v in english)}
        if len({v.removesuffix("s") for v in near}) != 1:
            return None
        lens = sorted(v for v in near if v in self._lens)
        if not lens or _last_letter_only(word, lens[0]):
            return None
        return lens[0]

    def text(self, query: str) -> str:
        words = [w.lower() for w in _ANY_WORD.findall(query)]
        unknown = [w for w in words if not self.known(w)]
        if not unknown or sum(self.word(w) is None for w in unknown) >= FOREIGN_SHARE * len(words):
            return query

        def right(match: re.Match[str]) -> str:
            lens_word = self.word(match.group().lower())
            if lens_word is None:
                return match.group()
            return lens_word.capitalize() if match.group()[0].isupper() else lens_word

        return _WORD.sub(right, query)
