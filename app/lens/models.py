"""Typed, immutable model of the ML Lens: Lens -> Pillar -> Question -> BestPractice. PURE: no I/O."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cached_property

from app.frozen import Frozen as _Frozen

LENS_NAME = "AWS Well-Architected Machine Learning Lens"
DOCS_BASE_URL = "https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/"
ATTRIBUTION = (
    "Best-practice text: AWS Well-Architected Machine Learning Lens, (c) Amazon.com, Inc. or its "
    "affiliates, MIT-0 (aws-samples/sample-well-architected-skills-and-steering). "
    f"Source: {DOCS_BASE_URL}"
)


class Risk(StrEnum):
    HIGH = "High"
    MEDIUM = "Medium"


class Phase(StrEnum):
    BUSINESS_GOAL = "Business goal identification"
    PROBLEM_FRAMING = "ML problem framing"
    DATA_PROCESSING = "Data processing"
    MODEL_DEVELOPMENT = "Model development"
    DEPLOYMENT = "Deployment"
    MONITORING = "Monitoring"

    @property
    def slug(self) -> str:
        return PHASE_SLUGS[self]

    @property
    def order(self) -> int:
        return list(Phase).index(self)

    @classmethod
    def parse(cls, text: str) -> Phase:
        """Accept the title ("Data processing"), the slug ("data-processing") or the enum name."""
        key = re.sub(r"[\s_-]+", " ", text.strip().lower())
        for phase in cls:
            if key in (phase.value.lower(), phase.slug.replace("-", " "), phase.name.lower().replace("_", " ")):
                return phase
        raise ValueError(text)


PHASE_SLUGS = {
    Phase.BUSINESS_GOAL: "business-goal",
    Phase.PROBLEM_FRAMING: "problem-framing",
    Phase.DATA_PROCESSING: "data-processing",
    Phase.MODEL_DEVELOPMENT: "model-development",
    Phase.DEPLOYMENT: "deployment",
    Phase.MONITORING: "monitoring",
}


class PillarId(StrEnum):
    OPS = "ops"
    SEC = "sec"
    REL = "rel"
    PERF = "perf"
    COST = "cost"
    SUS = "sus"

    @property
    def title(self) -> str:  # type: ignore[override]
        return PILLAR_NAMES[self]

    @property
    def prefix(self) -> str:
        return PILLAR_PREFIXES[self]

    @classmethod
    def parse(cls, text: str) -> PillarId:
        """Accept the short id ("sec"), the name ("Security") or the question prefix ("MLSEC")."""
        key = re.sub(r"[\s_-]+", " ", text.strip().lower())
        for pillar in cls:
            if key in (pillar.value, pillar.title.lower(), pillar.prefix.lower()):
                return pillar
        raise ValueError(text)


PILLAR_NAMES = {
    PillarId.OPS: "Operational Excellence",
    PillarId.SEC: "Security",
    PillarId.REL: "Reliability",
    PillarId.PERF: "Performance Efficiency",
    PillarId.COST: "Cost Optimization",
    PillarId.SUS: "Sustainability",
}
PILLAR_PREFIXES = {p: "ML" + p.value.upper() for p in PillarId}


class Section(StrEnum):
    """The parts of a BP page; passages and citations name one of these."""

    INTRO = "intro"
    DESIRED_OUTCOME = "desired_outcome"
    ANTI_PATTERNS = "anti_patterns"
    BENEFITS = "benefits"
    GUIDANCE = "implementation_guidance"
    STEPS = "implementation_steps"
    RESOURCES = "resources"
    OVERVIEW = "overview"
    PRACTICE_CARD = "practice_card"  # the project's plain-language description of a BP: matched, never quoted


class Resource(_Frozen):
    kind: str  # "documents" | "videos" | "examples" | "services"
    title: str
    url: str


class ImplementationStep(_Frozen):
    title: str
    text: str


class BestPractice(_Frozen):
    id: str
    question_id: str
    pillar: PillarId
    phase: Phase
    title: str
    risk: Risk
    intro: str
    desired_outcome: str
    anti_patterns: tuple[str, ...]
    benefits: tuple[str, ...]
    guidance: str
    steps: tuple[ImplementationStep, ...]
    resources: tuple[Resource, ...]
    url: str
    legacy_id: str | None = None

    def section_text(self, section: Section) -> str:
        """Plain text of one section of this BP, as shown to users and embedded."""
        if section is Section.INTRO:
            return self.intro
        if section is Section.DESIRED_OUTCOME:
            return self.desired_outcome
        if section is Section.ANTI_PATTERNS:
            return "\n".join(f"- {item}" for item in self.anti_patterns)
        if section is Section.BENEFITS:
            return "\n".join(f"- {item}" for item in self.benefits)
        if section is Section.GUIDANCE:
            return self.guidance
        if section is Section.STEPS:
            return "\n".join(f"- {s.title}. {s.text}".rstrip() for s in self.steps)
        if section is Section.RESOURCES:
            return "\n".join(f"- {r.title} ({r.url})" for r in self.resources)
        raise ValueError(f"a best practice has no {section} section")


class Question(_Frozen):
    id: str
    pillar: PillarId
    phase: Phase
    best_practices: tuple[BestPractice, ...]

    @property
    def title(self) -> str:
        return f"{self.pillar.title} · {self.phase.value}"

    @property
    def url(self) -> str:
        return self.best_practices[0].url if self.best_practices else DOCS_BASE_URL


class Pillar(_Frozen):
    id: PillarId
    questions: tuple[Question, ...]

    @property
    def name(self) -> str:
        return self.id.title


class OverviewSection(_Frozen):
    """A section of the project's own lens overview (corpus/overview), indexed like a BP section."""

    id: str
    title: str
    text: str
    url: str


class Lens(_Frozen):
    pillars: tuple[Pillar, ...]
    overview: tuple[OverviewSection, ...] = ()
    corpus_hash: str = ""
    version: str = ""

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for p in self.pillars for q in p.questions)

    @cached_property
    def best_practices(self) -> tuple[BestPractice, ...]:
        return tuple(bp for q in self.questions for bp in q.best_practices)

    @cached_property
    def _bp_by_id(self) -> dict[str, BestPractice]:
        table = {bp.id: bp for bp in self.best_practices}
        table.update({bp.legacy_id: bp for bp in self.best_practices if bp.legacy_id})
        return table

    @cached_property
    def _question_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def best_practice(self, bp_id: str) -> BestPractice | None:
        """Look up a BP by its new or legacy ID (exact, canonical spelling)."""
        return self._bp_by_id.get(bp_id)

    def question(self, question_id: str) -> Question | None:
        return self._question_by_id.get(question_id)

    def pillar(self, pillar_id: PillarId) -> Pillar:
        return next(p for p in self.pillars if p.id is pillar_id)
