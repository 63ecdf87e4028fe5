"""The practice a plain "done" beside a stated fact is about, among the practices the fact leaves standing.

"The vendor trains and hosts the model. A golden set of 150 claims gets re-scored whenever they bump the version": the
second sentence is about no practice by the mapper's usual bar (its closest reading, validating with relevant data,
lies at a cosine of 0.36, under `min_similarity`), so the done practice beside the fact was asked about. Once a fact
is stated, the practices it makes moot are settled by the fact; what the rest of the answer can be about is the
practices left standing, and a sentence of its own that is plainly about one of them, clearly more than about any
other, is read as about it. The reading is only a candidate: the mapper still asks that the clause plainly says
something done (no negation word, no bad-state cue, read as done by the reader of the sentence), that nothing after it
takes it back, and that it passes every firm test but the gap test (`EmbeddingMapper._firm`), as for a plain "done"
next to a fact (`applicability._done_beside_the_fact`).

Measured on the not-applicable rows of dev and of the unseen sets (docs/review-mapping.md, "Session 29 (na29)").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from app.review.facts import Fact, moot_table

# A clause beside a fact is about the standing practice it reads closest to at this cosine or above (the mapper's own
# `min_similarity` is 0.40 for MiniLM; below 0.30 everyday sentences read as close to one practice as to the others).
STANDING_SIMILARITY = 0.30
# … and only when it is this much closer to that practice than to any other practice left standing (the mapper's
# `doubt_margin`: within it a clause may be about either).
STANDING_LEAD = 0.06
# The reader of the sentence must read it as done at least this much (the plain-"done" bar beside a fact is 0.5; a
# sentence placed on a practice by this weaker reading is held to more).
STANDING_READING = 0.6


def standing_practice(
    scores: Mapping[int, float],
    bp_ids: Sequence[str],
    facts: Iterable[Fact],
    *,
    floor: float = STANDING_SIMILARITY,
    lead: float = STANDING_LEAD,
) -> int | None:
    """Of the practices the `facts` leave standing (not in their moot table), the one the clause is plainly about:
    the closest by `scores` (index → cosine), at `floor` or above and `lead` ahead of the next standing one. None
    when the facts leave nothing standing, or no practice leads."""
    moot = moot_table(frozenset(facts))
    standing = sorted((bp for bp in scores if bp_ids[bp] not in moot), key=lambda bp: -scores[bp])
    if not standing:
        return None
    best = standing[0]
    second = scores[standing[1]] if len(standing) > 1 else -1.0
    if scores[best] < floor or scores[best] - second < lead:
        return None
    return best
