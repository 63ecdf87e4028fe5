"""What the index is built from besides the lens: practice cards and out-of-domain anchors, and one hash over all of it.

- Practice cards: `prompts/interview/<QUESTION_ID>.yaml` — the project's plain-language label, signals and gaps for each
  BP (written for the guided review). Indexed as non-quotable passages: they let practitioner wording find the BP.
- Out-of-domain anchors: `corpus/retrieval/out-of-domain.txt` — one topic the lens does not cover per line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.lens.interview import load_interview
from app.lens.loader import corpus_files
from app.lens.models import Lens

ANCHORS_FILE = Path("retrieval") / "out-of-domain.txt"


@dataclass(frozen=True)
class RetrievalInputs:
    practice_cards: dict[str, str] = field(default_factory=dict)
    anchors: tuple[str, ...] = ()
    inputs_hash: str = ""
    interview_sentences: tuple[str, ...] = ()  # labels, signals and gaps one by one (the review mapper embeds these)


def interview_files(prompts_dir: Path) -> list[Path]:
    return sorted((prompts_dir / "interview").glob("ML*.yaml"))


def load_retrieval_inputs(lens: Lens, corpus_dir: Path, prompts_dir: Path) -> RetrievalInputs:
    """Practice cards from the typed interview content (a malformed or incomplete file raises InterviewContentError
    naming it, as it does for the review), the out-of-domain anchors, and the inputs hash."""
    interview = load_interview(prompts_dir / "interview", lens)
    cards: dict[str, str] = {}
    sentences: list[str] = []
    for content in interview.questions.values():
        for bp_id, practice in content.practices.items():
            parts = [practice.label, *practice.signals, *practice.gaps]
            cards[bp_id] = "\n".join(parts)
            sentences.extend(parts)
    anchors_path = corpus_dir / ANCHORS_FILE
    anchors: tuple[str, ...] = ()
    if anchors_path.exists():
        lines = anchors_path.read_text(encoding="utf-8").splitlines()
        anchors = tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    return RetrievalInputs(cards, anchors, inputs_hash(corpus_dir, prompts_dir), tuple(dict.fromkeys(sentences)))


def inputs_hash(corpus_dir: Path, prompts_dir: Path, corpus: Mapping[Path, bytes] | None = None) -> str:
    """SHA-256 over every file the index is built from (lens corpus, anchors, interview cards). `corpus`: the lens
    corpus's bytes as app.lens.loader.read_corpus gave them to the lens, so that start-up reads them once."""
    digest = hashlib.sha256()
    named = [(f"corpus/{p.relative_to(corpus_dir).as_posix()}", p) for p in corpus_files(corpus_dir)]
    if (corpus_dir / ANCHORS_FILE).exists():
        named.append((f"corpus/{ANCHORS_FILE.as_posix()}", corpus_dir / ANCHORS_FILE))
    named += [(f"prompts/interview/{p.name}", p) for p in interview_files(prompts_dir)]
    known = corpus or {}
    for name, path in named:
        data = known[path] if path in known else path.read_bytes()
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()
