"""A plain claim that a practice is done, which the learned reader of the sentence is merely unsure about (session 29).

"Implemented" asks the reader of the sentence (app.review.polarity_reader) to find a clause at least `firm_reading`
likely to say something done, unless it names a tool: the reader is the one guard against a bad state said without a
negation word ("Feature drift is watched on a dashboard that the previous data scientist built"). But it also reads
many plain done statements in jargon or everyday words as unsure ("Distributed training is used for the big ranking
model, across eight GPUs", 0.51; "KPIs were defined with the business before the build", 0.43), and the review then asks
about a practice the user has just said is done.

Such a clause still stands as firm evidence when everything else about it speaks for the practice: the reader does not
read it as not done (its own threshold), it plainly says something is done (no negation word, no bad-state cue), it
carries no detail after a relative pronoun, a participle or "with/using" (where a bad state hides: "… on a dashboard
that the previous data scientist built"), and it is both strongly like how doers describe the practice and far closer
to that than to how non-doers do (the mapper's `plain_claim_margin`, tested in app.review.embedding_mapper)."""

from __future__ import annotations

import re

from app.review.clause_detail import in_clause_detail
from app.review.cues import plainly_done

# A relative or subordinate tail the detail reader does not cut ("… a dashboard that someone built", "… whoever …",
# "… whether …", "… if …"): what follows may say in what state the thing is, or that it happens only sometimes.
_TAIL = re.compile(r"\b(?:that|which|who|whom|whose|whoever|whatever|whenever|whether|if|unless|until|when)\b", re.I)


def plain_claim(text: str) -> bool:
    """Does the clause plainly claim something is done, with no detail attached that could undo the claim?"""
    return plainly_done(text) and in_clause_detail(text) is None and not _TAIL.search(text)
