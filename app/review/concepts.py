"""Lexical evidence of which practice a clause is about. PURE: no I/O, stdlib only.

Each practice of a question has a vocabulary: the words of its title, desired outcome, anti-patterns and
implementation-step titles in the lens, and of the project's label, signals and gaps for it. A word used by only one
practice of the question points at that practice ("canary" → safe rollouts, "lineage" → tracing datasets); a word
used by all of them ("model", "data") points at none. A clause's evidence for a practice is the share of its
lens words that point at that practice, each word split evenly between the practices that use it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD = re.compile(r"[a-z][a-z0-9]+")
_STOP = frozenset(
    "a an the any all our their its it is are was were be been being do does did done have has had we they i you he "
    "she of to in on at for with by from yet really ever even one anyone anything there this that these those can "
    "could would should will just up out and or but not no nor never nobody none nothing without so as than then "
    "when where which who whom what how why each every some most more less only also too very into over under about "
    "after before again once here other such own same both few many much us them me my your his her him yes yeah "
    "nope per via etc use used uses using get gets got make makes made way ways thing things lot lots well still "
    "already while because since though although however whether if else like set sets new old against across "
    "between within based choose chose chosen choosing know known knows look looks looked looking going doing want "
    "off on in need needs needed put take takes took give gives given keep kept see seen tell find found let come "
    "comes".split()
)
_CONTRACTION = re.compile(r"\b\w+n't\b|'(?:s|re|ve|ll|d|m)\b", re.IGNORECASE)


def normalise(word: str) -> str:
    """A crude common form: British and American spellings, doubled letters (typos, "labelling") and plural or
    tense endings meet ("versionned" ~ "versioned" ~ "version")."""
    word = word.lower().replace("isation", "ization").replace("ise", "ize")
    word = re.sub(r"(.)\1+", r"\1", word)
    for _ in range(2):  # "versions" → "version" → "vers", like "versioned" and "version"
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
    return word


_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ers", "er", "ed", "es", "s", "e", "aly", "ly")


# Words users say for a lens concept that the lens words differently, one form per concept, applied to the user's
# words and the practices' words alike: "we can't roll back a model" is about restoring a known-good version, "the
# notebooks are shut down at night" about stopping resources, "annotators" about labelling.
_SYNONYMS = tuple(
    (re.compile(pattern, re.IGNORECASE), form)
    for pattern, form in (
        (
            r"\broll(?:s|ed|ing)?[- ]?backs?\b|\brollbacks?\b|\brevert\w*|\brestor\w*|\bgo(?:es|ing)? back to\b",
            "rollback",
        ),
        (r"\bshut(?:s|ting)? (?:\w+ )?down\b|\bshut-?downs?\b|\b(?:switch|turn)(?:s|ed|ing)? (?:\w+ )?off\b", "stop"),
        (r"\bauto[- ]?stop\w*", "stop"),
        (r"\bannotat\w*", "label"),
        (r"\bre-?train\w*", "retrain"),
        # "we watch the bill", "someone keeps an eye on the error rate": the lens says "monitor"
        (r"\bwatch(?:es|ed|ing)?\b(?! out\b)|\b(?:keeps?|kept|keeping) an eye on\b", "monitor"),
        (r"\bauto[- ]?scal\w*|\bautomatic(?:ally)? scal\w*|\bscal\w* automatically\b", "autoscale"),
    )
)


# Generative-AI words for what the lens, written before them, calls adversarial or malicious inputs: "nothing stops
# prompt injection", "we test it with jailbreaks". The lens's own words take their place in the text that is compared
# with the practices' sentences (the embedding), so a clause about them is read as being about that practice.
_IN_LENS_WORDS = tuple(
    (re.compile(pattern, re.IGNORECASE), words)
    for pattern, words in (
        (r"\b(?:indirect |direct )?prompt[- ]injections?\b|\binjection (?:attacks?|attempts?)\b", "adversarial inputs"),
        (r"\bjail-?break(?:s|ing|ed)?(?: attempts?| prompts?)?\b", "adversarial inputs"),
        (r"\b(?:malicious|hostile|crafted) prompts?\b|\bprompt attacks?\b", "malicious inputs"),
        # session 32: people reading what the model produces ("nobody looks at its answers", "two agents read what it
        # writes every week") is what the lens calls human review of predictions
        (
            r"\b(?:look(?:s|ed|ing)? at|reads?|reading|review(?:s|ed|ing)?|eyeball(?:s|ed|ing)?)\s+"
            r"(?:what (?:it|the model|the bot) (?:writes|wrote|answers|answered|says|said|returns|produces|suggests)"
            r"|(?:its|the model's|the bot's) (?:answers|outputs|responses|replies|suggestions|predictions|translations"
            r"|summaries))\b",
            "human review of the model's predictions",
        ),
    )
)


def in_lens_words(text: str) -> str:
    """The text with generative-AI words for attacks in the lens's words ("prompt injection" → "adversarial
    inputs"); unchanged when it has none."""
    for pattern, words in _IN_LENS_WORDS:
        text = pattern.sub(words, text)
    return text


def _canonical(text: str) -> str:
    for pattern, form in _SYNONYMS:
        text = pattern.sub(f" {form} ", text)
    return text


def terms(text: str) -> frozenset[str]:
    """Normalised content words of a text ("Multi-model endpoints" → multi, model, endpoint)."""
    text = _CONTRACTION.sub(" ", _canonical(text.lower().replace("\u2019", "'")))
    words = (normalise(w) for w in _WORD.findall(text) if w not in _STOP)
    return frozenset(w for w in words if w not in _STOP)


@dataclass(frozen=True)
class ConceptIndex:
    """Per practice of one question: term → how specifically it points at that practice (1 / practices using it)."""

    bp_ids: tuple[str, ...]
    weights: tuple[dict[str, float], ...]

    @classmethod
    def build(cls, bp_ids: Sequence[str], texts: Sequence[Iterable[str]]) -> ConceptIndex:
        vocab = [frozenset().union(*(terms(t) for t in practice_texts)) for practice_texts in texts]
        users: dict[str, int] = {}
        for words in vocab:
            for word in words:
                users[word] = users.get(word, 0) + 1
        return cls(tuple(bp_ids), tuple({w: 1.0 / users[w] for w in words} for words in vocab))

    def evidence(self, text: str) -> list[float]:
        """Per practice 0..1: the share of the text's lens words that point at it (0 for all if it has none)."""
        known = self._known(text)
        if not known:
            return [0.0] * len(self.bp_ids)
        # fsum: the words come from a set, whose order changes with the process's hash seed; a plain sum could then
        # land either side of a threshold (1/3 + 1/6 against 0.5) from one process to the next.
        return [math.fsum(weights.get(w, 0.0) for w in known) / len(known) for weights in self.weights]

    def named(self, text: str) -> list[float]:
        """Per practice 0..1: the share of the text's lens words that no other practice of the question uses."""
        known = self._known(text)
        if not known:
            return [0.0] * len(self.bp_ids)
        return [sum(1 for w in known if weights.get(w) == 1.0) / len(known) for weights in self.weights]

    def speaks_of(self, text: str, bp: int) -> bool:
        """Does the text use a word of the practice's own that not every practice of the question uses (for the only
        practice of a question, any word of its own)?"""
        weights = self.weights[bp]
        floor = 1.0 / len(self.bp_ids) if len(self.bp_ids) > 1 else 0.0
        return any(weights.get(w, 0.0) > floor for w in terms(text))

    def _known(self, text: str) -> list[str]:
        """The text's words that some practice of the question uses; none when there is only one practice."""
        if len(self.bp_ids) < 2:
            return []
        return [w for w in terms(text) if any(w in weights for weights in self.weights)]
