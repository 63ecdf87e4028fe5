from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.lens import ids
from app.lens.ids import find_ids, looks_like_id, resolve_id
from app.lens.loader import load_lens
from app.lens.models import Lens

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lens() -> Lens:
    return load_lens(REPO / "corpus")


@pytest.mark.parametrize(
    ("text", "kind", "canonical", "first_bp"),
    [
        ("MLSEC03-BP02", "best_practice", "MLSEC03-BP02", "MLSEC03-BP02"),
        ("mlsec 03 bp 2", "best_practice", "MLSEC03-BP02", "MLSEC03-BP02"),
        ("mlops01bp1", "best_practice", "MLOPS01-BP01", "MLOPS01-BP01"),
        ("MLCOST04_BP14", "best_practice", "MLCOST04-BP14", "MLCOST04-BP14"),
        ("MLREL02", "question", "MLREL02", "MLREL02-BP01"),
        ("mlperf 06", "question", "MLPERF06", "MLPERF06-BP01"),
        ("MLOE-05", "legacy", "MLOE-05", "MLOPS02-BP02"),
        ("mlsec-07", "legacy", "MLSEC-07", "MLSEC03-BP05"),
        ("MLPER 3", "legacy", "MLPER-03", "MLPERF02-BP01"),
        ("mlcost 23", "legacy", "MLCOST-23", "MLCOST06-BP04"),  # no question MLCOST23, so the 2023 ID
        ("MLSUS-16", "legacy", "MLSUS-16", "MLSUS06-BP02"),
        (" MLREL02? ", "question", "MLREL02", "MLREL02-BP01"),
    ],
)
def test_resolve(lens: Lens, text: str, kind: str, canonical: str, first_bp: str) -> None:
    ref = resolve_id(text, lens)
    assert ref is not None
    assert (ref.kind, ref.id, ref.bp_ids[0]) == (kind, canonical, first_bp)


def test_question_id_names_all_its_bps(lens: Lens) -> None:
    ref = resolve_id("MLCOST04", lens)
    assert ref is not None and len(ref.bp_ids) == 14


@pytest.mark.parametrize("text", ["MLSEC03-BP09", "MLCOST-99", "MLXYZ01", "hello", "what is MLREL02", ""])
def test_not_a_single_known_id(lens: Lens, text: str) -> None:
    assert resolve_id(text, lens) is None


def test_ids_inside_longer_text(lens: Lens) -> None:
    refs = find_ids("compare mlsec 03 bp 2 with MLOE-05, and what is in MLREL02?", lens)
    assert [r.id for r in refs] == ["MLSEC03-BP02", "MLOE-05", "MLREL02"]
    assert find_ids("tell me about MLSEC03-BP09 and MLOE-77", lens) == []


def test_looks_like_id() -> None:
    assert looks_like_id("MLSEC03-BP09") and looks_like_id("mloe-77")
    assert not looks_like_id("data lineage")


def test_the_id_patterns_have_one_source() -> None:
    """Every lens-ID regular expression is composed from app.lens.ids (QUESTION_ID, BP_ID, LENS_ID_SHAPE)."""
    app = REPO / "app"
    spelled = re.compile(r"ML\[A-Z\]|ML\(\?:OPS|-BP\\d")
    offenders = [
        str(p.relative_to(app))
        for p in app.rglob("*.py")
        if p.name != "ids.py" and spelled.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert re.fullmatch(ids.BP_ID, "MLSEC03-BP02") and not re.fullmatch(ids.BP_ID, "MLXX03-BP02")
    assert re.fullmatch(ids.QUESTION_ID, "MLREL02") and not re.fullmatch(ids.QUESTION_ID, "MLOE-05")
