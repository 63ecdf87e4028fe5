"""The scope-gate and extractive-answer eval sets (eval/scope/, eval/ask/) are well formed: rows parse, ids are unique
across splits, no question appears twice (in one split or in two), every BP exists in the shipped lens, out-of-scope
rows name a known category and expect nothing, and every wanted sentence is one the lens really contains, as the
composer splits it. (eval/review/ is checked in tests/review/test_dev_data.py.) These tests only read the data; they
score nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.lens.loader import load_lens
from app.lens.models import BestPractice, Lens
from app.retrieval.sentences import QUOTED_SECTIONS, lens_sentences, split_sentences

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "eval"
IN_SCOPE_KINDS = {"paraphrase", "multi", "exact_id", "legacy_id", "long", "terse", "voice"}
OUT_OF_SCOPE_CATEGORIES = {"infra", "everyday", "mladj", "jail"}


@pytest.fixture(scope="module")
def lens() -> Lens:
    return load_lens(REPO / "corpus")


def _rows(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows, path
    return rows


# Repeats written before the check compared words only (it compared case-folded text, so "encrypt training data?"
# and "Encrypt training data" passed): blind writers of terse questions wrote the same few words apart. They are kept,
# so that every split's figures stay comparable with earlier sessions, and listed so that any new repeat fails.
KNOWN_REPEATS = frozenset(
    frozenset(pair)
    for pair in [
        ("scd-122", "scd-1876"),
        ("scd-917", "scd-2544"),
        ("scd-390", "scd-2548"),
        ("scd-1872", "scd-2652"),
        ("scd-697", "ho2-sc-085"),
        ("scd-695", "ho3-sc-089"),
        ("scd-128", "ho3-sc-090"),
        ("scd-116", "ho5-sc-065"),
        ("scd-2546", "ho6-sc-054"),
        ("scd-2541", "ho7-sc-048"),
        ("sc-018", "ho8-sc-054"),
        ("scd-935", "ho8-sc-086"),
        ("scd-1284", "ho8-sc-100"),
        ("scd-2444", "ho15-sc-042"),
        ("ho8-sc-083", "ho15-sc-070"),
        ("scd-2268", "ho16-sc-085"),
    ]
)


def same_words(text: str) -> str:
    """What two rows must not share: their words, without case, spacing or punctuation."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _unique_across(files: dict[str, Path], field: str, known: frozenset[frozenset[str]] = KNOWN_REPEATS) -> None:
    """No question twice, in one split or across splits (the same words, case, spacing and punctuation ignored): a
    repeat counts one question twice, and one in both splits leaks the held-out split into development. A repeat
    across splits names neither the other row nor its split's wording, so a writer rewording it learns nothing of the
    split it must not read."""
    seen: dict[str, tuple[str, str]] = {}
    for split, path in files.items():
        for row in _rows(path):
            value = same_words(row[field])
            if value in seen and frozenset((seen[value][1], row["id"])) not in known:
                other_split, other_id = seen[value]
                where = other_id if other_split == split else "the other split"
                raise AssertionError(f"{row['id']}: {field} already in {where}; reword it")
            seen.setdefault(value, (split, row["id"]))


def test_a_repeat_that_differs_only_in_case_and_punctuation_is_caught(tmp_path: Path) -> None:
    """The check above can fail: a held-out question that repeats a development one but for its case and question
    mark is a repeat."""
    dev, heldout = tmp_path / "dev.jsonl", tmp_path / "heldout.jsonl"
    dev.write_text(json.dumps({"id": "d-1", "question": "encrypt training data"}) + "\n", encoding="utf-8")
    heldout.write_text(json.dumps({"id": "h-1", "question": "Encrypt  training data?"}) + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="h-1: question already in the other split"):
        _unique_across({"dev": dev, "heldout": heldout}, "question", known=frozenset())
    _unique_across({"dev": dev, "heldout": heldout}, "question", known=frozenset({frozenset(("d-1", "h-1"))}))


def test_scope_rows_are_well_formed(lens: Lens) -> None:
    files = {"dev": EVAL / "scope" / "dev.jsonl", "heldout": EVAL / "scope" / "heldout.jsonl"}
    retrieval = [EVAL / "retrieval" / "questions.jsonl", EVAL / "retrieval" / "heldout.jsonl"]
    ids: set[str] = {row["id"] for path in retrieval for row in _rows(path)}
    for path in files.values():
        for row in _rows(path):
            assert {"id", "kind", "question", "expected"} <= row.keys(), row
            assert row["id"] not in ids, row["id"]
            ids.add(row["id"])
            assert row["question"].strip(), row["id"]
            if row["kind"] == "out_of_scope":
                assert row["expected"] == [], row["id"]
                assert row.get("category") in OUT_OF_SCOPE_CATEGORIES, row["id"]
            else:
                assert row["kind"] in IN_SCOPE_KINDS, row["id"]
                assert row["expected"], row["id"]
                assert len(set(row["expected"])) == len(row["expected"]), row["id"]
                assert all(lens.best_practice(bp) is not None for bp in row["expected"]), row["id"]
    _unique_across(files, "question")


def test_ask_rows_are_well_formed(lens: Lens) -> None:
    files = {"dev": EVAL / "ask" / "dev.jsonl", "heldout": EVAL / "ask" / "heldout.jsonl"}
    ids: set[str] = set()
    quotable = set(lens_sentences(lens))
    for path in files.values():
        for row in _rows(path):
            assert row["id"] not in ids, row["id"]
            ids.add(row["id"])
            bp = lens.best_practice(row["bp_id"])
            assert bp is not None, row["id"]
            own = _quotable(bp)
            assert row["wanted"], row["id"]
            # Any wanted sentence may come from another practice that says the same, but one must be the row's own.
            assert own & set(row["wanted"]), f"{row['id']}: no wanted sentence is a sentence of {row['bp_id']}"
            for wanted in row["wanted"]:
                assert wanted in own or wanted in quotable, f"{row['id']}: not a sentence of the lens: {wanted}"
            # A second blind reader's sentences that answer as directly: the row's own practice, none of `wanted`.
            for also in row.get("also", []):
                assert also in own, f"{row['id']}: also is not a sentence of {row['bp_id']}: {also}"
                assert also not in row["wanted"], f"{row['id']}: also repeats a wanted sentence: {also}"
    _unique_across(files, "question")


def test_a_wanted_sentence_that_is_not_in_the_lens_is_caught(lens: Lens) -> None:
    """The check above can fail: a sentence edited by one word is not found."""
    bp = lens.best_practice("MLCOST04-BP09")
    assert bp is not None
    sentences = _quotable(bp)
    real = "Start experimentation with smaller datasets on a small compute instance or local system."
    assert real in sentences
    assert real.replace("smaller", "small") not in sentences


def _quotable(bp: BestPractice) -> set[str]:
    """The sentences of one practice an extractive answer may quote."""
    return {s for section in QUOTED_SECTIONS for s in split_sentences(bp.section_text(section))}


# --- near-copies between a held-out row and a row the writers and the tuning can see ------------------------------

NEAR_COPY_RUN = 12  # words: a shared run this long is a copied sentence, not a shared phrase
NEAR_COPY_JACCARD = 0.9  # of character 5-shingles of the normalised text
_HELD_OUT = [("review/heldout.jsonl", "answer"), ("scope/heldout.jsonl", "question"), ("ask/heldout.jsonl", "question")]
_VISIBLE = [
    ("review/dev.jsonl", "answer"),
    ("review/answers.jsonl", "answer"),
    ("scope/dev.jsonl", "question"),
    ("ask/dev.jsonl", "question"),
]
# The pairs (held-out id, visible id) found when this check was written (session 19): a ratchet, for the coordinator to
# decide on; a new near-copy fails. Remove a pair here once one of its rows is reworded.
KNOWN_NEAR_COPIES: frozenset[tuple[str, str]] = frozenset(
    {
        ("ho10-sc-004", "scd-1016"),
        ("ho11-sc-015", "scd-3008"),
        ("ho12-sc-043", "scd-2447"),
        ("ho12-sc-054", "scd-2304"),
        ("ho13-sc-012", "scd-3008"),
        ("ho14-sc-011", "scd-2813"),
        ("ho15-sc-013", "scd-3008"),
        ("ho15-sc-042", "scd-2444"),
        ("ho15-sc-063", "scd-1901"),
        ("ho15-sc-063", "scd-2985"),
        ("ho16-sc-003", "scd-1626"),
        ("ho16-sc-015", "scd-2600"),
        ("ho16-sc-085", "scd-2268"),
        ("ho17-sc-002", "scd-1223"),
        ("ho17-sc-013", "scd-3008"),
        ("ho17-sc-014", "scd-3009"),
        ("ho2-sc-085", "scd-697"),
        ("ho3-sc-001", "scd-301"),
        ("ho3-sc-056", "scd-3008"),
        ("ho3-sc-063", "scd-420"),
        ("ho3-sc-089", "scd-695"),
        ("ho3-sc-090", "scd-128"),
        ("ho4-sc-051", "scd-3008"),
        ("ho5-sc-012", "scd-1636"),
        ("ho5-sc-018", "scd-3008"),
        ("ho5-sc-019", "scd-3008"),
        ("ho5-sc-046", "sc-011"),
        ("ho5-sc-065", "scd-116"),
        ("ho6-sc-042", "scd-2843"),
        ("ho6-sc-054", "scd-2546"),
        ("ho7-sc-003", "scd-1800"),
        ("ho7-sc-009", "scd-211"),
        ("ho7-sc-017", "scd-1636"),
        ("ho7-sc-048", "scd-2541"),
        ("ho8-sc-001", "scd-2800"),
        ("ho8-sc-053", "scd-2545"),
        ("ho8-sc-054", "sc-018"),
        ("ho8-sc-061", "scd-2577"),
        ("ho8-sc-086", "scd-935"),
        ("ho8-sc-100", "scd-1284"),
        ("ho9-sc-021", "scd-1640"),
        ("ho9-sc-029", "scd-893"),
        ("revh10-017", "revd-1719"),
        ("revh10-017", "revd-2324"),
        ("revh11-003", "revd-779"),
        ("revh11-013", "revd-1910"),
        ("revh11-028", "revd-1333"),
        ("revh11-028", "revd-1921"),
        ("revh12-003", "revd-2300"),
        ("revh3-061", "revd-2561"),
        ("revh4-031", "revd-1973"),
        ("revh5-001", "revd-1965"),
        ("revh5-085", "revd-814"),
        ("revh6-007", "revd-1905"),
        ("revh6-100", "revd-1617"),
        ("revh7-044", "revd-1122"),
        ("revh7-056", "revd-2184"),
        ("revh7-056", "revd-2383"),
        ("revh8-075", "revd-1993"),
        ("revh8-088", "revd-1799"),
    }
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def _word_runs(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _shingles(words: list[str], k: int = 5) -> set[str]:
    text = " ".join(words)
    return {text[i : i + k] for i in range(max(1, len(text) - k + 1))}


def _held_out_and_other() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(id, text) of every held-out row, and of every row of the splits the writers and the tuning see."""

    def read(files: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(row["id"], row[field]) for name, field in files for row in _rows(EVAL / name)]

    return read(_HELD_OUT), read(_VISIBLE)


def _near_copies(held: list[tuple[str, str]], other: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Pairs (held id, other id) whose texts are the same once normalised (lower case, words only), share a run of
    NEAR_COPY_RUN words, or have a character-shingle Jaccard of NEAR_COPY_JACCARD or more (compared only where they
    share a four-word run, which any pair that close does unless it is a few words long, and then it is identical)."""
    other_words = [_words(text) for _, text in other]
    by_text = {" ".join(w): i for i, w in enumerate(other_words)}
    by_long_run: dict[tuple[str, ...], set[int]] = {}
    by_short_run: dict[tuple[str, ...], set[int]] = {}
    for i, words in enumerate(other_words):
        for run in _word_runs(words, NEAR_COPY_RUN):
            by_long_run.setdefault(run, set()).add(i)
        for run in _word_runs(words, 4):
            by_short_run.setdefault(run, set()).add(i)
    other_shingles: dict[int, set[str]] = {}
    found: set[tuple[str, str]] = set()
    for held_id, text in held:
        words = _words(text)
        hits = {i for run in _word_runs(words, NEAR_COPY_RUN) for i in by_long_run.get(run, ())}
        if " ".join(words) in by_text:
            hits.add(by_text[" ".join(words)])
        shingles = _shingles(words)
        for i in {i for run in _word_runs(words, 4) for i in by_short_run.get(run, ())} - hits:
            theirs = other_shingles.setdefault(i, _shingles(other_words[i]))
            if len(shingles & theirs) >= NEAR_COPY_JACCARD * len(shingles | theirs):
                hits.add(i)
        found |= {(held_id, other[i][0]) for i in hits}
    return found


def test_the_near_copy_check_catches_copies_and_passes_rewordings() -> None:
    """New sentences, not eval rows: a copy with other case and punctuation, one that keeps a 12-word sentence inside
    new words, and one that changes a letter are caught; a rewording of the same fact and a shared phrase are not."""
    other = [
        (
            "v1",
            "We retrain the churn model every month on the last ninety days of data and compare it with the old one.",
        ),
        ("v2", "Model cards are written by the data science team for every model we deploy to production."),
        (
            "v3",
            "Our feature store keeps the training and serving features in step across all of the pipelines "
            "that the teams run.",
        ),
    ]
    held = [
        (
            "h1",
            "we retrain the churn model every month, on the last ninety days of data and compare it with the old one",
        ),
        ("h2", "Honestly, model cards are written by the data science team for every model we deploy, mostly."),
        (
            "h3",
            "Our feature store keeps the training and serving features in stop across all of the pipelines "
            "that the teams run.",
        ),
        ("h4", "Each month a fresh churn model is trained on recent data and checked against the current one."),
        ("h5", "The feature store is owned by the platform team and nobody else touches it."),
    ]
    assert _near_copies(held, other) == {("h1", "v1"), ("h2", "v2"), ("h3", "v3")}


def test_no_held_out_row_is_a_near_copy_of_a_visible_row() -> None:
    """A held-out row that is (nearly) a development row measures memory of that row, not generalisation. The check
    reads only ids and texts, never a held-out label, and names only ids."""
    held, other = _held_out_and_other()
    new = sorted(_near_copies(held, other) - KNOWN_NEAR_COPIES)
    assert not new, f"held-out rows that nearly copy a visible row (held-out id, visible id): {new}"
