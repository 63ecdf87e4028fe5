from __future__ import annotations

from pathlib import Path

from app.lens.loader import load_lens
from app.lens.models import Section
from app.retrieval.chunking import chunk_lens, split_to_fit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def words(text: str) -> int:
    return len(text.split())


def test_one_passage_per_section_and_metadata() -> None:
    lens = load_lens(FIXTURES / "corpus")
    passages = chunk_lens(lens, words, 240, {"MLSEC03-BP01": "Only the access each job needs"})
    bp = lens.best_practice("MLSEC03-BP01")
    assert bp is not None
    own = [p for p in passages if p.bp_id == bp.id]
    assert {p.section for p in own} == {*Section} - {Section.OVERVIEW}
    for p in own:
        assert (p.question_id, p.pillar, p.phase, p.risk, p.title, p.url) == (
            bp.question_id,
            bp.pillar,
            bp.phase,
            bp.risk,
            bp.title,
            bp.url,
        )
        assert p.embed_text.startswith(bp.title)
        assert p.quotable is (p.section is not Section.PRACTICE_CARD)
    assert len({p.id for p in passages}) == len(passages)
    assert any(p.section is Section.OVERVIEW for p in passages)


def test_long_sections_split_within_the_limit() -> None:
    lens = load_lens(FIXTURES / "corpus")
    passages = chunk_lens(lens, words, 60)
    assert all(words(p.embed_text) <= 60 for p in passages)
    steps = [p for p in passages if p.bp_id == "MLSEC03-BP01" and p.section is Section.STEPS]
    assert len(steps) > 1
    joined = " ".join(" ".join(p.text.split()) for p in steps)
    assert "Define role-based access control" in joined


def test_split_to_fit_breaks_sentences_then_words() -> None:
    text = "One two three four. Five six seven eight. " + " ".join(["word"] * 30)
    pieces = split_to_fit(text, "Head: ", words, 8)
    assert all(words("Head: " + piece) <= 8 for piece in pieces)
    assert " ".join(pieces).split() == text.split()
