"""Not-applicable proposals from facts an answer states about the workload. PURE: no I/O.

The mapper hands over each clause that states a fact (`app.review.facts`). A fact's words are not read as evidence
about the practices it makes moot ("we don't train anything" is not "hyperparameters are not tuned"); those practices
are proposed as not applicable with the fact's WA Tool reason, unless another part of the answer clearly says they
are done ("we don't train, but the only notebook we pay for shuts down when idle": that practice keeps its status).
A clause saying a moot practice is not done is read as the fact's consequence ("no training here, so there are no
experiments to stop early"), not as a gap. Practices
the fact does not make moot keep the status the rest of the answer gives them. When the fact makes every practice of
the question moot, the whole question is proposed as not applicable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, MutableSequence
from dataclasses import dataclass, replace

from app.review.cues import Clause, has_negation, states_bad_practice
from app.review.facts import (
    REASON,
    Fact,
    about_one_part,
    absence_can_remove,
    declares_not_applicable,
    left_standing,
    moot_practices,
    moot_table,
    reason_for,
    restates_the_fact,
    states_consequence,
    strip_facts,
    trains_here,
)
from app.review.mapping import ClauseEvidence
from app.review.models import BPStatus, NAReason
from app.review.reasons import (
    denied_with_what_follows,
    denies_only_risks,
    made_by_default,
    negation_only_in_a_trials_result,
    negation_only_in_reason,
    partly_only_in_reason,
    says_not_a_thing,
)

# How clearly another clause must be about a moot practice to keep its own status (the mapper's "specific" strength).
KEEP_STRENGTH = 0.5
# a clause placed on a practice only by a word of its own, below min_similarity (embedding_mapper._WEAK_STRENGTH)
NAMED_ONLY_STRENGTH = 0.05
NOT_APPLICABLE_STRENGTH = 0.5
# A clause at most this clearly about a practice (placed by a word of its own, or by a cosine within 0.025 of
# min_similarity) is barely about it. Session 25 compared 0.05 (the named-only strength): 4 right and 1 lost on dev and
# the union; 0.1 adds 2 right, none lost.
BARELY_ABOUT = 0.1
# Only doing a moot practice keeps it: a clause saying it is not done is almost always the fact's consequence ("no
# training here, so there are no experiments to stop early").
_DOING = (BPStatus.IMPLEMENTED, BPStatus.PARTIALLY_IMPLEMENTED)
# What a clause reads as said about a practice, done or not (not a hedge, not "not applicable").
_READ = (*_DOING, BPStatus.NOT_IMPLEMENTED)
# Practices whose point is using a managed or pre-trained service: a clause saying so is evidence they are done.
USING_A_SERVICE = frozenset({Fact.MANAGED_MODEL, Fact.SERVICE_USED})
# Facts about how the model is served (not by us, no endpoint, a service, on the device, batch only): a practice they
# make moot is about serving, so a clause saying we train the model is no evidence it is done (guide rule 7).
_HOSTING_FACTS = frozenset({Fact.NO_HOSTING, Fact.NO_ENDPOINT, Fact.SERVICE_USED, Fact.ON_DEVICE, Fact.BATCH_ONLY})


@dataclass(frozen=True)
class Statement:
    """A clause that states facts about the workload."""

    clause: Clause
    facts: frozenset[Fact]


def is_moot(bp_id: str, facts: frozenset[Fact]) -> bool:
    return bp_id in moot_table(facts)


def settle(
    bp_ids: Iterable[str], evidence: Mapping[str, MutableSequence[ClauseEvidence]], statements: list[Statement]
) -> None:
    """Propose the practices the stated facts make moot as not applicable, in place, unless another clause clearly
    says they are done; and read a clause that says something is absent as the facts explain it ("so there are no
    features to share") as the facts' consequence, never as a gap: the practices it alone speaks about are not
    applicable too."""
    statements = [s for s in statements if not about_one_part(s.clause.source or s.clause.text)]
    if not statements:
        return
    facts = frozenset().union(*(s.facts for s in statements))
    stating = {s.clause.position for s in statements}
    because = reason_for(facts)
    for bp_id in bp_ids:
        evidence[bp_id][:] = [
            _not_a_thing(e, because) or _as_reasoned(e, stating) for e in evidence[bp_id] if not _denies_doing(e)
        ]
        if left_standing(bp_id, facts):
            # "it's all batch, so canaries don't really fit": what the answer explains away beside the fact is a part
            # the fact removes, not a practice it leaves standing (guide rule 17); only the rest of the answer speaks
            evidence[bp_id][:] = [e for e in evidence[bp_id] if e.status is not BPStatus.NOT_APPLICABLE]
    table = moot_table(facts)  # built once per set of facts (cached), then only looked up
    moot = moot_practices(facts, tuple(bp_ids))
    for bp_id, reason in moot.items():
        items = evidence[bp_id]
        if table[bp_id] in _HOSTING_FACTS:
            # "we train it, the partner hosts it" (guide rule 7): the training is the part left to us, no evidence
            # that a hosting practice is done
            items[:] = [e for e in items if not (e.status in _DOING and trains_here(e.clause.text))]
        if any(_keeps(e, stating) for e in items):
            # done, says another clause: an absence the fact explains is about something else ("no personal data, so
            # nothing to mask. The buckets are KMS-encrypted anyway")
            items[:] = [e for e in items if not _consequence(e, stating)]
            continue
        if any(_speaks_against(e, stating) for e in items):
            continue
        clause = next((s.clause for s in statements if is_moot(bp_id, s.facts)), statements[0].clause)
        items[:] = [ClauseEvidence(clause, BPStatus.NOT_APPLICABLE, NOT_APPLICABLE_STRENGTH, na_reason=reason)]
    for bp_id in bp_ids:
        if bp_id in moot:
            continue
        items = evidence[bp_id]
        items[:] = [replace(e, firm=True) if _done_beside_the_fact(e, stating) else e for e in items]
        items[:] = [e for e in items if not _the_facts_negation(e, stating) and not _named_only_against(e, stating)]
        _named_only_in_the_fact(items, stating)
        if any(e.primary and e.firm and e.status is BPStatus.IMPLEMENTED and not e.doubt for e in items):
            # "we defined what good means for us - precision on the top 5 results": a clause read as "not done" only
            # because it resembles a description of not doing it gives way to a firm "done"
            items[:] = [e for e in items if not (e.tentative and e.status is BPStatus.NOT_IMPLEMENTED)]
        _yield_to_others(items, stating)
        _resemblance_asked(items)
        # "The vendor trains the model on their own data" read, as its second-best match, as a data catalog in use:
        # the clause stating a fact is about the fact; only its best match can say something else is done
        items[:] = [e for e in items if not (e.status in _DOING and not e.primary and e.clause.position in stating)]
        absent = [_consequence(e, stating) for e in items]
        if not any(absent):
            _one_clear_reading(items)
            continue
        others = [e for e, a in zip(items, absent, strict=True) if not a]
        if not absence_can_remove(bp_id, facts):
            items[:] = others  # only the rest of the answer speaks of it
            continue
        # what the fact's own clause seems to say of the practice, unclearly, is no rival for an absence the fact
        # explains ("nothing is deployed by us, it's all calls to Rekognition from a Lambda, so there's no model
        # pipeline to automate")
        if any(
            not e.doubt
            and e.status is not BPStatus.NOT_APPLICABLE
            and (e.clause.position not in stating or e.strength >= KEEP_STRENGTH)
            for e in others
        ):
            items[:] = others  # the absence explains something else
        else:
            first = next(e for e, a in zip(items, absent, strict=True) if a)
            items[:] = [
                ClauseEvidence(first.clause, BPStatus.NOT_APPLICABLE, NOT_APPLICABLE_STRENGTH, na_reason=because)
            ]


def _not_a_thing(e: ClauseEvidence, because: NAReason | None) -> ClauseEvidence | None:
    """Next to a stated fact, "blue/green, canary and the like simply are not a thing for us" is the user's word that
    what it names does not apply (labelling guide rule 4: an absence the fact explains), not a gap. Not "not a thing
    for us yet", and not said of a practice the answer names otherwise."""
    if e.status is not BPStatus.NOT_IMPLEMENTED or e.doubt or not says_not_a_thing(e.clause.source or e.clause.text):
        return None
    if not says_not_a_thing(e.clause.text):
        return None
    return ClauseEvidence(
        e.clause, BPStatus.NOT_APPLICABLE, NOT_APPLICABLE_STRENGTH, primary=e.primary, na_reason=because
    )


def _denies_doing(e: ClauseEvidence) -> bool:
    """A "done" read from words that deny it, next to a stated fact: the clause that declares the question not
    applicable ("Not applicable, we only call Amazon Bedrock …" is no evidence that managed services were chosen to
    cut costs: the user says the question does not apply), a bare list of topics its sentence goes on to deny
    ("Blue/green, canaries, shadow tests and the like are not a thing for us"), or a placeholder ("and the like")."""
    if e.status not in _DOING:
        return False
    text = e.clause.text
    return (
        declares_not_applicable(text)
        or denied_with_what_follows(text, e.clause.source)
        # "…, there is no endpoint to scale or roll back, and the like": a placeholder the splitter cut off
        or bool(_PLACEHOLDER.match(text))
    )


_PLACEHOLDER = re.compile(
    r"^\W*(?:(?:and|or)\s+)?(?:the like|so on|so forth|etc|all that|that kind of thing|that sort of thing|such"
    r"|similar|whatnot|the rest)\W*$",
    re.IGNORECASE,
)


def _yield_to_others(items: MutableSequence[ClauseEvidence], stating: set[int]) -> None:
    """For a practice the facts leave standing: what the clause stating a fact seems to say about it ("the model runs
    on the device, there's no cloud inference at all" read against a latency target, "no personal data, no people
    involved" against least-privilege access) gives way, in place, to another clause that speaks about the practice
    itself. The fact's clause is about the fact; its side reading next to a clause about the practice would only make
    a mixed "partially" of the two. A firm "done" stays (labelling guide rule 6: "the model is converted to Core ML and
    shipped through the app's release pipeline" is CI/CD done)."""
    others = [e for e in items if e.primary and not e.doubt and e.status in _READ and e.clause.position not in stating]
    if not others:
        return
    items[:] = [
        e
        for e in items
        if e.clause.position not in stating
        or e.doubt
        or e.status not in _READ
        or (e.firm and e.status is BPStatus.IMPLEMENTED)
    ]


def _resemblance_asked(items: MutableSequence[ClauseEvidence]) -> None:
    """For a practice the facts leave standing: a "not done" read only from resemblance to a description of not doing
    it (`tentative`: a positive clause, no negation, no bad-state cue, no word of the gap's own) is asked about, not
    proposed (marked `asked`, in place, for `combine`). Once an answer states a fact the reader of the sentence is not
    consulted (the applicability rules read what is said done), so nothing but that resemblance speaks against the
    practice, and beside a fact the resemblance is mostly everyday wording of the practice done ("The ML workspace lives
    in an account of its own, walled off from production by SCPs", read against a gap about a shared account). Found in
    session 25: in the not-applicable rows of dev and the unseen sets, 29 of 30 practices proposed "not implemented" on
    resemblance alone were labelled done or undecided. The clause stays evidence about the practice, quoted when the
    review asks; it never becomes "implemented"."""
    items[:] = [
        replace(e, asked=True) if e.tentative and e.status is BPStatus.NOT_IMPLEMENTED and not e.doubt else e
        for e in items
    ]


def _named_only_in_the_fact(items: MutableSequence[ClauseEvidence], stating: set[int]) -> None:
    """For a practice the facts leave standing, that another clause speaks against (or may: a doubt): what the clause
    stating a fact seems to say done only by a word of the practice's own, below `min_similarity` by cosine
    (`NAMED_ONLY_STRENGTH`), is no firm "done" (labelling guide rule 12: the fact's sentence is about the fact). Found
    where dev's not-applicable rows proposed "partially implemented" (session 20): "It's a nightly batch over sensor
    readings from the presses" read as monitoring who reads data, "no endpoint to lock down, the model runs as a nightly
    batch in a private subnet" as access restricted, each beside a "nobody watches …". Without a clause against it the
    fact's clause keeps its reading ("We only call Bedrock, from one Lambda whose role is the only thing allowed to
    invoke the model" is access restricted, firm)."""
    if not any(e.status is BPStatus.NOT_IMPLEMENTED and e.clause.position not in stating for e in items):
        return
    items[:] = [
        replace(e, firm=False)
        if e.firm and e.status in _DOING and e.clause.position in stating and e.strength <= NAMED_ONLY_STRENGTH
        else e
        for e in items
    ]


def _one_clear_reading(items: MutableSequence[ClauseEvidence]) -> None:
    """For a practice the facts leave standing, in an answer that states a fact: a "partly" made of one clear reading
    and one that is not gives way, in place, to the clear one. Two classes, found where the not-applicable rows of dev
    proposed "partially implemented" for a practice labelled done or not done:
    - a loose "done" (not firm: the mapper's own bar for "implemented") beside a "not done": the loose reading is
      dropped ("prompt injection through that chat is exactly what worries us and we have nothing in front of it yet":
      the worry is not a defence). A "done" that is not firm says nothing done on its own (the review asks), so it does
      not make the "not done" a half;
    - a firm, primary "done" beside a "not done" read only as a clause's second-best match (the clause is about
      another practice: "Agents spot-check a sample of its outputs every day. Whether the kind of reviews we send it
      changes over time, nobody watches"): the "not done" belongs to that other practice.
    Both leave a practice said done and not done in two clear clauses partly done (labelling guide rules 6 and 12)."""
    concrete = [e for e in items if not e.doubt and e.status in _READ]
    done = [e for e in concrete if e.status in _DOING]
    not_done = [e for e in concrete if e.status is BPStatus.NOT_IMPLEMENTED]
    if not done or not not_done:
        return
    if all(e.tentative for e in not_done):
        # a "not done" read only from resemblance to a gap is no clear reading: it gives way to the "done", firm or not
        # (as in `combine`: "Roles are clear though: Priya owns the prompts, Tom the integration" is asked about)
        items[:] = [e for e in items if e not in not_done]
        return
    contrasted = any(
        n.clause.contrast and n.clause.sentence == d.clause.sentence and d.clause.position < n.clause.position
        for n in not_done
        for d in done
    )
    if all(e.status is BPStatus.IMPLEMENTED and not e.firm for e in done) and not contrasted:
        # (not "X is logged, but nobody reviews the logs": the contrast that makes a half, guide rule 6)
        items[:] = [e for e in items if e not in done]
    elif any(e.firm and e.primary and e.status is BPStatus.IMPLEMENTED for e in done) and not any(
        e.primary for e in not_done
    ):
        items[:] = [e for e in items if e not in not_done]


def _named_only_against(e: ClauseEvidence, stating: set[int]) -> bool:
    """For a practice the facts leave standing: "not done" read from the clause that states a fact, which is barely
    about the practice (`BARELY_ABOUT`: by a word of the practice's own, or just over `min_similarity` by cosine). Its
    negation is the fact's ("No one can call the model over a network, it's compiled into the car's ECU" read against
    restricting who may call it; "we neither host nor train anything" against encryption; "no cloud side" against
    synchronised environments), whatever words are left once the fact's own are taken out: no evidence (labelling
    guide rule 12: the fact's sentence is about the fact). The counterpart of `_named_only_in_the_fact` for a "done";
    a clause of its own saying the practice is not done still does (session 25)."""
    return (
        e.status is BPStatus.NOT_IMPLEMENTED
        and not e.doubt
        and e.clause.position in stating
        and e.strength <= BARELY_ABOUT
    )


def _the_facts_negation(e: ClauseEvidence, stating: set[int]) -> bool:
    """For a practice the facts leave standing: "not done" read from the clause that states a fact, when all it
    negates is the fact ("Training data? We have none, the model is Amazon's" read against a secure data environment;
    "passed to the vendor's API without being stored" against privacy). The negation is the fact's, not a gap: the
    rest of the clause says nothing against the practice (no negation of its own, no bad state)."""
    if e.status is not BPStatus.NOT_IMPLEMENTED or e.clause.position not in stating:
        return False
    rest = strip_facts(e.clause.text)
    return not has_negation(rest) and not states_bad_practice(rest)


def _as_reasoned(e: ClauseEvidence, stating: set[int]) -> ClauseEvidence:
    """What a clause giving the reason for a choice says, next to a stated fact: a negation inside the reason is about
    the world the choice answers to ("batch was chosen because nobody needs the scores before morning": the choice
    is made, as firmly as the mapper read it), and a choice made by default, habit or convenience is not the practice
    of choosing ("the region is eu-central-1 because everything else is there")."""
    if e.doubt:
        return e
    # the clause stating a fact is read without the fact's words ("a lookup table, a deliberate choice after a spike
    # showed ML didn't beat it")
    text = strip_facts(e.clause.text) if e.clause.position in stating else e.clause.text
    if e.status is BPStatus.NOT_IMPLEMENTED and (
        negation_only_in_reason(text) or negation_only_in_a_trials_result(text)
    ):
        return replace(e, status=BPStatus.IMPLEMENTED, tentative=False)
    if e.status is BPStatus.NOT_IMPLEMENTED and e.primary and denies_only_risks(text):
        # "the dev account sits behind SCPs with no internet egress": the absence of a risk is the protection
        return replace(e, status=BPStatus.IMPLEMENTED, tentative=False)
    if e.status is BPStatus.PARTIALLY_IMPLEMENTED and partly_only_in_reason(text):
        return replace(e, status=BPStatus.IMPLEMENTED)  # "picked eu-north-1 partly for its low-carbon grid"
    if e.status in _DOING and made_by_default(text):
        return replace(e, status=BPStatus.NOT_IMPLEMENTED, firm=False)
    return e


def _done_beside_the_fact(e: ClauseEvidence, stating: set[int]) -> bool:
    """A practice the facts leave standing, said done in a clause of its own ("We only call Bedrock. We agreed with
    product that a 3 second response is fine"): the clause is clearly and distinctly about the practice, plainly done,
    not read as not done by the reader of the sentence, and firm but for lying about as close to the practice's gaps as
    to its doers' words. Next to a fact, such a clause is what the labelling guide's rule 6 describes (something done
    stays done), so it is firm evidence."""
    return (
        e.near_gap
        and e.primary
        and not e.doubt
        and e.status is BPStatus.IMPLEMENTED
        and e.clause.position not in stating
        and not _CONDITIONED.search(e.clause.source or e.clause.text)
    )


def _keeps(e: ClauseEvidence, stating: set[int]) -> bool:
    """Another clause says the practice is done, clearly enough to keep it: not the clause stating the fact, nor
    one saying something is absent as the fact explains it."""
    return (
        e.primary
        and e.status in _DOING
        and e.clause.position not in stating
        # clear enough, or firm: the mapper's own test for "implemented" (clearly and distinctly about the practice,
        # closer to how doers describe it than to its gaps) is enough to keep something done (labelling guide rule 6)
        and (e.strength >= KEEP_STRENGTH or e.firm)
        and not states_consequence(e.clause.text, explained=True)
        # "…, so we have zero inference servers": an absence of what the facts remove, introduced as their result,
        # says nothing is there to do the practice with
        and not (_after_so(e.clause) and states_consequence(e.clause.text))
    )


def _speaks_against(e: ClauseEvidence, stating: set[int]) -> bool:
    """A clause set against the fact ("we only call a managed API, but nobody masks the names in the prompts") says
    the moot practice is not done: a gap the user should see, not the fact's consequence ("no training here, so there
    are no experiments to stop early" is one)."""
    return (
        e.primary
        and e.status is BPStatus.NOT_IMPLEMENTED
        and not e.tentative
        and e.clause.position not in stating
        and (e.clause.contrast or e.clause.set_against_before)
        and not _consequence(e, stating)
    )


def _consequence(e: ClauseEvidence, stating: set[int]) -> bool:
    """Evidence that only says something is absent as a fact explains it: any reading of a clause that says why ("no
    features for us to share", "the tuning is out of our hands"), and "not done" from one that names an object the
    facts remove ("there are no checkpoints"). Not "done" read from the fact's own clause: "using Bedrock means no
    GPUs to run" is the practice of preferring managed services."""
    if e.status is BPStatus.NOT_APPLICABLE or (e.status in _DOING and e.firm and e.clause.position in stating):
        return False
    if e.clause.position in stating and restates_the_fact(e.clause.text):
        # "no training on our side", "no model of ours exists": the fact again, which reaches only what it makes moot
        return False
    if states_consequence(e.clause.text, explained=True):
        return True
    return e.status is BPStatus.NOT_IMPLEMENTED and (states_consequence(e.clause.text) or _after_so(e.clause))


# A "done" with a time or detail clause attached is not plain: the clause may take it back, and neither the reader nor
# the next-clause guard sees into it ("Model quality is tracked once the quarterly review asks why revenue dipped", "a
# weekly report, which goes to an alias that bounced", "we wrote the cost of errors down, then kept optimising
# accuracy"). Such a clause keeps the gap test (fourteenth round: stress test 180 → 175 of 924 at the same reader bar).
_CONDITIONED = re.compile(r"\b(?:once|until)\b|,\s*(?:which|where|then)\b", re.IGNORECASE)
# After a stated fact, "still" set before what the team does says it is done in spite of the fact ("It's a vendor API,
# we host nothing. Still, we graph latency and error counts"; "… we still run a bias check on its outputs"), not a state
# that merely persists ("the model is still on the old version" keeps it: "still" after a verb of being, or with no
# subject before it but "Still,").
_CONCESSIVE_STILL = re.compile(
    r"^(?P<lead>\W*(?:(?:and|but|yet)\s+)?)"
    r"(?:still\b,?\s*"  # "Still, we graph …"
    r"|(?P<subject>(?:we|they|i|you|our \w+|the team)\s+)still\s+(?!(?:is|are|was|were|be|been|have|has|had)\b))",
    re.IGNORECASE,
)


def without_concessive_still(text: str) -> str:
    """The clause without a "still" that, after a stated fact, only says "in spite of it" (`_CONCESSIVE_STILL`)."""
    return _CONCESSIVE_STILL.sub(lambda m: m.group("lead") + (m.group("subject") or ""), text, count=1)


_SO = re.compile(r"\b(?:so|hence|therefore|thus|which means|that means|meaning|as a result)\W*$", re.IGNORECASE)


def _after_so(clause: Clause) -> bool:
    """Is the clause introduced as a result ("…, so we didn't set sustainability goals for it")?"""
    at = clause.source.find(clause.text) if clause.source else -1
    return at > 0 and bool(_SO.search(clause.source[:at]))


def answer_reason(statements: list[Statement]) -> NAReason | None:
    """The reason the answer's facts give, for a "none of this applies" said about the whole question."""
    return reason_for(frozenset().union(*(s.facts for s in statements))) if statements else None


__all__ = [
    "KEEP_STRENGTH",
    "REASON",
    "USING_A_SERVICE",
    "Statement",
    "answer_reason",
    "is_moot",
    "settle",
    "without_concessive_still",
]
