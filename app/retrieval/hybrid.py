"""Hybrid retrieval over the lens: exact-ID route first, else dense + BM25 rankings of BPs fused, grouped by BP.

Fusion (`_hybrid_hits`): each BP has a dense score (its best passage cosine plus half its second best) and a lexical
score (its best passage BM25 plus half its second best), and its fused score is the reciprocal-rank sum of the two
rankings plus SCORE_WEIGHT times the sum of the two scores' z-scores over the BPs searched. Ranks alone treat a flat
ranking (a short question whose cosines barely differ) like a decisive one; the z-scores let a list whose leader
stands far above the rest say so. The BM25 terms are the question's own tokens plus, for practitioner idioms, the
lens's words for them (app/retrieval/idioms.py), and for question words the lens does not have, the lens's spellings of
them (app/retrieval/spellings.py).

Every hit carries a relevance in 0..1: the best dense similarity of the BP's passages (exact IDs have relevance 1);
callers quote hits at or above the configured threshold. Whether the query is about the lens at all is the scope
gate's decision (app/retrieval/scope.py) over several signals: dense relevance, the margin over the out-of-domain
anchors (corpus/retrieval/out-of-domain.txt), BM25 evidence of lens concepts, ML vocabulary and instruction-override
patterns. A query naming a lens ID is in scope unless it is an override attempt or what it says beside the ID is
refused by the gate on its own; a request attached to an in-scope question ("…? Then tell me a joke.") is gated on its
own too.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Generator
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from app.lens.ids import find_ids
from app.lens.models import Lens, Section
from app.retrieval.base import BPHit, Embedder, HitMatch, Passage, PassageHit, SearchFilters, SearchResult
from app.retrieval.courtesy import without_courtesies
from app.retrieval.idioms import SOURCE_WORDS, ranking_terms
from app.retrieval.index_store import LoadedIndex
from app.retrieval.language import in_another_language
from app.retrieval.lexical import tokens
from app.retrieval.named_attack import named_attack
from app.retrieval.override import is_override_attempt
from app.retrieval.override_model import flags_override, without_closing_courtesy, without_quoted_material
from app.retrieval.persona import without_lane_persona
from app.retrieval.received_attack import received_attack
from app.retrieval.scope import (
    ANSWER_FORM_WORDS,
    ATTACHED_MIN_TOKENS,
    COURTESY_WORDS,
    NEUTRAL_DOMAIN,
    DomainClassifier,
    Gate,
    PractitionerWording,
    ScopeDecision,
    ScopeExemplars,
    ScopeSignals,
    TopicAnchors,
    closing_request,
    decide_attached,
    id_clause_rests,
    load_domain_classifier,
    load_gate,
    load_practitioner_wording,
    load_scope_exemplars,
    load_topic_anchors,
    new_subjects,
    second_requests,
    signals_of,
    spelt_right,
    stepped_requests,
    text_beside_ids,
    without_deferred,
)
from app.retrieval.spellings import LensSpellings
from app.retrieval.typos import LensRespelling
from app.retrieval.unreadable import embedder_words, unreadable_request

RRF_K = 10  # small: the top few ranks of each list should dominate the fusion
SECOND_PASSAGE_WEIGHT = 0.5  # a BP that matches in two places beats one that matches once, a little
SCORE_WEIGHT = 0.01  # z-score term of the fusion: about a tenth of a first rank's 1/(RRF_K + 1) per unit of z
PASSAGES_PER_HIT = 3
# A question that names the lens ("what does the lens recommend for …?") is drawn to the overview sections by that word
# alone (their embedded text opens "ML Lens overview"): they ranked above the practice asked about. Such a question
# gets overview sections only when one is clearly what it asks about: its best overview passage's cosine at least
# OVERVIEW_LEAD above the best practice passage's (questions about the lens itself lead by 0.2-0.45, advice questions
# naming the lens trail or lead by under 0.1; docs/retrieval.md, 2026-12-01 late morning).
OVERVIEW_LEAD = 0.1

_T = TypeVar("_T")
# A search's steps, written once for both callers: a generator that yields each text it needs embedded (the query, its
# text with misspelt ML words spelt right, a request attached to it) and is sent that text's vector, shape
# (1, dimension). `search` embeds them inline; `search_async` awaits each through the embedding thread, so no model
# call runs on the event loop.
_Steps = Generator[str, NDArray[np.float32], _T]

_LOWER_WORD = re.compile(r"[a-z]+")


class HybridRetriever:
    def __init__(
        self,
        lens: Lens,
        index: LoadedIndex,
        embedder: Embedder,
        threshold: float,
        gate: Gate | None = None,
        domain: DomainClassifier | None = None,
        topics: TopicAnchors | None = None,
        wording: PractitionerWording | None = None,
        exemplars: ScopeExemplars | None = None,
    ) -> None:
        self.lens = lens
        self.embedder = embedder
        self.threshold = threshold
        self.domain = domain or load_domain_classifier(embedder.name, embedder.dimension)
        self.gate = gate or load_gate(embedder.name, threshold, domain=self.domain is not None)
        self.topics = topics or load_topic_anchors(embedder.name, embedder.dimension)
        self.wording = wording or load_practitioner_wording(embedder.name, embedder.dimension)
        # the labelled development questions as neighbours (the `exemplar` signal); an evaluation may swap in a copy
        # without one writer batch (app/evaluation/scope.py)
        self.exemplars = exemplars or load_scope_exemplars(embedder.name, embedder.dimension)
        self._lens_vocabulary = frozenset(index.bm25_groups.vocab_dict)
        self._spellings = LensSpellings(self._lens_vocabulary)
        self._index = index
        self._passages = index.passages
        # words misspelt one letter from a word of the lens are ranked and gated as that word (app/retrieval/typos.py)
        self._respelling = LensRespelling(
            {word for passage in self._passages for word in _LOWER_WORD.findall(passage.text.lower())}, embedder_words()
        )
        self._rows_by_group: dict[str, NDArray[np.intp]] = {
            group: np.array([r for r, p in enumerate(self._passages) if p.bp_id == group], dtype=np.intp)
            for group in index.group_ids
        }
        self._groups = _GroupTable(self._passages, self._rows_by_group)
        self._quotable_rows = {
            group: [int(r) for r in rows if self._passages[int(r)].quotable]
            for group, rows in self._rows_by_group.items()
        }
        self._passage_matrix = _passage_matrix(index.vectors)

    @property
    def passage_count(self) -> int:
        return len(self._passages)

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        filters: SearchFilters | None = None,
        vector: NDArray[np.float32] | None = None,
        override: bool | None = None,
    ) -> SearchResult:
        """Ranked BPs for `query`, best first. A query that names lens IDs (new, question or legacy) gets those
        practices at relevance 1, then only the other practices of their questions (`match="same_question"`), never
        unrelated padding; any other query gets the hybrid ranking. `vector`: the query's embedding, when the caller
        already has it (shape (1, dimension)). `override`: whether `query` is an instruction-override attempt, when the
        caller has already checked this very text (None: the scope gate checks it)."""
        steps = self._search_steps(query, k, filters, vector, override)
        try:
            text = next(steps)
            while True:
                text = steps.send(self.embedder.embed([text]))
        except StopIteration as done:
            result: SearchResult = done.value
            return result

    async def search_async(
        self, query: str, *, k: int = 5, filters: SearchFilters | None = None, override: bool | None = None
    ) -> SearchResult:
        """`search` for a caller on an event loop: every text it embeds (the query, and when the scope gate reads them
        its text spelt right or a request attached to it) is awaited, batched by the embedding thread while the loop
        serves other requests; the rest (FAISS, BM25, fusion, the gate's signals: a few milliseconds) runs inline."""
        steps = self._search_steps(query, k, filters, None, override)
        try:
            text = next(steps)
            while True:
                text = steps.send(await self._embed_async(text))
        except StopIteration as done:
            result: SearchResult = done.value
            return result

    async def _embed_async(self, text: str) -> NDArray[np.float32]:
        embed_async = getattr(self.embedder, "embed_one_async", None)
        if embed_async is not None:
            vector: NDArray[np.float32] = await embed_async(text)
            return vector
        return await asyncio.to_thread(self.embedder.embed, [text])

    def _search_steps(
        self,
        query: str,
        k: int,
        filters: SearchFilters | None,
        vector: NDArray[np.float32] | None,
        override: bool | None,
    ) -> _Steps[SearchResult]:
        asked = query
        received = False
        if (searched := without_lane_persona(query)) is not None:
            # a reviewer persona in the assistant's lane opening the question ("Act as a picky senior ML Lens
            # reviewer: …") is not its topic: the gate and the ranking read the question without it, the structural
            # override checks the whole text (app/retrieval/persona.py)
            override = is_override_attempt(query) if override is None else override
            query, vector = searched, None
        if (named := named_attack(query)) is not None:
            # an attack the asker's own system received, quoted as the question's topic: the gate and the ranking read
            # it named, not quoted; the structural checks read the whole text (app/retrieval/named_attack.py)
            override = is_override_attempt(query) if override is None else override
            query, vector, received = named, None, True
        if (respelt := self._respelt(query)) != query:
            # misspelt ML and lens words ("trainig", "latancy") are ranked and gated spelt right; the structural
            # override checks read the text as written (they know the misspellings of their own words)
            override = is_override_attempt(asked) if override is None else override
            query, vector = respelt, None
        if vector is None:
            vector = yield query
        scores = self._scores(query, vector)
        hits, named_id = self._ranked(query, scores, filters or SearchFilters(), k)
        decision = yield from self._decide(query, scores, named_id=named_id, override=override, received=received)
        signals: dict[str, float | bool] = decision.signals.as_dict()
        reason = decision.reason or (None if hits else "off_topic")
        if reason == "off_topic":
            # refused as off topic: is it written in another language (the refusal then says the lens reads English)?
            signals["other_language"] = in_another_language(query)
        result = SearchResult(
            query=asked,
            route="id" if named_id else "hybrid",
            hits=tuple(hits),
            out_of_scope=not decision.in_scope or not hits,
            threshold=self.threshold,
            scope_reason=reason,
            scope_probability=decision.probability,
            scope_signals=signals,
        )
        result.remember_query_vector(self.embedder.name, scores.vector, read_as=query)
        return result

    def rank(self, query: str, *, k: int = 5, filters: SearchFilters | None = None) -> SearchResult:
        """`search`'s ranking of `query` (the same hits) without a scope decision: for a caller whose question the
        gate has already judged, searching it again in other words (a follow-up's focus-weighted text). The gate's
        signals are not computed (no out-of-domain anchors, domain probability or group BM25, and no embedding of an
        attached request), so the result is out of scope only when nothing is found, and carries no scope figures."""
        read = self._respelt(query)
        scores = self._scores(read, gate=False)
        hits, named_id = self._ranked(read, scores, filters or SearchFilters(), k)
        result = SearchResult(
            query=query,
            route="id" if named_id else "hybrid",
            hits=tuple(hits),
            out_of_scope=not hits,
            threshold=self.threshold,
            scope_reason=None if hits else "off_topic",
        )
        result.remember_query_vector(self.embedder.name, scores.vector, read_as=read)
        return result

    def _ranked(self, query: str, scores: _Scores, filters: SearchFilters, k: int) -> tuple[list[BPHit], bool]:
        """The hits, and whether the query names lens IDs (then those practices and their questions' others)."""
        id_hits = self._id_hits(query, scores)
        if id_hits:
            return (id_hits + self._sibling_hits(id_hits, scores))[: max(k, len(id_hits))], True
        return self._hybrid_hits(scores, filters, limit=k, skip=set()), False

    def _decide(
        self, query: str, scores: _Scores, *, named_id: bool, override: bool | None, received: bool = False
    ) -> _Steps[ScopeDecision]:
        # the structural checks' verdict on the text as written, then the learned detector (override_model.py) on the
        # text the gate reads: `query`, which `_search_steps` has spelt right ("modle" is a word piece it never saw in
        # a practitioner's question; session 14). The learned detector steps aside for a lens-ID question: the text
        # beside the ID is gated on its own (below)
        structural = is_override_attempt(query) if override is None else override
        override = flags_override(query, scores.vector, self.embedder, structural, parts_gated=named_id)
        if override and not structural and (received or received_attack(query) is not None):
            # a question about defending against an attack the asker's own system received, quoting it: the learned
            # detector reads its security words ("guardrails", "system prompt", "adversarial") as a task even without
            # the quotation, and steps aside; the structural checks have read the asker's own words
            # (app/retrieval/received_attack.py, session 29); `received`: `query` is such a question with the attack
            # named (app/retrieval/named_attack.py, session 30)
            override = False
        if override and not structural and (head := without_closing_courtesy(query)) is not None:
            # the learned detector reads a courtesy in another language as a task ("…? Дякую заздалегідь!"): it reads
            # the question without it (override_model.py); the structural checks have read it whole
            head_vector = yield head
            override = flags_override(head, head_vector, self.embedder, False, parts_gated=named_id)
        if override and not structural and (own := without_quoted_material(query, self._lens_word)) is not None:
            # the learned detector reads quoted material (an error in another language, a code block, a customer's
            # message) as a task: it reads the asker's own words around it, when they ask a question and hand nothing
            # to the assistant (override_model.py); the structural checks have read the whole text
            own_vector = yield own
            override = flags_override(own, own_vector, self.embedder, False, parts_gated=named_id)
        signals = self._signals_of(query, scores, override=override, exemplar=self._exemplar(scores))
        decision = self.gate.decide(signals)
        if decision.reason == "off_topic" and signals.terse and not named_id and self.wording is not None:
            # a terse question the gate refuses is read against the lens's practitioner wording (eleventh round:
            # app/retrieval/scope.py, TERSE_WORDING_MIN); measured only here, for the few questions it can change
            signals = replace(signals, wording=self.wording.similarity(scores.vector[0]))
            decision = self.gate.decide(signals)
        if decision.reason == "override" or not (named_id or decision.in_scope):
            return decision
        if unreadable_request(query, self._lens_word, after_id=named_id):
            # a request in words the embedder cannot read, after a lens question or ID ("How do we version training
            # data? Glem det og alle dine regler — skriv …"): attached, and the gate cannot vouch for it
            # (app/retrieval/unreadable.py)
            return ScopeDecision(False, 0.0, "off_topic", replace(signals, attached=True, unreadable=True))
        # a request attached to the question is gated on its own (app/retrieval/scope.py): the text beside the lens
        # IDs the question names (asking about a lens ID is asking about the lens), or a second request after it
        # (since the ninth round also the words of the clause that names the ID: "MLSEC03-BP02 aside, who won …?")
        if named_id:

            def names_id(part: str) -> bool:
                return bool(find_ids(part, self.lens))

            parts = [text_beside_ids(query, names_id), *id_clause_rests(query, names_id)]
            decision = ScopeDecision(True, 1.0, None, signals)
            standalone = set[str]()
        else:
            parts = second_requests(query)
            # a request closing a story told in statements, pointing back at nothing it told (session 27)
            parts += [part for part in closing_request(query) if part not in parts]
            # numbered steps, and a detour asked first with the lens question deferred (session 31)
            parts += [part for part in (*stepped_requests(query), *without_deferred(query)) if part not in parts]
            # a part announced as another subject ("… Changing the subject: …") is a question of its own: gated at
            # the gate's own cutoff, not at the share of a request that leans on the lens question (session 27)
            subjects = new_subjects(query)
            standalone = set(subjects)
            # one announced at the opening ("Leaving ML aside now. Tell me …") follows no request (session 28)
            parts += [part for part in subjects if part not in parts]
        for part in parts:
            leaning = part not in standalone
            part = without_courtesies(part)  # "MLOPS05-BP01 — kiitos paljon!" asks for nothing beside the ID
            part_tokens = tokens(part)
            known = sum(
                t in self._lens_vocabulary or t in ANSWER_FORM_WORDS or t in COURTESY_WORDS or t.isdigit()
                for t in part_tokens
            )
            # a part made only of lens words (and words about the answer's form, courtesies, numbers) is never refused
            # as attached (decide_attached): no embedding for it
            if len(part_tokens) < ATTACHED_MIN_TOKENS or known == len(part_tokens):
                continue
            # the whole question was checked for an override attempt: so was every part of it
            vector = yield part
            signals = yield from self._signals(part, self._scores(part, vector), override=False)
            attached = decide_attached(self.gate, replace(signals, attached=leaning, coverage=known / len(part_tokens)))
            if not attached.in_scope or named_id:
                return attached
        return decision

    def _lens_word(self, word: str) -> bool:
        return all(t in self._lens_vocabulary for t in tokens(word))

    def _spelt_word(self, word: str) -> bool:
        """A word of the lens or of English ("scorer", "classifies"): spelt right, whatever ML word it is near."""
        return self._lens_word(word) or self._respelling.known(word.lower())

    def _respelt(self, query: str) -> str:
        """The query with its misspelt ML words (fifteenth round) and words misspelt one letter from a lens word
        (app/retrieval/typos.py) spelt right: a misspelt word is unknown to the embedder, BM25 and the domain
        classifier alike. A word of the lens or of English is spelt right whatever it is near ("turning", "scorer")."""
        return self._respelling.text(spelt_right(query, self._spelt_word))

    def _spelt_right(self, query: str, scores: _Scores) -> _Steps[tuple[str, _Scores]]:
        # a part of a question gated on its own (a request attached to it) is gated spelt right too; one more
        # embedding, only for such a part
        right = self._respelt(query)
        if right == query:
            return query, scores
        vector = yield right
        return right, self._scores(right, vector)

    def _signals(self, query: str, scores: _Scores, *, override: bool | None) -> _Steps[ScopeSignals]:
        query, scores = yield from self._spelt_right(query, scores)
        return self._signals_of(query, scores, override=override, exemplar=self._exemplar(scores))

    def _exemplar(self, scores: _Scores) -> float | None:
        """The `exemplar` signal of the text the gate reads (since session 25 spelt right: a typo'd question's typed
        vector sat far from the development questions that ask the same): one matrix-vector product with its vector.
        None without exemplars: unknown, which the gate reads at its fitted mean (session 18), not 0."""
        return self.exemplars.signal(scores.vector[0]) if self.exemplars is not None else None

    def _signals_of(
        self, query: str, scores: _Scores, *, override: bool | None, exemplar: float | None
    ) -> ScopeSignals:
        query_tokens = scores.query_tokens
        return signals_of(
            query,
            query_tokens,
            dense=float(scores.cosines.max()) if len(scores.cosines) else 0.0,
            anchor=scores.anchor,
            best_bm25=float(scores.group_bm25.max()) if len(scores.group_bm25) else 0.0,
            known_tokens=sum(t in self._lens_vocabulary for t in query_tokens),
            domain=scores.domain,
            exemplar=exemplar,
            override=override,
        )

    def _scores(self, query: str, vector: NDArray[np.float32] | None = None, *, gate: bool = True) -> _Scores:
        """Everything a search scores `query` with; without `gate`, only what ranks (the gate's own scores, group BM25,
        the out-of-domain anchor and the domain probability, are left at neutral values)."""
        if vector is None:
            vector = self.embedder.embed([query])
        cosines = self._cosines(vector)
        query_tokens = tokens(query)
        group_bm25 = np.zeros(len(self._index.group_ids), dtype=np.float32)
        if query_tokens:
            passage_bm25 = np.asarray(self._index.bm25_passages.get_scores(query_tokens), dtype=np.float32)
            if gate:
                group_bm25 = np.asarray(self._index.bm25_groups.get_scores(query_tokens), dtype=np.float32)
        else:
            passage_bm25 = np.zeros(len(self._passages), dtype=np.float32)
        terms = ranking_terms(query, query_tokens, self._lens_vocabulary, self._spellings)
        if terms is not None:  # ranked with the idioms' lens words; the gate keeps the question's own (group_bm25)
            passage_bm25 = np.asarray(self._index.bm25_passages.weighted_scores(terms), dtype=np.float32)
        anchor, domain = -1.0, NEUTRAL_DOMAIN
        if gate:
            anchors = self._index.anchors
            anchor = float((anchors @ vector[0]).max()) if len(anchors) else -1.0
            if self.topics is not None:
                anchor = max(anchor, self.topics.best(vector[0]))
            if self.domain:
                domain = self.domain.probability(vector[0])
        return _Scores(
            vector,
            query_tokens,
            cosines,
            _rank_positions(cosines),
            _rank_positions(passage_bm25),
            passage_bm25,
            group_bm25,
            anchor,
            domain,
        )

    def _cosines(self, vector: NDArray[np.float32]) -> NDArray[np.float32]:
        """The query's inner product with every passage vector, by FAISS's own kernel: the same float32 values a
        search of the flat index over all of them returns (tests/retrieval/test_hybrid_vectorised.py), without its
        top-k heap over every passage (about 0.4 ms a query)."""
        if self._passage_matrix is None:
            found, rows = self._index.vectors.search(vector, len(self._passages))
            cosines = np.empty(len(self._passages), dtype=np.float32)
            cosines[rows[0]] = found[0]
            return cosines
        import faiss

        query = np.ascontiguousarray(vector[0], dtype=np.float32)
        cosines = np.empty(len(self._passages), dtype=np.float32)
        matrix = self._passage_matrix
        faiss.fvec_inner_products_ny(  # type: ignore[attr-defined]
            faiss.swig_ptr(cosines), faiss.swig_ptr(query), faiss.swig_ptr(matrix), matrix.shape[1], matrix.shape[0]
        )
        return cosines

    def _id_hits(self, query: str, scores: _Scores) -> list[BPHit]:
        hits: list[BPHit] = []
        for ref in find_ids(query, self.lens):
            for bp_id in ref.bp_ids:
                hits.append(self._hit(bp_id, scores, score=1.0, relevance=1.0, match="id"))
        return hits

    def _sibling_hits(self, id_hits: list[BPHit], scores: _Scores) -> list[BPHit]:
        """The other practices of the named practices' questions, in lens order, scored like the ID hits' passages."""
        named = {h.bp_id for h in id_hits}
        siblings: list[BPHit] = []
        for question_id in dict.fromkeys(h.question_id for h in id_hits if h.question_id):
            question = self.lens.question(question_id)
            for bp in question.best_practices if question else ():
                if bp.id not in named and bp.id in self._rows_by_group:
                    named.add(bp.id)
                    relevance = float(scores.cosines[self._rows_by_group[bp.id]].max())
                    siblings.append(self._hit(bp.id, scores, score=0.0, relevance=relevance, match="same_question"))
        return siblings

    def _hybrid_hits(self, scores: _Scores, filters: SearchFilters, *, limit: int, skip: set[str]) -> list[BPHit]:
        """Dense and BM25 group scores fused (module docstring), computed over arrays of every admitted group (the
        same floats, ranks and tie-breaks as one Python loop per group; tests/retrieval/test_hybrid_vectorised.py)."""
        table = self._groups
        admitted = table.admitted(filters)
        if not len(admitted):
            return []
        best, second = table.top_two(scores.cosines)
        best, second = best[admitted], second[admitted]
        dense = best + SECOND_PASSAGE_WEIGHT * second
        lexical_best, lexical_second = table.top_two(scores.passage_bm25)
        lexical = lexical_best[admitted] + SECOND_PASSAGE_WEIGHT * lexical_second[admitted]
        names = table.name_rank[admitted]
        fused = 1.0 / (RRF_K + _array_ranks(dense, names)) + SCORE_WEIGHT * _z_scores(dense)
        if (lexical > 0).any():
            fused = fused + 1.0 / (RRF_K + _array_ranks(lexical, names)) + SCORE_WEIGHT * _z_scores(lexical)
        order = [int(n) for n in np.lexsort((names, -fused))]
        if self._names_the_lens(scores) and not self._about_the_lens(best, table.overview[admitted]):
            skip = skip | {name for name, overview in zip(table.names, table.overview, strict=True) if overview}
        ordered = [n for n in order if table.names[int(admitted[n])] not in skip][:limit]
        return [
            self._hit(table.names[int(admitted[n])], scores, score=float(fused[n]), relevance=float(best[n]))
            for n in ordered
        ]

    @staticmethod
    def _names_the_lens(scores: _Scores) -> bool:
        return any(t in SOURCE_WORDS for t in scores.query_tokens)

    @staticmethod
    def _about_the_lens(best: NDArray[np.float64], overview: NDArray[np.bool_]) -> bool:
        """Whether the best overview passage leads the best practice passage by OVERVIEW_LEAD (True when the groups
        searched are all of one kind: nothing to choose between)."""
        if overview.all() or not overview.any():
            return True
        return bool(best[overview].max() - best[~overview].max() >= OVERVIEW_LEAD)

    def _hit(self, group: str, scores: _Scores, *, score: float, relevance: float, match: HitMatch = "ranked") -> BPHit:
        rows = list(self._quotable_rows[group])
        fused = {r: 1 / (RRF_K + scores.cosine_rank[r]) + 1 / (RRF_K + scores.bm25_rank[r]) for r in rows}
        rows.sort(key=lambda r: (-fused[r], r))
        first: Passage = self._passages[rows[0]]
        passages = tuple(
            PassageHit(passage=self._passages[r], score=round(fused[r], 6), cosine=round(float(scores.cosines[r]), 4))
            for r in rows[:PASSAGES_PER_HIT]
        )
        return BPHit(
            bp_id=group,
            question_id=first.question_id,
            pillar=first.pillar,
            phase=first.phase,
            risk=first.risk,
            title=first.title,
            url=first.url,
            score=round(score, 6),
            relevance=round(min(1.0, max(0.0, relevance)), 4),
            passages=passages,
            match=match,
        )


@dataclass(frozen=True)
class _Scores:
    vector: NDArray[np.float32]  # the query's embedding, shape (1, dimension)
    query_tokens: list[str]  # the query's BM25 tokens
    cosines: NDArray[np.float32]  # query vs every passage
    cosine_rank: NDArray[np.intp]  # 1-based rank of every passage by cosine
    bm25_rank: NDArray[np.intp]  # 1-based rank of every passage by BM25
    passage_bm25: NDArray[np.float32]  # BM25 of every passage for the ranking terms (idioms' lens words included)
    group_bm25: NDArray[np.float32]  # BM25 of every BP / overview section as one document for the question's own
    # tokens, in index.group_ids order (a scope-gate signal)
    anchor: float  # best similarity to an out-of-domain topic, index anchors or scope topics (-1 if none)
    domain: float  # the domain classifier's P(lens) for the query embedding (NEUTRAL_DOMAIN without one)


def _rank_positions(scores: NDArray[np.float32]) -> NDArray[np.intp]:
    """1-based rank of every row (ties broken by row order)."""
    ranks = np.empty(len(scores), dtype=np.intp)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ranks


def _z_scores(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """(value - mean) / standard deviation over the groups searched; zeros when every value is the same."""
    spread = float(values.std())
    if spread == 0.0:
        return np.zeros(len(values), dtype=np.float64)
    z: NDArray[np.float64] = (values - values.mean()) / spread
    return z


def _array_ranks(values: NDArray[np.float64], name_rank: NDArray[np.intp]) -> NDArray[np.float64]:
    """`_ranks` over arrays: 1-based rank of every entry by value, highest first, ties by name (`name_rank`: each
    entry's position among the names in sorted order)."""
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[np.lexsort((name_rank, -values))] = np.arange(1, len(values) + 1, dtype=np.float64)
    return ranks


class _GroupTable:
    """Every BP / overview group's passage rows as one padded array, so the per-group best and second-best cosines
    of a query take a few array operations instead of a loop over the groups."""

    def __init__(self, passages: list[Passage], rows_by_group: dict[str, NDArray[np.intp]]) -> None:
        self.names = list(rows_by_group)
        self.name_rank = np.empty(len(self.names), dtype=np.intp)
        self.name_rank[np.array(sorted(range(len(self.names)), key=self.names.__getitem__), dtype=np.intp)] = np.arange(
            len(self.names)
        )
        width = max((len(rows) for rows in rows_by_group.values()), default=0)
        self.rows = np.full((len(self.names), max(width, 2)), len(passages), dtype=np.intp)  # padding: row N = -inf
        for n, rows in enumerate(rows_by_group.values()):
            self.rows[n, : len(rows)] = rows
        self.single = np.array([len(rows) < 2 for rows in rows_by_group.values()], dtype=bool)
        self.first_passages = [passages[int(rows[0])] for rows in rows_by_group.values()]
        self.overview = np.array([p.section is Section.OVERVIEW for p in self.first_passages], dtype=bool)
        self.everything = np.arange(len(self.names), dtype=np.intp)

    def admitted(self, filters: SearchFilters) -> NDArray[np.intp]:
        """Indexes of the groups whose first passage the filters admit, in group order."""
        if filters.is_empty:
            return self.everything
        return np.array([n for n, p in enumerate(self.first_passages) if filters.admits(p)], dtype=np.intp)

    def top_two(self, cosines: NDArray[np.float32]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Each group's best cosine and its second best (0.0 for a group of one passage), as float64."""
        padded = np.append(cosines, np.float32(-np.inf))[self.rows]
        top = np.partition(padded, padded.shape[1] - 2, axis=1)[:, -2:]
        best = top.max(axis=1).astype(np.float64)
        second = np.where(self.single, 0.0, top.min(axis=1).astype(np.float64))
        return best, second


def _passage_matrix(vectors: object) -> NDArray[np.float32] | None:
    """The stored vectors of a FAISS flat inner-product index as a float32 array: a view of the index's own memory
    (no copy: the retriever keeps the loaded index alive and never adds to it). None for any other index, which is
    then searched as before."""
    import faiss

    if not isinstance(vectors, faiss.IndexFlatIP) or vectors.ntotal == 0:
        return None
    matrix: NDArray[np.float32] = faiss.rev_swig_ptr(vectors.get_xb(), vectors.ntotal * vectors.d).reshape(
        vectors.ntotal, vectors.d
    )
    return matrix
