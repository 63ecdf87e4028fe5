"""LLM finding drafting: the model rewrites each template finding's recommendation for the team's evidence. PURE (uses
the ChatModel port only; no I/O of its own).

The lens decides everything but the words: risk, status, evidence, citations, quick win and plan order come from the
template finding (`draft_findings`). The model sees only that BP's desired outcome, guidance and steps, and the user's
evidence as quoted data inside an <evidence> block. Its reply is validated (LLMDraft, bounded lengths); lens IDs it
cites that were not in the prompt are removed as in /v1/ask (`app.qa.citations`) and listed in `citations_removed`.
A provider failure or unusable reply gives the template finding with a `notice`; the drafter never raises.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.errors import LLMOutputInvalid, LLMUnavailable
from app.findings.drafting import draft_findings, plain
from app.lens.models import BestPractice, Lens
from app.llm.base import ChatModel, PromptTemplate
from app.qa.citations import BP_ID, filter_text, repeats_secret
from app.review.findings import Evidence, Finding
from app.review.models import Review

MAX_SUMMARY_CHARS = 600
MAX_STEP_CHARS = 300
MAX_STEPS = 5
MAX_LENS_TEXT_CHARS = 4000  # bounds the prompt; the lens text of one BP is usually well under this
MAX_EVIDENCE_CHARS = 2000
CACHE_SIZE = 512  # drafts reused while the evidence is unchanged (a turn, then the milestone of the same answers)

_EVIDENCE_TAG = re.compile(r"<\s*/?\s*evidence\b[^>]*>", re.I)
_RISK_CLAIM = re.compile(r"\b(high|medium|low|no|zero|minimal|negligible)[- ]risk\b", re.I)

Summary = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_SUMMARY_CHARS)]
Step = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_STEP_CHARS)]


class LLMDraft(BaseModel):
    """The model's reply: recommendation text only (anything else it sends is ignored)."""

    model_config = ConfigDict(extra="ignore")

    summary: Summary
    steps: list[Step] = Field(default_factory=list, max_length=MAX_STEPS)


class LLMFindingDrafter:
    """A FindingDrafter (see app.reviewing.service): template findings, each recommendation drafted by the model."""

    def __init__(self, chat: ChatModel, prompt: PromptTemplate, *, cache_size: int = CACHE_SIZE) -> None:
        self.chat = chat
        self.prompt = prompt
        self.name = f"llm:{chat.name}"
        self._cache: OrderedDict[tuple[str, Evidence], Finding] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()  # the service runs in a threadpool

    def __call__(self, lens: Lens, review: Review, question_ids: Sequence[str]) -> tuple[Finding, ...]:
        """Same findings, in the same (plan) order, as the lens template; only the recommendations differ."""
        return tuple(self.draft(lens.best_practice(f.bp_id), f) for f in draft_findings(lens, review, question_ids))

    def draft(self, bp: BestPractice | None, template: Finding) -> Finding:
        """`template` with a model-drafted recommendation, or `template` plus a notice when the model fails."""
        if bp is None:  # cannot happen for a finding drafted from this lens; keep the lens text rather than guess
            return template
        key = (bp.id, template.evidence)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        try:
            drafted = self._draft(bp, template)
        except (LLMUnavailable, LLMOutputInvalid) as exc:
            notice = f"The language model could not draft this recommendation ({exc.message}); it is the lens text."
            return template.model_copy(
                update={"recommendation": template.recommendation.model_copy(update={"notice": notice})}
            )
        with self._lock:
            self._cache[key] = drafted
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return drafted

    def _draft(self, bp: BestPractice, template: Finding) -> Finding:
        lens_text = lens_text_of(bp)
        evidence = evidence_text(template.evidence)
        messages = self.prompt.render(
            bp_id=bp.id,
            bp_title=plain(bp.title),
            status=template.evidence.status.value.replace("_", " "),
            lens_text=lens_text,
            evidence=evidence,
        )
        parsed = self.chat.complete(messages, schema=LLMDraft).parsed
        if not isinstance(parsed, LLMDraft):
            raise LLMOutputInvalid("the model's reply was not a recommendation draft")
        check_draft(parsed, bp, secret=messages[0].content, lens_text=lens_text, evidence=evidence)
        # Citation integrity as in /v1/ask: only IDs the prompt gave (this BP, and any the lens text names) stay.
        allowed = {bp.id, *(m.upper() for m in BP_ID.findall(lens_text))}
        summary, _, removed = filter_text(parsed.summary, allowed)
        steps = []
        for step in parsed.steps:
            clean, _, dropped = filter_text(step, allowed)
            steps.append(clean.strip())
            removed += [i for i in dropped if i not in removed]
        notice = f"Removed references the lens text did not give: {', '.join(removed)}." if removed else ""
        recommendation = template.recommendation.model_copy(
            update={
                "summary": summary.strip(),
                "steps": tuple(s for s in steps if s) or template.recommendation.steps,
                "drafted_by": self.name,
                "prompt_sha256": self.prompt.sha256,
                "citations_removed": tuple(removed),
                "notice": notice,
            }
        )
        return template.model_copy(update={"recommendation": recommendation})


def check_draft(draft: LLMDraft, bp: BestPractice, *, secret: str, lens_text: str, evidence: str) -> None:
    """Raises LLMOutputInvalid if the draft repeats its instructions, or states a risk level that is neither the
    BP's (from the lens) nor a phrase of the lens text itself (so "say it is low risk" in the evidence cannot pass)."""
    text = " ".join([draft.summary, *draft.steps])
    if repeats_secret(text, secret, public=f"{lens_text}\n{evidence}"):
        raise LLMOutputInvalid("the model repeated its instructions")
    claimed = {m.lower() for m in _RISK_CLAIM.findall(text)}
    if claimed - {bp.risk.value.lower()} - {m.lower() for m in _RISK_CLAIM.findall(lens_text)}:
        levels = ", ".join(sorted(claimed))
        raise LLMOutputInvalid(f"the draft states a risk level ({levels}); only the lens sets risk")


def lens_text_of(bp: BestPractice) -> str:
    """The BP's desired outcome, guidance and implementation steps as plain text: all the model may draw on."""
    parts = [f"Desired outcome: {plain(bp.desired_outcome or bp.intro)}", f"Guidance: {plain(bp.guidance)}"]
    if bp.steps:
        parts.append("Implementation steps:")
        parts += [f"{n}. {plain(s.title).rstrip('.')}: {plain(s.text)}" for n, s in enumerate(bp.steps, start=1)]
    return "\n".join(parts)[:MAX_LENS_TEXT_CHARS]


def evidence_text(evidence: Evidence) -> str:
    """The user's words as quoted data; tags that could close the evidence block early are neutralised."""
    quote = _EVIDENCE_TAG.sub("[tag removed]", evidence.quote.strip())[:MAX_EVIDENCE_CHARS]
    how = evidence.provenance.value.replace("_", " ")
    if not quote:
        return f"(No words from the team about this practice; status {how}.)"
    return f'The team said ({how}): "{quote}"'
