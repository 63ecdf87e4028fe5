"""app.text_faults: the words each fault is reported in (the edges' 422 `invalid_input` messages and the embedder's
refusal say "… contains <fault>"), and which fault each check sees."""

from __future__ import annotations

from app.text_faults import encoding_fault, text_fault


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
