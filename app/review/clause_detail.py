"""The detail a claim carries inside its own clause (session 26).

"Checkpoints are kept on scratch disk, which goes away with it", "Notebooks stop when idle, using a lifecycle
script with the idle timeout set to 30 days": the detail that undoes the claim is not a clause of its own, so the
splitter hands the claim and its detail to the learned reader of the sentence together, and the claim's words carry the
reading. `in_clause_detail` cuts the tail off (after ", which / where / whose", a participle after a comma, or
"using" / "with") so the mapper can read it alone, as it reads a clause right after a claim (`detail_reading`). The
clause itself is not cut: the claim keeps all its words to say which practice it is about.
"""

from __future__ import annotations

import re

from app.review.cues import content_terms, has_negation

# A word ending in "-ing" after a comma that is no participle opening a detail.
_NOT_A_PARTICIPLE = frozenset(
    {
        "during",
        "including",
        "according",
        "nothing",
        "something",
        "anything",
        "everything",
        "morning",
        "evening",
        "string",
        "spring",
        "thing",
        "things",
        "pending",
        "being",
        "king",
        "ring",
        "ceiling",
        "ping",
        "sibling",
    }
)
_TAIL = re.compile(
    r",\s*(?P<relative>(?:which|where|whose)\b.*)$"  # "…, which goes away with the instance"
    r"|,\s*(?P<participle>(?P<verb>[a-z]+ing)\b.*)$"  # "…, writing to the instance's local disk"
    r"|\s(?P<means>(?:using|with)\s.*)$",  # "… using a lifecycle script with the idle timeout set to 30 days"
    re.IGNORECASE,
)
CLAIM_TERMS = 2  # the clause before the tail must say something of its own (a claim), the tail something of it
DETAIL_TERMS = 2
# "… with a private workforce", "… using KMS keys": a bare noun phrase after "using" / "with" names the means the claim
# uses, part of the claim itself; a detail after them says more of it ("… with the idle timeout set to 30 days")
MEANS_TERMS = 3


def in_clause_detail(clause: str) -> str | None:
    """The first detail the clause adds to what it claims, with no negation word in it, or None. With several marks
    the earliest wins ("…, with a policy whose minimum and maximum are both 4" keeps the whole "with …")."""
    for m in sorted(_iter_tails(clause), key=lambda m: m.start()):
        tail = next(g for g in (m.group("relative"), m.group("participle"), m.group("means")) if g)
        claim = clause[: m.start()]
        if m.group("verb") and m.group("verb").lower() in _NOT_A_PARTICIPLE:
            continue
        means = m.group("means")
        said = content_terms(means.split(None, 1)[1]) if means else content_terms(tail)  # the means less its verb
        if len(content_terms(claim)) < CLAIM_TERMS or len(said) < (MEANS_TERMS if means else DETAIL_TERMS):
            continue
        return None if has_negation(tail) else tail.strip(" ,.;:!?\"'()")
    return None


def _iter_tails(clause: str) -> list[re.Match[str]]:
    """Every place a tail may start (the pattern is anchored at the end, so each start is tried)."""
    found = []
    for start in range(len(clause)):
        if clause[start] in ", " and (m := _TAIL.match(clause, start)) is not None:
            found.append(m)
    return found
