"""app.text_faults: the words each fault is reported in (the edges' 422 `invalid_input` messages and the embedder's
refusal say "… contains <fault>"), and which fault each check sees."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput
from app.review.errors import InvalidAction
from app.text_faults import check_text, encoding_fault, faulty_text, text_fault, text_fault_at


def test_an_unpaired_surrogate_is_a_fault_of_both_checks() -> None:
    for text in ("data \ud800 versioning", "\udfff", "a \ud83d alone"):
        assert encoding_fault(text) == "an unpaired surrogate (not valid Unicode)"
        assert text_fault(text) == "an unpaired surrogate (not valid Unicode)"
    assert text_fault("\ud800 and \x00") == "an unpaired surrogate (not valid Unicode)"  # the first fault found


def test_nul_is_refused_by_the_edges_not_by_the_encoding_check() -> None:
    assert text_fault("data\x00versioning") == "a NUL character (U+0000)"
    assert encoding_fault("data\x00versioning") is None  # the tokenizer takes it; the edges refuse it


def test_valid_text_has_no_fault() -> None:
    for text in (
        "",
        "data versioning",
        "naïve — 数据 \U0001f600",
        "\ud83d\ude00".encode("utf-16", "surrogatepass").decode("utf-16"),
    ):
        assert encoding_fault(text) is None
        assert text_fault(text) is None


def test_check_text_names_the_first_faulty_field_and_raises_the_callers_error() -> None:
    check_text({"name": "churn", "picks": {"MLOPS01-BP01": "implemented"}, "confirm": True})  # nothing to refuse
    with pytest.raises(InvalidInput, match=r"^description contains a NUL character \(U\+0000\)$") as refused:
        check_text({"name": "churn", "description": "a\x00b", "note": "\ud800"})
    assert refused.value.code == "invalid_input"
    with pytest.raises(InvalidAction, match=r"^review_id contains an unpaired surrogate") as refused_by_service:
        check_text({"review_id": "\udfff"}, error=InvalidAction)
    assert refused_by_service.value.code == "invalid_review_input"


def test_a_fault_inside_a_field_is_named_by_its_path() -> None:
    with pytest.raises(InvalidInput, match=r"^picks\.<key> contains a NUL character"):
        check_text({"picks": {"MLOPS01-BP01\x00": "implemented"}})
    with pytest.raises(InvalidInput, match=r"^statuses\.MLOPS01-BP01 contains a NUL character"):
        check_text({"statuses": {"MLOPS01-BP01": "implemented\x00"}})
    assert text_fault_at({"messages": [{"content": "ok"}, {"content": "\x00"}]}) == (
        ("messages", "1", "content"),
        "a NUL character (U+0000)",
    )
    assert faulty_text({"profile": {"name": "churn\x00"}}) == "profile.name contains a NUL character (U+0000)"
    assert faulty_text({"profile": {"name": "churn"}}) is None
