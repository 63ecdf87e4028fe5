"""What a clause that states a fact about the workload says of each practice (app.review.facts, the moot table in
app.review.applicability): the embedding mapper reads such a clause through `FactsSaid` before its own wording.

"We went with Amazon Translate": the fact is the very practice of using a managed service (implemented). "Nothing is
trained here": the fact speaks for the practices it makes moot, which are settled together once the answer is read
(`applicability.settle`). "The model runs on the phone, so there is no endpoint to watch": an absence the fact
explains is not applicable. Whatever else the clause says, without the fact's words, is read as any other clause.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum

from app.review.applicability import USING_A_SERVICE, is_moot
from app.review.concepts import terms
from app.review.cues import Clause, Polarity, content_terms, core_text, has_negation, names_a_tool, reports_fact
from app.review.facts import (
    Fact,
    absence_can_remove,
    restates_the_fact,
    stated_facts,
    states_consequence,
    strip_facts,
)

# A fact clause is placed by what it says besides the fact only with this many words a practice could use (concepts)
REST_WORDS = 3
FACT_REMAINDER = 3  # a fact clause says something about other practices only with this many words besides


class FactVerdict(Enum):
    """What a clause's facts say of one practice."""

    USES_SERVICE = "uses_service"  # the fact is the practice of using a managed service: implemented
    MOOT = "moot"  # the fact makes the practice moot: it speaks for it when the answer is settled, not here
    NOTHING_ELSE = "nothing_else"  # nothing besides the fact: no evidence about the practice
    ABSENCE = "absence"  # an absence the fact explains: not applicable
    OWN_WORDS = "own_words"  # the clause's own wording decides, as for any clause


@dataclass(frozen=True)
class FactsSaid:
    """The workload facts one clause states and what it says besides them."""

    clause: Clause
    facts: frozenset[Fact]
    rest: str  # the clause without the words stating a fact (the whole clause when it states none)
    absence: bool  # "…, so there is no endpoint to watch": an absence a fact explains, in an answer that states one

    @classmethod
    def read(cls, clause: Clause, *, stated_before: bool) -> FactsSaid:
        """`stated_before`: an earlier clause of the answer stated a fact (it may explain an absence here)."""
        facts = stated_facts(clause.text)
        rest = strip_facts(clause.text) if facts else clause.text
        return cls(clause, facts, rest, absence=False).after(stated_before=stated_before)

    def after(self, *, stated_before: bool) -> FactsSaid:
        """The same reading, in an answer where an earlier clause did (or did not) state a fact: only whether the
        clause says an absence a fact explains depends on that (the facts, read once, are the costly part)."""
        text = self.clause.text
        # "we use a pre-trained model as is, no training on our side": the fact said again is no absence it explains
        absence = (
            bool(self.facts or stated_before)
            and states_consequence(text, explained=True)
            and not (self.facts and restates_the_fact(text))
        )
        return dataclasses.replace(self, absence=absence)

    def placeable_rest(self) -> str | None:
        """What the clause says besides its facts, when that can be placed on a practice on its own (no negation,
        `REST_WORDS` words): "The model was quantised to int8 so it runs light on the phone" → "The model was
        quantised to int8 so it". None for a clause stating no fact, or little more; a rest with a negation is most
        often a second fact the cues only half took ("…, no model of our own")."""
        if not self.facts:
            return None
        rest = strip_facts(self.clause.topic)
        enough = len(content_terms(core_text(self.rest))) >= FACT_REMAINDER and len(terms(rest)) >= REST_WORDS
        return rest if enough and not has_negation(rest) else None

    def rest_is_firm(self, pol: Polarity) -> bool:
        """Can the rest be firm evidence that a practice is done? "We only call Bedrock, there is no training data of
        ours to profile": without the fact's words ("no training") the rest reads as doing, though it may only say why
        the fact makes practices moot. It is firm only when it names the tool doing the work ("we didn't train
        anything, Textract does the job")."""
        speaks_only_by_the_fact = (
            bool(self.facts)
            and pol is Polarity.POSITIVE
            and has_negation(self.clause.text)
            and not has_negation(self.rest)
        )
        return not speaks_only_by_the_fact or names_a_tool(self.rest)

    def verdict(self, bp_id: str, uses_service: bool) -> FactVerdict:
        """What the facts say of one practice; `uses_service`: the practice is about using managed AI services."""
        if self.facts & USING_A_SERVICE and uses_service:
            return FactVerdict.USES_SERVICE
        if self.facts and is_moot(bp_id, self.facts):
            return FactVerdict.MOOT
        if self.facts and len(content_terms(core_text(self.rest))) < FACT_REMAINDER:
            absent = self.absence and absence_can_remove(bp_id, self.facts)
            return FactVerdict.ABSENCE if absent else FactVerdict.NOTHING_ELSE
        return FactVerdict.OWN_WORDS

    def firmly_uses_service(self) -> bool:
        """The fact stated is the practice itself ("we went with Amazon Translate"): firm when it is stated as a fact,
        not hearsay or a question."""
        return reports_fact(self.clause.text) and not self.clause.question
