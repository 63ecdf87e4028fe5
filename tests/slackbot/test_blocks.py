"""Block Kit rendering and mrkdwn safety (pure)."""

from __future__ import annotations

import json

import pytest

from app.lens.models import ATTRIBUTION, DOCS_BASE_URL, Phase, PillarId, Risk, Section
from app.qa.extractive import sources_paragraph
from app.qa.models import Answer, Citation, Topic
from app.review.models import ReviewStatus
from app.review.turn import BPChoice, Count, Progress, QuestionView, SideAnswer, SideCitation, TurnResult
from app.slack.blocks import (
    MAX_BLOCKS,
    MAX_MESSAGE_CHARS,
    answer_blocks,
    messages,
    section,
    sections,
    side_answer_blocks,
)
from app.slack.mrkdwn import SECTION_LIMIT, escape, link, split, to_mrkdwn
from app.slack.review_blocks import question_blocks

URL = "https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens/mlsec03-bp01.html"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d"),
        ("<!channel> hello", "&lt;!channel&gt; hello"),
        ("<@U123> and <https://evil.example|click>", "&lt;@U123&gt; and &lt;https://evil.example|click&gt;"),
        ("ping @channel and @here and @everyone", "ping @\u2060channel and @\u2060here and @\u2060everyone"),
    ],
)
def test_escape_makes_text_inert(raw: str, expected: str) -> None:
    assert escape(raw) == expected


def test_markdown_becomes_safe_mrkdwn_with_working_links() -> None:
    md = "## Heading\n**Least privilege** [MLSEC03-BP01] see [the docs](https://a.example/x?a=1&b=2) or https://b.example/y."
    out = to_mrkdwn(md, {"MLSEC03-BP01": URL})
    assert "*Heading*" in out and "*Least privilege*" in out
    assert f"[<{URL}|MLSEC03-BP01>]" in out
    assert "<https://a.example/x?a=1&amp;b=2|the docs>" in out
    assert "<https://b.example/y|https://b.example/y>." in out


def test_unsafe_links_become_plain_text() -> None:
    assert link("javascript:alert(1)", "x") == "x"
    assert link("https://ok.example/a b", "label") == "label"  # a space would break the link
    assert link("https://ok.example/a", "a|b>c") == "<https://ok.example/a|a¦b&gt;c>"
    assert "<" not in to_mrkdwn("[evil](javascript:alert(1))")


def test_long_text_splits_under_the_section_limit_without_breaking_links() -> None:
    paragraph = ("Keep training data in a private, encrypted bucket [MLSEC03-BP01]. " * 40).strip()
    text = to_mrkdwn("\n\n".join([paragraph] * 6), {"MLSEC03-BP01": URL})
    pieces = split(text)
    assert len(pieces) > 1 and all(len(p) <= SECTION_LIMIT for p in pieces)
    assert all(p.count("<") == p.count(">") for p in pieces)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_one_huge_word_is_cut_hard() -> None:
    assert [len(p) for p in split("x" * 7000)] == [3000, 3000, 1000]


def test_an_answer_over_fifty_blocks_is_sent_as_several_messages() -> None:
    blocks = [section(f"point {n}") for n in range(120)]
    assert len(blocks) > MAX_BLOCKS
    chunks = messages(blocks)
    assert [len(c) for c in chunks] == [50, 50, 20]


def test_a_long_answer_is_sent_in_messages_small_enough_to_come_back_in_a_payload() -> None:
    blocks = sections("\n\n".join(["word " * 500] * 60))
    chunks = messages(blocks)
    assert len(chunks) > 1 and sum(map(len, chunks)) == len(blocks)
    assert all(len(json.dumps(c)) <= MAX_MESSAGE_CHARS + 3100 for c in chunks)


def _answer(**update: object) -> Answer:
    citation = Citation(bp_id="MLSEC03-BP01", title="Least privilege", section=Section.INTRO, url=URL, quote="q")
    base = Answer(
        answer="Grant only what is needed [MLSEC03-BP01].",
        citations=(citation,),
        refused=False,
        mode="none",
        conversation_id="c1",
        turn_id=7,
    )
    return base.model_copy(update=update)


def test_answer_blocks_have_sources_attribution_and_feedback() -> None:
    blocks = answer_blocks(_answer())
    sources = [b for b in blocks if b["type"] == "context"][-1]
    texts = [e["text"] for e in sources["elements"]]
    assert texts[0] == "*Sources*" and f"<{URL}|MLSEC03-BP01>" in texts[1] and "Amazon.com" in texts[-1]
    assert blocks[-1]["elements"][0]["value"] == "7"


def test_a_refused_answer_warns_and_lists_the_nearest_topics() -> None:
    topic = Topic(bp_id="MLSEC03-BP01", title="Least <privilege>", url=URL, relevance=0.1)
    blocks = answer_blocks(_answer(refused=True, citations=(), nearest_topics=(topic,), turn_id=None))
    text = blocks[0]["text"]["text"]
    assert ":warning:" in text and f"<{URL}|MLSEC03-BP01> Least &lt;privilege&gt;" in text
    assert all(b["type"] != "actions" for b in blocks)


def _turn(choices: int) -> TurnResult:
    view = QuestionView(
        id="MLSEC03",
        pillar=PillarId.SEC,
        pillar_name="Security",
        phase=Phase.DATA_PROCESSING,
        title="Protect data",
        text="Who can get at it?",
        position=1,
        total=4,
        high_risk_practices=choices,
        medium_risk_practices=0,
        url=URL,
    )
    return TurnResult(
        review_id="r1",
        version=3,
        status=ReviewStatus.IN_PROGRESS,
        question=view,
        choices=tuple(
            BPChoice(id=f"MLSEC03-BP{n:02d}", label=f"Practice {n}", title=f"Title {n}", risk=Risk.HIGH, url=URL)
            for n in range(1, choices + 1)
        ),
        allowed_actions=(),
        progress=Progress(overall=Count(done=0, total=4), by_pillar={}, by_phase={}),
    )


@pytest.mark.parametrize(("choices", "kind"), [(3, "checkboxes"), (10, "checkboxes"), (11, "multi_static_select")])
def test_more_than_ten_practices_use_a_multi_select(choices: int, kind: str) -> None:
    [picker] = [b for b in question_blocks(_turn(choices)) if b.get("block_id", "").startswith("ticks:")]
    assert picker["elements"][0]["type"] == kind and len(picker["elements"][0]["options"]) == choices
    assert picker["block_id"] == "ticks:r1:3"


@pytest.mark.parametrize("choices", [3, 14])
def test_a_question_links_every_practice_and_carries_the_attribution(choices: int) -> None:
    """The practices' titles are the lens's words: a user tour found no AWS attribution under them, and a question
    with more than 10 practices (the largest has 14) lost the links of the 11th on (a context block holds 10)."""
    text = json.dumps(question_blocks(_turn(choices)))
    assert all(f"MLSEC03-BP{n:02d}>" in text for n in range(1, choices + 1))
    assert ATTRIBUTION.split(" Source:")[0] in text and DOCS_BASE_URL in text
    assert all(len(b.get("elements", [])) <= 10 for b in question_blocks(_turn(choices)) if b["type"] == "context")


def test_a_side_answer_shows_its_sources_and_the_attribution_once() -> None:
    """A side question's text came with the composer's plain-text Sources list and attribution, shown again in the
    Sources context under it (a user tour)."""
    citation = Citation(
        bp_id="MLSEC03-BP01", title="Provide least privilege access", section=Section.OVERVIEW, url=URL, quote="q"
    )
    body = f"Protect resources with least privilege. [MLSEC03-BP01]\n\n{sources_paragraph([citation])}"
    side = SideAnswer(
        question="what is least privilege?",
        text=body,
        citations=(SideCitation(bp_id="MLSEC03-BP01", title=citation.title, url=URL, section="overview"),),
    )
    text = json.dumps(side_answer_blocks(side))
    assert text.count(ATTRIBUTION.split(" Source:")[0]) == 1 and "Sources:" not in text
    assert text.count(f"<{URL}|MLSEC03-BP01>") == 2  # the inline citation and the Sources context
    assert "Protect resources with least privilege" in text
    # without citations there is no Sources context, so the text is left as it is
    bare = SideAnswer(question="q?", text="No lens text here.\n\nSources:\n- [X] y: z")
    assert "Sources:" in json.dumps(side_answer_blocks(bare))
