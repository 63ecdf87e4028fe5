"""The `none`-mode composer: an answer made of the lens sentences that best answer the question, each labelled with the
section it came from and followed by its BP citation, under one heading per practice (title, pillar, phase, risk),
with source URLs and the AWS attribution. PURE: no I/O (the embedder is a port; its lens sentences are precomputed).

Which sentences: every quotable sentence of the in-scope practices is scored against the question (cosine similarity
of the sentence embeddings, word overlap weighted by how rare each question word is among those sentences, late
interaction of the question's word pieces with the sentence's (app/retrieval/sentence_tokens.py), a weight per section
learnt from the dev questions). The practices with the best evidence (best sentence plus retrieval
relevance) are quoted, best first; then sentences are picked one at a time, most relevant first, each discounted by
its similarity to what is already quoted (maximal marginal relevance), up to a fixed number of quoted lines per answer,
most of them from the best practice.

Sentences must stand alone: one that opens by referring back ("This baseline…", "These include…", "It also…") is
quoted together with the sentence before it on the same line, or not at all. Near-duplicates (cosine > 0.9) are
quoted once.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import NDArray

from app.lens.models import ATTRIBUTION, BestPractice, Lens, Section
from app.qa.models import Citation
from app.retrieval.base import BPHit, Embedder, InteractionScorer, JudgeScorer, SearchResult
from app.retrieval.chunking import SECTION_LABELS
from app.retrieval.lexical import tokens
from app.retrieval.sentences import QUOTED_SECTIONS, clean, split_lines, split_sentences

__all__ = [
    "Composed",
    "candidate_hits",
    "compose_extractive",
    "dangles",
    "quotable",
    "refers_back",
    "sources_paragraph",
    "split_sentences",
]

MAX_BPS = 3  # practices quoted in one answer
# Quoted lines (a sentence, or a sentence with the one it refers back to) per answer: a fixed cap, the same total as
# before (3 for the best practice + 2 + 2). The best practice is the answer and may fill up to 6 of them (the seventh is
# always open to a "see also" line); the others
# are "see also" lines. The cap and the sentence weights below were fitted on the ask dev split and judged
# by 5-fold cross-validation over its rows (eval/ask_ranking_cv.py; docs/extractive-answers.md).
MAX_LINES = 7
LINES_FOR_BEST_BP = 6
LINES_PER_OTHER_BP = 2
# When the first practice's evidence (below) leads the second's by at least CLEAR_LEAD, the first practice is the answer
# and the other practices share SEE_ALSO_AFTER_CLEAR_LEAD line(s) between them; when the evidence is closer, each other
# practice may take up to LINES_PER_OTHER_BP lines, as many as its sentences earn against the first practice's. On the
# dev split a clear lead means the first practice is the expected one for 94 % of questions, a lead under 0.1 for half
# (docs/extractive-answers.md, 2026-12-01 morning). A lead is not clear either when another practice's best line
# outscores the first practice's weakest (its LINES_FOR_BEST_BP-th best) by more than STRONG_SEE_ALSO (inf: never).
# All three settings below are fitted jointly by eval/ask_ranking_cv.py. Refitted after the merge of retrieval's
# score-aware fusion and paragraph pooling (2026-12-01, late morning), and again after retrieval's spellings and
# overview rule and the composer's "retrieval's first hit is a candidate" (2026-12-01, midday), on the 231 dev rows
# ask-001…ask-440 (the later rows ask-501…640 left out as a check): a lead of 0.1 with the strong "see also" margin
# at 0.4 and paragraph weight 0.3; since session 12, on the 391 rows ask-001…ask-840: lead 0.15, margin 0.3, paragraph
# weight 0.5 (docs/extractive-answers.md, "Twelfth session").
CLEAR_LEAD = 0.1  # 0.15 from 2026-12-01 (evening) until the refit with session 17's scope gate (rows answered)
SEE_ALSO_AFTER_CLEAR_LEAD = 1
STRONG_SEE_ALSO = 0.3  # 0.4 until the refit on ask-001…ask-840 (2026-12-01, session 12)
# When lines are picked a unit's score is raised by PARAGRAPH_WEIGHT x the best score of the other units of its
# paragraph or list item (0 when it has none): a sentence in a passage that answers the question is more often the
# wanted one than an equally scored sentence on its own. Practices are still ranked on the unit scores alone.
PARAGRAPH_WEIGHT = 0.5  # 0.3 until the refit on ask-001…ask-840 (2026-12-01, session 12)
# With the line judge (`pick_within`) the judged scores are pooled with a weight of their own: at the shipped 0.5 a
# sentence in a long guidance paragraph outranked the judge's best line when that line stands alone on its list item
# (most implementation steps), the largest share of the dev rows whose wanted line is ranked below the cut. Chosen on
# dev (leaving each hundred of rows out, 0.25 was picked for 13 of 16 folds; docs/extractive-answers.md, "Session 26").
JUDGE_PARAGRAPH_WEIGHT = 0.25
# The answer is read top-down, so the first practice's quoted lines are shown in the order of LEAD_WEIGHTS x their
# LEAD_FEATURES (empty: the order they were picked), the line most likely to answer first. Which lines are quoted does
# not change. A pairwise logistic regression over the dev questions' quoted first-practice lines: every line a reader
# marked as answering (`wanted` or `also`, eval/ask/README.md) should come before every other (eval/ask_ranking_cv.py
# fit_order; scaled so that the pooled score weighs 1). A desired outcome or anti-pattern rarely answers as directly
# as the line below it, and a unit early on the page more often than one further down.
LEAD_FEATURES: tuple[str, ...] = ()  # set below, after FEATURES
LEAD_WEIGHTS: dict[str, float] = {  # fitted on ask-001…ask-840 with the weights below (refitted 2026-12-02, session 17)
    "pooled": 1.0,
    "score": 1.679,
    "section:desired_outcome": -0.751,
    "section:anti_patterns": 0.054,
    "page": -0.364,
}
# With the line judge (`pick_within`) the first practice's lines are shown by their judged score alone (the score
# they were chosen by, unpooled, no section or place term): LEAD_WEIGHTS were fitted on the shipped scores before the
# judge, and on the judged scores they put a line that answers first for 268 dev rows and 88 of 271 unseen rows, the
# judged score alone for 269 and 96. Refitting LEAD_WEIGHTS' features on the judged scores gained nothing out of fold
# (267 dev rows, each hundred left out) and lost unseen rows (docs/extractive-answers.md, "Session 28").
JUDGE_LEAD_WEIGHTS: dict[str, float] = {"score": 1.0}
NEAR_DUPLICATE = 0.9  # cosine above which two sentences say the same thing
REDUNDANCY_WEIGHT = 0.3  # how much similarity to an already quoted sentence lowers a candidate (MMR)
RELEVANCE_WEIGHT = 2.0  # weight of retrieval relevance (0..1) against the best sentence score when choosing practices
# Retrieval's own order counts too: a practice's evidence is lowered by RETRIEVAL_WEIGHT x how far its fused score
# (dense and BM25 ranks and scores, app/retrieval/hybrid.py) is below the best candidate's, relative to that best. The
# relevance above is the dense cosine alone; the fused score also carries the words the question shares with the
# practice's passages. Measured with eval/ask_ranking_cv.py --fit-retrieval and not shipped: a gain of one dev row
# leaving a writer batch out, a loss of one on the later rows (docs/extractive-answers.md, 2026-12-01 midday).
RETRIEVAL_WEIGHT = 0.0
# Which practices are quoted is decided on their best unit (above); in which order, on the mean of their
# EVIDENCE_UNITS best unit scores (a generic or neighbouring practice often led on one sentence sharing the question's
# words), lowered by RETRIEVAL_RANK_WEIGHT per place below retrieval's first candidate. Chosen on dev by a replay of
# the practice order, each two hundred rows left out (the same setting in all 8 folds): the expected practice heads
# the answer for 459 rows out of fold where the best unit alone gave 440 (eval/ask_practice_order.py;
# docs/extractive-answers.md, "Session 28 (rank28)").
EVIDENCE_UNITS = 3
RETRIEVAL_RANK_WEIGHT = 0.15
# Late interaction is scored only for the units that can still be quoted: each practice's best by the other features
# (measured in docs/extractive-answers.md, "Late interaction").
INTERACTION_UNITS = 12
MIN_WORDS = 8  # shorter sentences are step titles and labels ("Set up secure inference API endpoints."), not answers
HEADER = "From the AWS Well-Architected Machine Learning Lens (extractive answer: quoted lens text, no language model):"
_SECTIONS = (*QUOTED_SECTIONS, Section.OVERVIEW)
FEATURES = ("meaning", "overlap", "interaction", *(f"section:{s.value}" for s in _SECTIONS))
_SECTION_COLUMN = {s: FEATURES.index(f"section:{s.value}") for s in _SECTIONS}
_INTERACTION_COLUMN = FEATURES.index("interaction")
LEAD_FEATURES = ("pooled", "score", *(f"section:{s.value}" for s in _SECTIONS), "page")
_LEAD_SECTION = {s: LEAD_FEATURES.index(f"section:{s.value}") for s in _SECTIONS}
# A unit's score is its features (FEATURES) times these weights: a pairwise logistic regression over the dev questions
# (every sentence of the expected practice that answers the question, `wanted` by its writer or `also` by a second
# blind reader (eval/ask/README.md), should outscore every other sentence of that practice), scaled so that meaning
# weighs 1. Reviewers rarely want a benefit bullet or one of the many implementation steps; whether they prefer a
# desired outcome, the guidance or an anti-pattern differs from writer to writer, so those weigh 0 like the overview.
# Until 2026-12-01 (evening) `wanted` alone were the right ones (overlap 0.470, interaction 1.462, benefits -1.483,
# steps -0.546; docs/extractive-answers.md, "Eleventh session").
WEIGHTS: dict[str, float] = {  # refitted on the 391 dev rows ask-001…ask-840 (eval/ask_ranking_cv.py FITTED_ON)
    # last refitted 2026-12-02 (session 17), when the scope gate's exemplars made it answer more of those rows
    "meaning": 1.0,
    "overlap": 0.730,
    "interaction": 1.165,  # late interaction of the question's word pieces with the sentence's (sentence_tokens.py)
    "section:benefits": -0.695,
    "section:implementation_steps": -0.252,
}
# Without late interaction (MLLENS_LATE_INTERACTION=false, or an index without the word-piece store) the
# weights fitted the same way without that feature, on the 151 dev rows ask-001…ask-240 (main's before it).
WEIGHTS_WITHOUT_INTERACTION: dict[str, float] = {
    "meaning": 1.0,
    "overlap": 0.550,
    "section:benefits": -0.863,
    "section:implementation_steps": -0.284,
}

# The line judge (setting line_judge; app/retrieval/line_judge.py): the best cosine of the question with a unit's
# sentences through MiniLM's last layer fine-tuned on the ask dev pairs. It only chooses lines (`pick_within`): the
# practices and how many lines each quotes stay the shipped weights'; which lines, and the first practice's order,
# follow these weights (the judge's joint fit with the shipped features on the 581 dev rows ask-001…ask-14xx, each
# row's judge out of fold, scaled so that meaning and the judge weigh 1 together: eval/ask_finetune.py --lines-only
# --within, docs/extractive-answers.md, sessions 19 and 20). Meaning weighs against the judge: what the fine-tune
# learnt is a small correction of the shipped cosine, and the fit weighs that difference.
JUDGE_FIT: dict[str, float] = {
    "meaning": -5.193,
    "judge": 6.193,
    "overlap": 0.445,
    "interaction": 0.754,
    "section:benefits": -0.452,
    "section:implementation_steps": -0.130,
}
# That fit weighed judges that had not seen the rows they judged; the shipped judge is tuned on every dev row and
# judges new questions better than they did, so its correction is trusted more: the weights lines are chosen by are
# (JUDGE_FIT - JUDGE_SHARPENING x WEIGHTS) / (1 - JUDGE_SHARPENING), meaning and the judge still weighing 1 together,
# the judge's correction 1 / (1 - JUDGE_SHARPENING) times as much, the shipped features' share less. Chosen on dev by
# a replay of `pick_within` leaving each hundred rows out (0.4 in 9 of 16 folds, 0.3-0.35 in the others) and checked on
# every unseen ask set (docs/extractive-answers.md, "Session 27").
JUDGE_SHARPENING = 0.4


def _sharpened(fit: dict[str, float], shipped: dict[str, float], share: float) -> dict[str, float]:
    return {name: (fit.get(name, 0.0) - share * shipped.get(name, 0.0)) / (1 - share) for name in fit.keys() | shipped}


JUDGE_WEIGHTS = _sharpened(JUDGE_FIT, WEIGHTS, JUDGE_SHARPENING)


def weight_vector(weights: dict[str, float]) -> NDArray[np.float64]:
    return np.array([weights.get(name, 0.0) for name in FEATURES])


_LABEL = SECTION_LABELS | {Section.ANTI_PATTERNS: "Anti-pattern to avoid"}
# Openers that refer back to something said before; "It is important to …" and the like do not.
_REFERS_BACK = re.compile(r"^(?:this|these|that|those|it|its|they|their|them|such|similarly|once identified)\b", re.I)
_EXPLETIVE_IT = re.compile(
    r"^it(?:'s| is) (?:\w+ )?(?:important|essential|critical|crucial|necessary|recommended|advisable|possible|helpful|"
    r"useful|common|good|best|vital|key|worth)\b",
    re.I,
)


# A demonstrative that starts the main clause after a short opening phrase refers back just the same: "However, this
# approach …", "For neural networks, this might include …", "If not monitored, these changes …". ("It"/"they" there
# usually mean the opening phrase's own subject: "When teams work in silos, they …".)
_REFERS_BACK_AFTER_OPENER = re.compile(r"^[\w'-]+(?: [\w'-]+){0,4}, (?:this|these|those)\b", re.I)


def dangles(sentence: str) -> bool:
    """True when `sentence` opens by referring back to something it does not say itself."""
    return bool(_REFERS_BACK.match(sentence)) and not _EXPLETIVE_IT.match(sentence)


def refers_back(sentence: str) -> bool:
    """True when `sentence` opens by referring back (`dangles`) or its main clause does, after a short opening phrase;
    such a sentence is quoted with the one before it or not at all."""
    return dangles(sentence) or bool(_REFERS_BACK_AFTER_OPENER.match(sentence))


@dataclass(frozen=True)
class Composed:
    paragraphs: tuple[str, ...]  # streamed one by one; joined with blank lines they are the answer
    citations: tuple[Citation, ...]
    quoted: tuple[tuple[str, ...], ...] = ()  # the lens sentences of each quoted line, in answer order

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class _Sentence:
    text: str  # one sentence, or a sentence preceded by the one it refers back to
    parts: tuple[str, ...]  # the lens sentences `text` is made of
    section: Section
    order: int
    score: float
    labelled: bool = True  # False when the text already says where it comes from
    line: int = -1  # the paragraph or list item of its page the unit is on (-1: a summary line)

    # What ranking needs of a unit, from its text only: computed once per unit object (a practice's units are made
    # once per lens, so once per process), then read from the instance.
    @functools.cached_property
    def words(self) -> frozenset[str]:
        return _unit_words(self.parts)

    @functools.cached_property
    def keys(self) -> frozenset[str]:
        return _unit_keys(self.parts)


def compose_extractive(
    question: str,
    result: SearchResult,
    lens: Lens,
    embedder: Embedder | None = None,
    focus: Sequence[str] = (),
) -> Composed:
    """Compose from the in-scope hits of `result` (the caller has already refused out-of-scope questions). With an
    embedder, sentences are ranked by meaning as well as words and near-duplicates are dropped. `focus`: words the
    question names again to weigh them (a follow-up's new focus, app/qa/followup.py `search_query`); each occurrence
    counts its stems once more in the words a sentence shares with the question, as the ranking counted them. Empty
    (every single question): each of the question's words counts once."""
    paragraphs = [HEADER]
    citations: list[Citation] = []
    id_hits = [h for h in result.hits if h.relevance >= 1.0] if result.route == "id" else []
    if len(id_hits) > MAX_BPS:  # a question ID: one line per best practice
        return _overview(id_hits, lens, paragraphs)
    known = None
    if result.query == question:  # the question searched: composed as the retriever read it, with its vector
        question = result.read_as
        known = result.query_vector(embedder.name) if embedder is not None else None
    selector = _Selector(question, embedder, known, focus)
    if id_hits:  # a BP ID: its summary
        groups = []
        for hit in id_hits:
            bp = lens.best_practice(hit.bp_id)
            groups += [(hit, _summary_sentences(bp))] if bp else selector.choose([hit], lens)
    else:
        groups = selector.choose(candidate_hits(result), lens)
    quoted: list[tuple[str, ...]] = []
    for hit, chosen in groups:
        if not chosen:
            continue
        lines = [f"- {_label(s)}{s.text} [{hit.bp_id}]" for s in chosen]
        quoted += [s.parts for s in chosen]
        paragraphs.append("\n".join([_heading(hit), *lines]))
        for section in dict.fromkeys(s.section for s in chosen):
            texts = [s.text for s in chosen if s.section is section]
            citations.append(
                Citation(
                    bp_id=hit.bp_id,
                    title=hit.title,
                    section=section,
                    url=hit.url,
                    quote=" ".join(texts),
                    risk=hit.risk,
                )
            )
    paragraphs.append(sources_paragraph(citations))
    return Composed(tuple(paragraphs), tuple(citations), tuple(quoted))


def candidate_hits(result: SearchResult) -> list[BPHit]:
    """The practices an answer may quote, in retrieval's order: every hit at or above the relevance threshold, and
    retrieval's first hit whatever its dense relevance (its fused rank also counts the question's words, so a terse
    question's lead may have a low cosine; measured in docs/extractive-answers.md, 2026-12-01 midday)."""
    return [h for n, h in enumerate(result.hits) if n == 0 or h.relevance >= result.threshold]


def _overview(hits: list[BPHit], lens: Lens, paragraphs: list[str]) -> Composed:
    lines, citations = [], []
    for hit in hits:
        bp = lens.best_practice(hit.bp_id)
        first = split_sentences(bp.intro)[:1] if bp else []
        risk = f" ({hit.risk.value} risk)" if hit.risk else ""
        lines.append(f"- **{hit.bp_id} {hit.title}**{risk}: {first[0] if first else ''} [{hit.bp_id}]")
        citations.append(
            Citation(
                bp_id=hit.bp_id,
                title=hit.title,
                section=Section.INTRO,
                url=hit.url,
                quote=first[0] if first else hit.title,
                risk=hit.risk,
            )
        )
    paragraphs += ["\n".join(lines), sources_paragraph(citations)]
    return Composed(tuple(paragraphs), tuple(citations))


def sources_paragraph(citations: list[Citation] | tuple[Citation, ...]) -> str:
    pages = dict.fromkeys((c.bp_id, c.title, c.url) for c in citations)
    lines = ["Sources:"] + [f"- [{bp_id}] {title}: {url}" for bp_id, title, url in pages]
    return "\n".join(lines) + "\n\n" + ATTRIBUTION


def _heading(hit: BPHit) -> str:
    facts = [hit.pillar.title] if hit.pillar else []
    facts += [hit.phase.value] if hit.phase else []
    if hit.risk:
        facts.append(f"{hit.risk.value} risk if not established")
    suffix = f" ({' · '.join(facts)})" if facts else ""
    return f"**{hit.bp_id} {hit.title}**{suffix}"


def _label(sentence: _Sentence) -> str:
    return f"{_LABEL[sentence.section]}: " if sentence.labelled and sentence.section in _LABEL else ""


class _Selector:
    """Chooses the practices to quote and the sentences to quote from them for one question."""

    def __init__(
        self,
        question: str,
        embedder: Embedder | None,
        vector: NDArray[np.float32] | None = None,
        focus: Sequence[str] = (),
    ) -> None:
        """`vector`: the question's embedding by `embedder`'s model when the retriever already made it; `focus`: see
        `compose_extractive`."""
        self._embedder = embedder
        self._words = set(tokens(question))
        self._asked = frozenset(self._words)  # the question's own words, without the focus
        self._weight = Counter(self._words)  # how many times each question word counts
        focus_tokens = tokens(" ".join(focus))
        self._focus = frozenset(focus_tokens)
        self._weight.update(focus_tokens)
        self._words.update(self._weight)
        self._text = question
        self._question: NDArray[np.float32] | None = None
        if embedder is not None:
            self._question = vector if vector is not None else embedder.embed([question])[0]
        self._interacts = isinstance(embedder, InteractionScorer) and embedder.interacts
        self._weights = weight_vector(WEIGHTS if self._interacts else WEIGHTS_WITHOUT_INTERACTION)
        # the judge's weights were fitted with late interaction: without it, lines are chosen as before
        self._judges = self._interacts and isinstance(embedder, JudgeScorer) and embedder.judges

    def choose(self, hits: list[BPHit], lens: Lens) -> list[tuple[BPHit, list[_Sentence]]]:
        """The practices to quote, best evidence first, each with its chosen sentences in the order chosen."""
        pools = [(hit, _candidates(hit, lens.best_practice(hit.bp_id))) for hit in hits]
        pools = [(hit, units) for hit, units in pools if units]
        if not pools:
            return []
        everything = _Units([unit for _, units in pools for unit in units], self._embedder)
        owner = np.array([p for p, (_, units) in enumerate(pools) for _ in units])
        features = self.features(everything, owner)
        ranked, lead = rank_with_lead(
            features @ self._weights, owner, [hit.relevance for hit, _ in pools], [hit.score for hit, _ in pools]
        )
        # Sentences compete only with those of the practices being quoted: word rarity is counted among them.
        keep = np.flatnonzero(np.isin(owner, ranked))
        candidates = everything.subset(keep)
        chosen_features = self.features(candidates, interaction=features[keep, _INTERACTION_COLUMN])
        scores = chosen_features @ self._weights
        judged = self._judged(candidates, chosen_features) if self._judges else None
        if judged is None:
            chosen = pick_lines(candidates, owner[keep], scores, ranked, lead)
        else:
            chosen = pick_within(candidates, owner[keep], scores, judged, ranked, lead)
        if self._focus:
            self._answer_focus(candidates, owner[keep], scores, ranked, chosen)
        return [(pools[p][0], chosen[p]) for p in ranked if chosen[p]]

    def _judged(self, units: _Units, features: NDArray[np.float64]) -> NDArray[np.float64] | None:
        """The units' scores by JUDGE_WEIGHTS: their `features` and the judge (the best score of their sentences),
        or None when the embedder cannot judge this question."""
        distinct: dict[str, int] = {}
        which = [distinct.setdefault(part, len(distinct)) for unit in units.units for part in unit.parts]
        scores = cast(JudgeScorer, self._embedder).judge_scores(self._text, list(distinct))
        if scores is None:
            return None
        column = np.full(len(units.units), -np.inf)
        np.maximum.at(column, units.part_owner, scores[which])
        judged: NDArray[np.float64] = features @ weight_vector(JUDGE_WEIGHTS) + JUDGE_WEIGHTS["judge"] * column
        return judged

    def _answer_focus(
        self,
        units: _Units,
        owner: NDArray[np.int_],
        scores: NDArray[np.float64],
        ranked: list[int],
        chosen: dict[int, list[_Sentence]],
    ) -> None:
        """A follow-up's new focus gets an answer when the practices quoted say anything of it: when no chosen unit
        names a focus word (by stem) and a unit of a practice in `ranked` does, the best-scored such unit is quoted
        too, with its practice (in place of the last unit of the practice quoted most when MAX_LINES are quoted)."""
        if any(self._focus & unit.words for lines in chosen.values() for unit in lines):
            return
        named = [n for n, words in enumerate(units.words) if self._focus & words and int(owner[n]) in ranked]
        if not named:
            return
        best = max(named, key=lambda n: (float(scores[n]), -n))
        if sum(len(lines) for lines in chosen.values()) >= MAX_LINES:
            chosen[max(ranked, key=lambda p: len(chosen[p]))].pop()
        unit = units.units[best]
        chosen[int(owner[best])].append(
            _Sentence(unit.text, unit.parts, unit.section, unit.order, round(float(scores[best]), 4))
        )

    def features(
        self, units: _Units, owner: NDArray[np.int_] | None = None, interaction: NDArray[np.float64] | None = None
    ) -> NDArray[np.float64]:
        """One row per unit, one column per name in FEATURES: meaning (best cosine of the unit's sentences with the
        question), the rarity-weighted share of the question's words it contains (rarity counted among `units`), late
        interaction (with `owner`, each unit's practice: only for the INTERACTION_UNITS best of each practice by the
        other features; `interaction`: that column as already computed), and a one-hot of its section."""
        counts = _containing(self._words, units.words)
        # A focus word no unit names is left out of the total: it would only dilute every unit's share alike, which
        # shifts the overlap against meaning and changes the lines quoted for a word none of them says.
        words = [w for w in self._words if counts[w] or w in self._asked]
        rarity = {w: self._weight[w] * math.log((len(units.words) + 1) / (counts[w] + 0.5)) for w in words}
        total = math.fsum(rarity.values()) or 1.0
        out = np.zeros((len(units.units), len(FEATURES)))
        out[:, 1] = [math.fsum([rarity[w] for w in rarity.keys() & words]) / total for words in units.words]
        if units.vectors is not None and self._question is not None:
            meaning = np.full(len(units.units), -np.inf)
            np.maximum.at(meaning, units.part_owner, (units.vectors @ self._question).astype(np.float64))
            out[:, 0] = meaning
        for n, unit in enumerate(units.units):
            out[n, _SECTION_COLUMN[unit.section]] = 1.0
        if interaction is not None:
            out[:, _INTERACTION_COLUMN] = interaction
        elif self._interacts:
            out[:, _INTERACTION_COLUMN] = self._interaction_column(
                units, None if owner is None else (out @ self._weights, owner)
            )
        return out

    def _interaction_column(
        self, units: _Units, ranking: tuple[NDArray[np.float64], NDArray[np.int_]] | None
    ) -> NDArray[np.float64]:
        """Each unit's best late-interaction score (app/retrieval/sentence_tokens.py) of its sentences with the
        question; 0 when the embedder cannot give word-piece vectors. With `ranking` (the units' scores without it
        and their practices), only each practice's INTERACTION_UNITS best units are scored; the others get the
        lowest score of their practice's scored ones (they rank below those on the other features already)."""
        scorer = cast(InteractionScorer, self._embedder)
        scored = np.arange(len(units.units))
        if ranking is not None:
            base, owner = ranking
            order = np.lexsort((-base, owner))  # by practice, best first within each
            practices = owner[order]
            scored = order[scored - np.searchsorted(practices, practices) < INTERACTION_UNITS]
        distinct: dict[str, int] = {}  # a sentence quoted alone and as the first of a pair is scored once
        whose, which = [], []
        for n in scored.tolist():
            for part in units.units[n].parts:
                which.append(distinct.setdefault(part, len(distinct)))
                whose.append(n)
        scores = scorer.interaction_scores(self._text, list(distinct))
        if scores is None:
            self._interacts = False
            return np.zeros(len(units.units))
        column = np.full(len(units.units), -np.inf)
        np.maximum.at(column, whose, scores[which])
        if ranking is not None and len(scored) < len(units.units):
            owner = ranking[1]
            floor = np.full(int(owner.max()) + 1, np.inf)
            np.minimum.at(floor, owner[scored], column[scored])
            rest = np.ones(len(units.units), dtype=bool)
            rest[scored] = False
            column[rest] = floor[owner[rest]]
        return column


def rank_practices(
    scores: NDArray[np.float64], owner: NDArray[np.int_], relevance: list[float], fused: list[float] | None = None
) -> list[int]:
    """The (at most MAX_BPS) practices with the best evidence, best first: RELEVANCE_WEIGHT x retrieval relevance +
    the score of their best unit (`owner[n]` is the practice of unit n) + retrieval's order (`retrieval_prior`);
    ordered as `rank_with_lead` says."""
    return rank_with_lead(scores, owner, relevance, fused)[0]


def rank_with_lead(
    scores: NDArray[np.float64], owner: NDArray[np.int_], relevance: list[float], fused: list[float] | None = None
) -> tuple[list[int], float]:
    """`rank_practices`, and by how much the first practice's evidence leads the second's (inf when there is one).
    The practices are chosen by RELEVANCE_WEIGHT x relevance + their best unit + `retrieval_prior`, and ordered by the
    same with the mean of their EVIDENCE_UNITS best units in place of the best, less RETRIEVAL_RANK_WEIGHT x their
    place in retrieval's order (the lead is on that evidence)."""
    prior = retrieval_prior(fused) if fused is not None else [0.0] * len(relevance)
    best = {p: RELEVANCE_WEIGHT * r + prior[p] + float(scores[owner == p].max()) for p, r in enumerate(relevance)}
    quoted = sorted(best, key=lambda p: (-best[p], p))[:MAX_BPS]
    evidence = {
        p: best[p] - float(scores[owner == p].max()) - RETRIEVAL_RANK_WEIGHT * p + _best_mean(scores[owner == p])
        for p in quoted
    }
    ranked = sorted(quoted, key=lambda p: (-evidence[p], p))
    lead = evidence[ranked[0]] - evidence[ranked[1]] if len(ranked) > 1 else math.inf
    return ranked, lead


def _best_mean(scores: NDArray[np.float64]) -> float:
    """The mean of a practice's EVIDENCE_UNITS best unit scores (of all of them when it has fewer)."""
    return float(np.sort(scores)[::-1][:EVIDENCE_UNITS].mean())


def retrieval_prior(fused: list[float]) -> list[float]:
    """What retrieval's fused scores add to each practice's evidence: 0 for the best, -RETRIEVAL_WEIGHT x the share
    of the best's score a practice is short of for the others (fused scores compare within one search only)."""
    top = max(fused)
    if not RETRIEVAL_WEIGHT or top <= 0:
        return [0.0] * len(fused)
    return [RETRIEVAL_WEIGHT * (f - top) / top for f in fused]


def pick_lines(
    units: _Units, owner: NDArray[np.int_], scores: NDArray[np.float64], ranked: list[int], lead: float = 0.0
) -> dict[int, list[_Sentence]]:
    """The units quoted from each practice of `ranked`, in the order picked: up to LINES_FOR_BEST_BP from the first,
    LINES_PER_OTHER_BP from each other one, MAX_LINES in all; when the first practice's evidence leads by CLEAR_LEAD
    or more (`lead`) and no other practice's best unit outscores the first's LINES_FOR_BEST_BP-th by more than
    STRONG_SEE_ALSO, SEE_ALSO_AFTER_CLEAR_LEAD from the others together. Scores are pooled with the unit's
    paragraph's (PARAGRAPH_WEIGHT) first."""
    pooled, caps, see_also = _allotment(units, owner, scores, ranked, lead)
    chosen = _pick(units, owner, pooled, caps, see_also)
    if LEAD_WEIGHTS and len(chosen[ranked[0]]) > 1:
        chosen[ranked[0]] = _lead_order(units, owner, scores, pooled, chosen[ranked[0]], ranked[0])
    return chosen


def line_counts(
    units: _Units, owner: NDArray[np.int_], scores: NDArray[np.float64], ranked: list[int], lead: float = 0.0
) -> dict[int, int]:
    """How many lines `pick_lines` quotes from each practice of `ranked`: the same greedy pick, without making the
    lines or ordering the first practice's."""
    pooled, caps, see_also = _allotment(units, owner, scores, ranked, lead)
    picked = Counter(int(owner[n]) for n in _greedy(units, owner, pooled, caps, see_also))
    return {p: picked[p] for p in ranked}


def _allotment(
    units: _Units, owner: NDArray[np.int_], scores: NDArray[np.float64], ranked: list[int], lead: float
) -> tuple[NDArray[np.float64], dict[int, int], int]:
    """What `pick_lines` picks from: the scores pooled with the paragraph's, each practice's cap, and how many lines
    the practices after the first may take together (fewer after a clear lead)."""
    if PARAGRAPH_WEIGHT:
        scores = scores + PARAGRAPH_WEIGHT * _paragraph_best(units, owner, scores)
    caps = {p: LINES_FOR_BEST_BP if n == 0 else LINES_PER_OTHER_BP for n, p in enumerate(ranked)}
    first, others = scores[owner == ranked[0]], scores[owner != ranked[0]]
    weakest = -np.sort(-first)[min(LINES_FOR_BEST_BP, len(first)) - 1]
    clear = lead >= CLEAR_LEAD and not (len(others) and others.max() - weakest > STRONG_SEE_ALSO)
    return scores, caps, SEE_ALSO_AFTER_CLEAR_LEAD if clear else MAX_LINES


def pick_within(
    units: _Units,
    owner: NDArray[np.int_],
    scores: NDArray[np.float64],
    judged: NDArray[np.float64],
    ranked: list[int],
    lead: float = 0.0,
) -> dict[int, list[_Sentence]]:
    """`pick_lines` with the line judge: each practice quotes as many lines as `pick_lines` gives it by the shipped
    `scores` (`line_counts`); which ones (greedy, redundancy-discounted, `_pick`, on the `judged` scores pooled with
    their paragraph's by JUDGE_PARAGRAPH_WEIGHT) and the first practice's order (LEAD_WEIGHTS) follow the `judged`
    scores."""
    counts = line_counts(units, owner, scores, ranked, lead)
    neighbours = _paragraph_best(units, owner, judged)  # once: it pools the picks and the first practice's order
    pooled = judged + JUDGE_PARAGRAPH_WEIGHT * neighbours
    pooled = np.where(np.isin(owner, [p for p, n in counts.items() if n]), pooled, -np.inf)
    chosen = _pick(units, owner, pooled, counts, MAX_LINES)
    first = ranked[0]
    if JUDGE_LEAD_WEIGHTS and len(chosen[first]) > 1:  # "pooled" as LEAD_WEIGHTS were fitted: by PARAGRAPH_WEIGHT
        shown = judged + PARAGRAPH_WEIGHT * neighbours
        chosen[first] = _lead_order(units, owner, judged, shown, chosen[first], first, JUDGE_LEAD_WEIGHTS)
    return chosen


def _lead_order(
    units: _Units,
    owner: NDArray[np.int_],
    plain: NDArray[np.float64],
    pooled: NDArray[np.float64],
    lines: list[_Sentence],
    practice: int,
    weights: dict[str, float] | None = None,
) -> list[_Sentence]:
    """The first practice's quoted `lines` in the order of `weights` (LEAD_WEIGHTS when None) x their
    LEAD_FEATURES."""
    rows = line_rows(units, owner, lines, practice)
    vector = _lead_vector(LEAD_WEIGHTS if weights is None else weights)
    order = np.argsort(-(lead_features(units, owner, plain, pooled, rows) @ vector), kind="stable")
    return [lines[n] for n in order]


def line_rows(units: _Units, owner: NDArray[np.int_], lines: list[_Sentence], practice: int) -> list[int]:
    """The index in `units` of each of `lines` (the quoted lines of the practice `practice`). The practice is given,
    not found from the first line's text: practices share sentences (word for word, at other places on their pages),
    and looking the line up in another practice's units failed."""
    index = {(u.parts, u.order): n for n, u in enumerate(units.units) if owner[n] == practice}
    return [index[(line.parts, line.order)] for line in lines]


def lead_features(
    units: _Units, owner: NDArray[np.int_], plain: NDArray[np.float64], pooled: NDArray[np.float64], rows: list[int]
) -> NDArray[np.float64]:
    """LEAD_FEATURES of the units `rows` (one practice's quoted lines): pooled and plain score, a one-hot of the
    section, and the place on the page (0 for the practice's first quotable unit, 1 for its last)."""
    last = max(u.order for n, u in enumerate(units.units) if owner[n] == owner[rows[0]]) or 1
    out = np.zeros((len(rows), len(LEAD_FEATURES)))
    for i, n in enumerate(rows):
        out[i, :2] = pooled[n], plain[n]
        out[i, _LEAD_SECTION[units.units[n].section]] = 1.0
        out[i, -1] = units.units[n].order / last
    return out


def _lead_vector(weights: dict[str, float] | None = None) -> NDArray[np.float64]:
    return np.array([(LEAD_WEIGHTS if weights is None else weights).get(name, 0.0) for name in LEAD_FEATURES])


def _paragraph_best(units: _Units, owner: NDArray[np.int_], scores: NDArray[np.float64]) -> NDArray[np.float64]:
    """For each unit, the best score (at least 0) of the other units of the same practice on its paragraph or list
    item; 0 when it is the only one."""
    out = np.zeros(len(units.units))
    line = units.lines
    if not len(line) or line.max() < 0:
        return out
    group = np.where(line >= 0, owner.astype(np.int64) * (int(line.max()) + 1) + line, -1)
    order = np.lexsort((-scores, group))  # by paragraph, best first (ties in unit order)
    sorted_group = group[order]
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    shared = (sizes > 1) & (sorted_group[starts] >= 0)  # paragraphs with more than one unit
    starts, sizes = starts[shared], sizes[shared]
    if not len(starts):
        return out
    best = np.maximum(scores, 0.0)
    top, second = best[order[starts]], best[order[starts + 1]]
    members = np.concatenate([order[a : a + n] for a, n in zip(starts.tolist(), sizes.tolist(), strict=True)])
    out[members] = np.repeat(top, sizes)
    out[order[starts]] = second
    return out


class _Units:
    """Candidate units with what ranking them needs: their words, and the vectors of their sentences (one row per
    sentence; `part_owner` says whose)."""

    def __init__(self, units: list[_Sentence], embedder: Embedder | None) -> None:
        self.units = units
        self.words = [unit.words for unit in units]
        self.keys = [unit.keys for unit in units]
        self.part_owner = np.array([n for n, unit in enumerate(units) for _ in unit.parts], dtype=np.int64)
        self.lines = np.array([unit.line for unit in units], dtype=np.int64)
        self._similar: dict[int, NDArray[np.float64]] = {}  # `similarity`'s columns, kept for later picks
        self.vectors: NDArray[np.float32] | None = None
        if embedder is not None:
            texts = [part for unit in units for part in unit.parts]
            row = {text: n for n, text in enumerate(dict.fromkeys(texts))}  # each distinct text embedded once
            self.vectors = embedder.embed(list(row))[[row[t] for t in texts]]

    def subset(self, keep: NDArray[np.int_]) -> _Units:
        out = _Units.__new__(_Units)
        out.units = [self.units[n] for n in keep]
        out.words = [self.words[n] for n in keep]
        out.keys = [self.keys[n] for n in keep]
        out.lines = self.lines[keep]
        out._similar = {}
        rows = np.flatnonzero(np.isin(self.part_owner, keep))
        out.part_owner = np.searchsorted(keep, self.part_owner[rows])
        out.vectors = self.vectors[rows] if self.vectors is not None else None
        return out

    @functools.cached_property
    def _sharing(self) -> dict[str, list[int]]:
        """The units each sentence (by `_key`) is part of."""
        out: dict[str, list[int]] = {}
        for n, keys in enumerate(self.keys):
            for key in keys:
                out.setdefault(key, []).append(n)
        return out

    def sharing(self, n: int) -> list[int]:
        """The units that share a sentence with unit n (n included)."""
        return [m for key in self.keys[n] for m in self._sharing[key]]

    def similarity(self, n: int) -> NDArray[np.float64]:
        """Each unit's highest cosine (at least 0) of its sentences with unit n's (needs vectors); computed once per
        unit and kept, as the answer's picks (`pick_lines`, then `pick_within`) ask again for the same units."""
        if n not in self._similar:
            assert self.vectors is not None
            rows = (self.vectors @ self.vectors[self.part_owner == n].T).max(axis=1)
            column = np.zeros(len(self.units))
            np.maximum.at(column, self.part_owner, np.maximum(rows, 0.0).astype(np.float64))
            self._similar[n] = column
        return self._similar[n]


def _pick(
    units: _Units, owner: NDArray[np.int_], scores: NDArray[np.float64], caps: dict[int, int], see_also: int
) -> dict[int, list[_Sentence]]:
    """The units `_greedy` picks, as quoted lines of their practices, in the order picked."""
    chosen: dict[int, list[_Sentence]] = {p: [] for p in caps}
    for n in _greedy(units, owner, scores, caps, see_also):
        unit = units.units[n]
        chosen[int(owner[n])].append(
            _Sentence(unit.text, unit.parts, unit.section, unit.order, round(float(scores[n]), 4))
        )
    return chosen


def _greedy(
    units: _Units, owner: NDArray[np.int_], scores: NDArray[np.float64], caps: dict[int, int], see_also: int
) -> list[int]:
    """Greedy maximal marginal relevance: each time the unit with the best score less REDUNDANCY_WEIGHT x its highest
    cosine with a quoted sentence, skipping near-duplicates and repeated text, within the caps and MAX_LINES, and at
    most `see_also` lines from the practices after the first (`caps`' first key) while the first has units left."""
    picked: list[int] = []
    taken = dict.fromkeys(caps, 0)
    first = next(iter(caps))
    others = owner != first
    redundancy = np.zeros(len(units.units))
    available = np.ones(len(units.units), dtype=bool)
    for _ in range(MAX_LINES):
        value = np.where(available & (redundancy <= NEAR_DUPLICATE), scores - REDUNDANCY_WEIGHT * redundancy, -np.inf)
        seen_also = sum(n for p, n in taken.items() if p != first)
        if seen_also >= see_also and np.isfinite(value[~others]).any():  # while the first has a line to give
            value[others] = -np.inf
        if not np.isfinite(value).any():
            break
        best = int(np.argmax(value))
        practice = int(owner[best])
        picked.append(best)
        taken[practice] += 1
        if taken[practice] >= caps[practice]:
            available &= owner != practice
        available[units.sharing(best)] = False
        if units.vectors is not None:
            np.maximum(redundancy, units.similarity(best), out=redundancy)
    return picked


@functools.lru_cache(maxsize=16384)  # the lens has about 5,600 quotable sentences
def _words(sentence: str) -> frozenset[str]:
    return frozenset(tokens(sentence))


def _containing(words: set[str], units: list[frozenset[str]]) -> Counter[str]:
    """For each of `words`, how many of `units` contain it (what a Counter over every unit's words gives for them,
    without counting the thousands of other words)."""
    return Counter(itertools.chain.from_iterable([words & unit for unit in units]))


# A unit's words and its sentences' keys depend only on its text: computed once per unit (the lens's units repeat
# from answer to answer), not on every answer.
@functools.lru_cache(maxsize=16384)
def _unit_words(parts: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(_words(part) for part in parts))


@functools.lru_cache(maxsize=16384)
def _unit_keys(parts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_key(t) for t in parts)


def _key(sentence: str) -> str:
    return " ".join(sentence.lower().split())


def _candidates(hit: BPHit, bp: BestPractice | None) -> list[_Sentence]:
    """Quotable units of a practice's page (of the retrieved passages for an overview section): each sentence that
    stands alone, and each that refers back together with the sentence before it on its line."""
    if bp is not None:
        return list(_practice_units(bp))
    return _units(
        [(p.passage.section, p.passage.text) for p in hit.passages if p.passage.section is not Section.RESOURCES]
    )


# A practice's page never changes while the lens is loaded; splitting it was ~1 ms an answer.
@functools.lru_cache(maxsize=512)
def _practice_units(bp: BestPractice) -> tuple[_Sentence, ...]:
    return tuple(_units([(section, bp.section_text(section)) for section in QUOTED_SECTIONS]))


def quotable(bp: BestPractice) -> tuple[tuple[str, ...], ...]:
    """The lens sentences of each unit an answer may quote from `bp`'s page (a sentence, or one with its follower)."""
    return tuple(unit.parts for unit in _practice_units(bp))


def _units(sections: list[tuple[Section, str]]) -> list[_Sentence]:
    units: list[_Sentence] = []
    lines = [(section, line) for section, text in sections for line in split_lines(text)]
    for number, (section, line) in enumerate(lines):
        for n, sentence in enumerate(line):
            if len(sentence.split()) < MIN_WORDS:
                continue
            start = n
            while start > 0 and refers_back(line[start]):
                start -= 1
            if refers_back(line[start]) or n - start > 1:  # nothing before it, or a chain of references: skip
                continue
            parts = tuple(line[start : n + 1])
            units.append(_Sentence(" ".join(parts), parts, section, len(units), 0.0, line=number))
    return units


def _summary_sentences(bp: BestPractice) -> list[_Sentence]:
    """For a question naming a BP by ID: what it is, what good looks like, and its first implementation steps."""
    intro = split_sentences(bp.intro)[:2]
    out = [_Sentence(" ".join(intro), tuple(intro), Section.INTRO, 0, 1.0)] if intro else []
    outcome = split_sentences(bp.desired_outcome)[:1]
    if outcome:
        out.append(_Sentence(outcome[0], (outcome[0],), Section.DESIRED_OUTCOME, 1, 1.0))
    if bp.steps:
        steps = "; ".join(clean(s.title).rstrip(".") for s in bp.steps[:4])
        text = f"Implementation steps include: {steps}."
        out.append(_Sentence(text, (text,), Section.STEPS, 2, 1.0, labelled=False))
    return out
