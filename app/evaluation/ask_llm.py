"""`mllens eval ask --llm`: what a language model buys on ad-hoc questions, next to no-LLM mode on the same questions.

Both modes answer through the QA service the API uses (`app.services.build_qa_service`: retrieval, the scope gate
before any model call, the composer or the model with its citation guard). Development data only, never a held-out
file. Three question sets:

- `ask_dev`: the first 15 rows of eval/ask/dev.jsonl (ask-001..015, the practice a reviewer expects);
- `retrieval_paraphrase`: the first 15 `paraphrase` rows of eval/retrieval/questions.jsonl, in file order;
- `out_of_scope`: every `out_of_scope` row of eval/retrieval/questions.jsonl (they must be refused in both modes).

Per set and mode: the share citing an expected practice, the share refused, and citation integrity of the answered
ones. An answer keeps its integrity when every citation resolves to a lens practice (ID, title and URL) and quotes it
verbatim; every quoted span of the answer text is verbatim lens text (extractive lines are quotes; in model text,
spans in quotation marks and block quotes are); every BP ID in the text is a lens practice that the answer cites
(a refusal may name any lens practice: its nearest topics, an example ID); and the model cited no practice outside
the ones it was given (the guard removes such IDs before anyone sees them; they still count against the model).
"Verbatim" is compared word for word, ignoring case, punctuation and Markdown.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.lens import ids
from app.lens.models import BestPractice, Lens, Section
from app.principal import Principal
from app.qa.citations import BP_ID
from app.qa.compose import NOTICES
from app.qa.memory import MemoryConversationStore
from app.qa.models import Answer
from app.qa.service import QAService
from app.retrieval.sentences import split_sentences
from app.settings import Settings

ASK_ROWS = 15  # the first 15 rows of eval/ask/dev.jsonl (ask-001..015), as measured; with 15 paraphrases: 30
PARAPHRASES = 15
MIN_QUOTE_WORDS = 6  # shorter quoted spans in model text are terms, not quotations
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)\)")
_WORD = re.compile(r"\w+")
LENS_SECTIONS = tuple(s for s in Section if s not in (Section.OVERVIEW, Section.PRACTICE_CARD))  # the AWS text
_EXTRACTIVE_LINE = re.compile(rf"^- (?P<text>.+?) \[(?P<bp>{ids.BP_ID})\]$", re.M | re.I)
_LABEL = re.compile(r"^(?:\*\*[^*\n]+\*\*[^:\n]*|[A-Z][\w -]{0,40}): ")
_QUOTED = re.compile(r"[\"“]([^\"“”\n]{10,600})[\"”]")
_BLOCKQUOTE = re.compile(r"^\s*>\s?(.+)$", re.M)
_TRAILING_IDS = re.compile(rf"(?:\s*\[[^\]\n]*{ids.BP_ID}[^\]\n]*\])+\s*$", re.I)


@dataclass(frozen=True)
class AskQuestion:
    id: str
    question: str
    expected: tuple[str, ...]  # practices a good answer cites; empty: out of scope, to be refused


def load_question_sets(eval_dir: Path) -> dict[str, list[AskQuestion]]:
    """The three development question sets (see the module docstring) from `eval_dir`."""
    ask = [json.loads(line) for line in _lines(eval_dir / "ask" / "dev.jsonl")]
    retrieval = [json.loads(line) for line in _lines(eval_dir / "retrieval" / "questions.jsonl")]
    return {
        "ask_dev": [AskQuestion(r["id"], r["question"], (r["bp_id"],)) for r in ask][:ASK_ROWS],
        "retrieval_paraphrase": [
            AskQuestion(r["id"], r["question"], tuple(r["expected"])) for r in retrieval if r["kind"] == "paraphrase"
        ][:PARAPHRASES],
        "out_of_scope": [AskQuestion(r["id"], r["question"], ()) for r in retrieval if r["kind"] == "out_of_scope"],
    }


def _lines(path: Path) -> list[str]:
    if "heldout" in path.name:
        raise ValueError(f"{path.name}: the LLM-mode ask eval reads development data only")
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class LensText:
    """Each practice's words, to check that a quote is verbatim lens text."""

    def __init__(self, lens: Lens) -> None:
        self.lens = lens
        self._words = {bp.id: _words(_practice_text(bp)) for bp in lens.best_practices}

    def quotes(self, quote: str, bp_id: str | None = None) -> bool:
        """True when `quote` (a trailing "…" allowed) is verbatim text of practice `bp_id`, or of any practice."""
        words = _words(quote.rstrip().removesuffix("…"))
        if not words.strip():
            return False
        haystacks = [self._words.get(bp_id.upper(), "")] if bp_id else list(self._words.values())
        return any(f" {words} " in f" {hay} " for hay in haystacks)


def _practice_text(bp: BestPractice) -> str:
    sections = [bp.section_text(s) for s in LENS_SECTIONS]
    return "\n".join([bp.title, *sections])


def _words(text: str) -> str:
    return " ".join(_WORD.findall(_LINK.sub(r"\1", text).casefold()))


def judge(answer: Answer, question: AskQuestion, lens_text: LensText) -> list[str]:
    """The citation-integrity problems of one answer (empty: it keeps its integrity)."""
    problems: list[str] = []
    for citation in answer.citations:
        bp = lens_text.lens.best_practice(citation.bp_id)
        if bp is None:
            problems.append(f"citation {citation.bp_id} is not a lens practice")
            continue
        if (citation.title, citation.url) != (bp.title, bp.url):
            problems.append(f"citation {citation.bp_id} has another practice's title or URL")
        # A citation may join several sentences of one section (extractive mode): each must be the practice's text.
        if not all(lens_text.quotes(part, bp.id) for part in split_sentences(citation.quote) or [citation.quote]):
            problems.append(f"citation {citation.bp_id} quotes text that is not in it: {citation.quote[:80]!r}")
    cited = {c.bp_id.upper() for c in answer.citations}
    for bp_id in dict.fromkeys(m.upper() for m in BP_ID.findall(answer.answer)):
        if lens_text.lens.best_practice(bp_id) is None:
            problems.append(f"the text names {bp_id}, which is not a lens practice")
        elif bp_id not in cited and not answer.refused:  # a refusal names nearest topics and an example ID
            problems.append(f"the text names {bp_id} without citing it")
    if answer.citations_removed:
        problems.append(f"the model cited {', '.join(answer.citations_removed)}, which it was not given (removed)")
    for span, bp_id in quoted_spans(answer):
        if _words(span) and _words(span) not in _words(question.question) and not lens_text.quotes(span, bp_id):
            problems.append(f"quoted text is not in the lens{f' ({bp_id})' if bp_id else ''}: {span[:80]!r}")
    return problems


def quoted_spans(answer: Answer) -> list[tuple[str, str | None]]:
    """(span, the practice it is attributed to, if any) for every span the answer presents as lens text."""
    if answer.refused:
        return []
    if answer.mode == "none":  # extractive: every "- <label>: <sentence> [BP]" line quotes that practice
        return [
            (_LABEL.sub("", m.group("text"), count=1), m.group("bp").upper())
            for m in _EXTRACTIVE_LINE.finditer(answer.answer)
        ]
    spans = [m.group(1) for m in _QUOTED.finditer(answer.answer)]
    spans += [_TRAILING_IDS.sub("", m.group(1)) for m in _BLOCKQUOTE.finditer(answer.answer)]
    return [(span, None) for span in spans if len(_WORD.findall(span)) >= MIN_QUOTE_WORDS]


def answer_all(
    qa: QAService, questions: list[AskQuestion], lens_text: LensText, progress: Callable[[str], None]
) -> list[dict[str, Any]]:
    judged = []
    for q in questions:
        started = time.perf_counter()
        answer = qa.ask(q.question, principal=Principal.local())
        seconds = time.perf_counter() - started
        cited = list(dict.fromkeys(c.bp_id for c in answer.citations))
        problems = judge(answer, q, lens_text)
        judged.append(
            {
                "id": q.id,
                "refused": answer.refused,
                "mode": answer.mode,
                "cited": cited,
                "expected_cited": bool(set(q.expected) & set(cited)),
                "uncited_by_model": NOTICES["uncited"] in (answer.notice or ""),
                "removed_by_guard": list(answer.citations_removed),
                "problems": problems,
                "seconds": round(seconds, 2),
            }
        )
        progress(f"{q.id}: {'refused' if answer.refused else answer.mode} {seconds:.1f} s {len(problems)} problem(s)")
    return judged


def summarise(judged: list[dict[str, Any]], questions: list[AskQuestion], *, llm: bool) -> dict[str, Any]:
    n = len(judged) or 1
    answered = [j for j in judged if not j["refused"]]
    in_scope = bool(questions and questions[0].expected)
    seconds = [j["seconds"] for j in judged]
    figures: dict[str, Any] = {
        "n": len(judged),
        "expected_practice_cited": round(sum(j["expected_cited"] for j in judged) / n, 4) if in_scope else None,
        "refused": round(sum(j["refused"] for j in judged) / n, 4),
        "answered": len(answered),
        "integrity_kept": round(sum(not j["problems"] for j in answered) / len(answered), 4) if answered else None,
        "answers_with_integrity_problems": sum(bool(j["problems"]) for j in answered),
        "ids_removed_by_guard": sum(len(j["removed_by_guard"]) for j in judged),
        "seconds_per_answer": {
            "mean": round(statistics.fmean(seconds), 2) if seconds else None,
            "p50": round(statistics.median(seconds), 2) if seconds else None,
            "max": round(max(seconds), 2) if seconds else None,
        },
    }
    if llm:
        figures["answered_by_model"] = sum(j["mode"] == "llm" for j in answered)
        figures["fell_back_to_extractive"] = sum(j["mode"] == "none" for j in answered)
        figures["model_cited_nothing"] = sum(j["uncited_by_model"] for j in answered)
    return figures


def run_ask_llm_eval(
    llm_qa: QAService,
    plain_qa: QAService,
    sets: dict[str, list[AskQuestion]],
    progress: Callable[[str], None] = lambda _line: None,
) -> dict[str, Any]:
    """Every set answered in no-LLM mode, then in LLM mode; figures side by side and the per-question judgements."""
    if llm_qa.llm is None or plain_qa.llm is not None:
        raise ValueError("run_ask_llm_eval needs a QA service with a model and one without")
    lens_text = LensText(plain_qa.lens)
    report: dict[str, Any] = {"model": llm_qa.llm.name, "sets": {}, "questions": {}}
    for name, questions in sets.items():
        plain = answer_all(plain_qa, questions, lens_text, progress)
        with_llm = answer_all(llm_qa, questions, lens_text, progress)
        report["sets"][name] = {
            "no_llm": summarise(plain, questions, llm=False),
            "llm": summarise(with_llm, questions, llm=True),
        }
        report["questions"][name] = {"no_llm": plain, "llm": with_llm}
        progress(f"set {name}: {json.dumps(report['sets'][name])}")  # a long run's figures so far
    return report


def run_from_settings(settings: Settings, eval_dir: Path, progress: Callable[[str], None]) -> dict[str, Any]:
    """Load the index and the configured model (MLLENS_LLM_PROVIDER) and run `run_ask_llm_eval` on the dev sets."""
    from app.knowledge import load_knowledge_base
    from app.services import build_chat_model, build_qa_service

    chat = build_chat_model(settings)
    if chat is None:
        raise ValueError("--llm needs MLLENS_LLM_PROVIDER (and its model settings); it is 'none'")
    kb = load_knowledge_base(settings)
    llm_qa = build_qa_service(settings, kb, MemoryConversationStore(), chat)
    plain_qa = build_qa_service(settings, kb, MemoryConversationStore(), None)
    report = run_ask_llm_eval(llm_qa, plain_qa, load_question_sets(eval_dir), progress)
    return {"date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), **report}


_COLUMNS = (
    ("n", "n", "{:4d}"),
    ("expected_practice_cited", "cites expected", "{:14.3f}"),
    ("refused", "refused", "{:8.3f}"),
    ("integrity_kept", "integrity kept", "{:14.3f}"),
    ("ids_removed_by_guard", "IDs removed", "{:11d}"),
)


def render_ask_llm_report(report: dict[str, Any]) -> str:
    header = " ".join(f"{title:>{len(fmt.format(0))}s}" for _, title, fmt in _COLUMNS)
    lines = [f"model {report['model']} (development question sets only)", f"{'set':22s} {'mode':7s} {header}  s/answer"]
    for name, modes in report["sets"].items():
        for mode, figures in modes.items():
            cells = [
                fmt.format(figures[key]) if figures.get(key) is not None else f"{'-':>{len(fmt.format(0))}s}"
                for key, _, fmt in _COLUMNS
            ]
            lines.append(f"{name:22s} {mode:7s} {' '.join(cells)}  {figures['seconds_per_answer']['mean']}")
            if mode == "llm":
                lines.append(
                    f"{'':30s}answered by the model {figures['answered_by_model']}, fell back to extractive "
                    f"{figures['fell_back_to_extractive']}, model cited nothing {figures['model_cited_nothing']}"
                )
    return "\n".join(lines)
