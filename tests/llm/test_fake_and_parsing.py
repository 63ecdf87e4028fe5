from __future__ import annotations

import pytest
from pydantic import BaseModel

from app.errors import LLMOutputInvalid, LLMUnavailable
from app.llm.base import Message, parse_structured
from app.llm.fake import ScriptedChatModel


class Shape(BaseModel):
    question: str


@pytest.mark.parametrize(
    "text", ['{"question": "q"}', '```json\n{"question": "q"}\n```', 'Here you go: {"question": "q"} hope it helps']
)
def test_structured_replies_are_parsed(text: str) -> None:
    assert parse_structured(text, Shape) == Shape(question="q")


@pytest.mark.parametrize("text", ["no json", '{"other": 1}', "[1, 2]"])
def test_invalid_structured_replies_raise(text: str) -> None:
    with pytest.raises(LLMOutputInvalid, match="Shape"):
        parse_structured(text, Shape)


def test_scripted_model_replays_records_and_raises() -> None:
    model = ScriptedChatModel(["first reply", LLMUnavailable("down")])
    messages = [Message("user", "hi")]
    assert "".join(model.stream(messages)) == "first reply"
    with pytest.raises(LLMUnavailable):
        model.complete(messages)
    assert model.calls == [messages, messages]


def test_demo_reply_cites_the_context_it_was_given() -> None:
    context = (
        "[MLSEC03-BP01] Provide least privilege access — Security · High risk\n"
        "[MLSEC03-BP01] Grant only what is needed."
    )
    reply = ScriptedChatModel().complete([Message("system", "s"), Message("user", context)]).text
    assert "[MLSEC03-BP01]" in reply and "Grant only what is needed." in reply
