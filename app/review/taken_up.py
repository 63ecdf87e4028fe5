"""A thing said to exist and taken up again (step 5 (g) of docs/review-mapping.md).

"We have a dataset registry. It's empty.": the first clause reads as doing the practice, the second takes the thing
it named up again (a pronoun, the same noun, "nothing in it", "nobody reads them") and says what state it is in. That
state, not the naming, is the evidence:
- a state against the practice (negated, partial, a bad state, a contrast that is not additive, or the thing there in
  name only: empty, a placeholder, lost, out of date, failing, ignored) puts the naming clause in doubt, and when it is
  negated or in name only and not itself about the practice, the naming clause says the practice is **not** done;
- something else said of the thing that gives the practice no evidence of its own leaves the practice asked about
  (the naming clause is no longer firm);
- within one clause, "…, which has since been lost" after the thing does the same as a second clause.
Not when the later clause is clearly about another practice of its own: there it tells what else is done.

`ThingTakenUp` follows one answer clause by clause; the embedding mapper calls it at three points of each clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from app.review.cues import Clause, Polarity, content_terms, hollow, speaks_against_thing, taken_up_tail, takes_up
from app.review.mapping import ClauseEvidence
from app.review.models import BPStatus

SAYS_SOMETHING = 2  # content words a clause taking a thing up needs to say something of it ("That's it." says nothing)
# "…, but also the transforms", "…, but that works too": a contrast word that adds rather than qualifies.
ADDITIVE = re.compile(r"\b(?:also|too|as well|even|both|plus|and more)\b", re.IGNORECASE)

Evidence = dict[str, list[ClauseEvidence]]


def _right_after(named: Clause, clause: Clause) -> bool:
    """The clause goes on in the sentence that named the thing, or is in the next one."""
    return clause.sentence == named.sentence + 1 or (clause.is_continuation and clause.sentence == named.sentence)


def _doubt(clause: Clause) -> ClauseEvidence:
    """The clause says the practice may not be done: proposes nothing alone, keeps "implemented" from being proposed."""
    return ClauseEvidence(clause, BPStatus.NOT_IMPLEMENTED, 0.0, primary=False, doubt=True)


@dataclass
class ThingTakenUp:
    """The last clause read as doing a practice (the *anchor*: the thing it names) and whether the clauses after it
    take that thing up again. `neutral`: something else said of the thing leaves the practice asked about."""

    bp_ids: Sequence[str]
    enabled: bool = True  # off: no clause becomes an anchor, so nothing is ever taken up
    neutral: bool = False
    reader: bool = False  # a clause taking the thing up that the reader of the sentence reads as not done
    anchor: tuple[Clause, list[int]] | None = None  # the clause that named the thing, and its practices
    # of the anchor's practices, those its clause was clearly about (None: all): only they can be voided
    clear: frozenset[int] | None = None
    foreign: Clause | None = None  # the clause before, when it was about none of the question's practices
    chained: bool = False  # the clause before (or this one) took the anchor's thing up again
    _from: tuple[Clause, list[int]] | None = field(default=None, repr=False)  # the anchor when this clause began
    _against: bool = field(default=False, repr=False)  # this clause said a state of the thing against the practice

    def state_said(
        self,
        clause: Clause,
        text: str,
        pol: Polarity,
        *,
        states_fact: bool,
        about: set[int],
        firm: frozenset[int],
        evidence: Evidence,
    ) -> None:
        """Before the clause gives its own evidence: does it take the anchor's thing up in a state that speaks against
        the practice ("Nothing's in it")? Then the anchor is in doubt, or, when the thing is negated or there in name
        only and the clause is not about the anchor's practice itself, says the practice is not done. `text` is the
        clause without the words of a workload fact it states; `about` and `firm` are the practices it is about and
        firmly about."""
        self._from, self._against = self.anchor, False
        if self.anchor is None:
            return
        named, practices = self.anchor
        self.chained = clause.sentence <= named.sentence + 1 and (
            takes_up(named.text, clause.text) or (self.chained and clause.is_continuation)
        )
        # Not when this clause is clearly about another practice of its own ("It doesn't gate releases on approval").
        set_against = clause.contrast and pol is Polarity.POSITIVE and not ADDITIVE.search(clause.text)
        if not (self.chained and not states_fact and not (firm - set(practices))):
            return
        if not (speaks_against_thing(text) or set_against):
            return
        self._against = True
        # Said of the thing alone ("it's empty", "nobody reads them"), not of another part of the practice that the
        # clause is about itself ("…, but nobody has tried crafting inputs to fool it"): the thing is there in name
        # only, so the clause that named it says the practice is not done.
        voided = (pol is Polarity.NEGATIVE or hollow(text)) and not about & set(practices)
        for bp in practices:
            key = self.bp_ids[bp]
            voiding = [e for e in evidence[key] if e.clause is named and e.status is BPStatus.IMPLEMENTED]
            if voided and (self.clear is None or bp in self.clear):
                evidence[key] = [
                    replace(e, status=BPStatus.NOT_IMPLEMENTED) if e in voiding else e for e in evidence[key]
                ]
            elif voided:
                # A thing only loosely matched to the practice ("We built a feature store, but nobody pulls features
                # from it", asked about team skills) says nothing of it once voided: a doubt, not "not implemented".
                evidence[key] = [e for e in evidence[key] if e not in voiding]
            evidence[key].append(_doubt(clause))

    def something_else_said(
        self,
        text: str,
        pol: Polarity,
        *,
        states_fact: bool,
        inherited: bool,
        done_here: list[int],
        firm: frozenset[int],
        evidence: Evidence,
    ) -> None:
        """After the clause gave its own evidence: a clause that takes the thing up and says something else of it,
        giving the practice no evidence of its own ("The folder for it has one file, the template"), leaves the anchor
        asked about (not firm). Not when it confirms the practice or is clearly about another practice of its own
        ("… and all 14 of them sit behind one multi-model endpoint": what else is done). `inherited`: the clause is
        a rider that took its practices from the clause before."""
        if not (
            self.neutral
            and self._from is not None
            and self.chained
            and not self._against
            and pol is Polarity.POSITIVE
            and not states_fact
            and len(content_terms(text)) >= SAYS_SOMETHING  # not "That's it."
        ):
            return
        named, practices = self._from
        confirmed = not inherited and any(bp in done_here for bp in practices)
        elsewhere = set() if inherited else firm - set(practices)
        if confirmed or elsewhere:
            return
        for bp in practices:
            key = self.bp_ids[bp]
            evidence[key] = [replace(e, firm=False) if e.clause is named else e for e in evidence[key]]

    def loose_denial(
        self, clause: Clause, pol: Polarity, *, matched: bool, clear: Callable[[int], bool], evidence: Evidence
    ) -> None:
        """After the clause gave its own evidence: a denial of a thing that belongs to another part of the system says
        nothing of this question's practices, unless the clause is clearly about one itself (`clear(bp)`: clearly
        and distinctly, or in a word of the practice's own). There what it denies is a doubt (no status alone), not "not
        implemented". Two shapes: the thing was named by a clause only loosely matched to a practice and is said to be
        in a state against it ("We built a feature store, but nobody pulls features from it", asked about team
        skills), or it was named by a clause about none of the question's practices and is denied when taken up
        ("There's an experiment tracker. Nobody logs runs in it.", asked about team skills). `matched`: the clause is
        about some practice of the question."""
        foreign, self.foreign = self.foreign, None if matched else clause
        if self._against and self._from is not None and self.clear is not None:
            kept = self.clear  # the practices the thing's own clause was clearly about: voided in `state_said`
        elif (
            foreign is not None
            and pol is Polarity.NEGATIVE
            and clause.sentence <= foreign.sentence + 1
            and takes_up(foreign.text, clause.text)
        ):
            kept = frozenset()
        else:
            return
        for bp in (bp for bp in range(len(self.bp_ids)) if bp not in kept and not clear(bp)):
            key = self.bp_ids[bp]
            evidence[key] = [
                _doubt(clause) if e.clause is clause and e.status is BPStatus.NOT_IMPLEMENTED and not e.doubt else e
                for e in evidence[key]
            ]

    def read_as_not_done(
        self,
        clause: Clause,
        text: str,
        *,
        read_not_done: bool,
        states_fact: bool,
        undoing: bool = False,
        firm: frozenset[int],
        evidence: Evidence,
    ) -> None:
        """After the clause gave its own evidence: a clause that refers back to the thing (takes it up, or sets itself
        against it with "but", "though", "however" in the same sentence) and that the learned reader of the sentence
        reads as a practice not done ("We have a bias report from Clarify. It ran once on the pilot dataset.") says the
        thing's state in words no cue knows. The state decides, so neither the clause that named the thing nor this one
        is firm evidence: the practice is asked about (the reader alone never proposes "not implemented"). Not when
        this clause says next to nothing ("That's it.") or is clearly about another practice of its own (what else is
        done). `undoing`: the reader finds the clause less likely still to say something done (the mapper's
        `detail_reading`); then it need not refer back: any clause right after the claim may undo it."""
        if states_fact or self._against or not (self.reader and (read_not_done or undoing) and self._from is not None):
            return
        named, practices = self._from
        refers = read_not_done and (
            self.chained
            or (clause.contrast and clause.is_continuation and clause.sentence == named.sentence)
            # a detail after a dash, colon or semicolon ("KPIs were agreed - well, the director said 'make it better'"),
            # unless it is clearly about the practice in its own right ("Access is per project: each role reads only
            # its own bucket"), which the reader alone does not overrule
            or (clause.detail and clause.sentence == named.sentence + 1 and not firm & set(practices))
        )
        # an undoing clause right after the claim, taken up or not, about no practice in its own right (session 25)
        refers = refers or (undoing and not firm and _right_after(named, clause))
        if not refers or len(content_terms(text)) < SAYS_SOMETHING or firm - set(practices):
            return
        for bp in practices:
            key = self.bp_ids[bp]
            # The clause itself too: as a rider it may have inherited the firmness of the clause before.
            evidence[key] = [replace(e, firm=False) if e.clause in (named, clause) else e for e in evidence[key]]

    def named(
        self,
        clause: Clause,
        text: str,
        done_here: list[int],
        evidence: Evidence,
        clear: Callable[[int], bool] | None = None,
    ) -> None:
        """At the end of the clause: one read as doing practices becomes the anchor (after its own tail is read:
        "… agreed in a kickoff doc, which has since been lost" is the same within one clause); otherwise the anchor
        lasts only while its thing is being taken up."""
        if self.enabled and done_here:
            tail = taken_up_tail(text)
            if tail is not None and speaks_against_thing(tail):
                for bp in done_here:
                    evidence[self.bp_ids[bp]].append(_doubt(clause))
            self.anchor, self.chained = (clause, done_here), False
            self.clear = None if clear is None else frozenset(bp for bp in done_here if clear(bp))
        elif not self.chained:
            self.anchor = None
