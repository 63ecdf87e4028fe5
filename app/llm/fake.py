"""ScriptedChatModel: a fake ChatModel for tests and demos (MLLENS_LLM_PROVIDER=fake).

Replies come from a queue (`enqueue`), else from a `default` function of the messages; `calls` records every prompt.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence

from pydantic import BaseModel

from app.lens.ids import BP_ID
from app.llm.base import Completion, Message, parse_structured

Reply = str | Exception
Responder = Callable[[Sequence[Message], type[BaseModel] | None], str]


class ScriptedChatModel:
    def __init__(self, replies: Sequence[Reply] = (), *, default: Responder | None = None, name: str = "fake") -> None:
        self.name = name
        self.calls: list[list[Message]] = []
        self._queue: deque[Reply] = deque(replies)
        self._default = default or demo_reply

    def enqueue(self, *replies: Reply) -> ScriptedChatModel:
        """Queue replies; an Exception is raised instead of answering (e.g. LLMUnavailable)."""
        self._queue.extend(replies)
        return self

    def complete(self, messages: Sequence[Message], *, schema: type[BaseModel] | None = None) -> Completion:
        text = self._next(messages, schema)
        return Completion(text, parse_structured(text, schema) if schema else None)

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        text = self._next(messages, None)
        # Small uneven chunks, like a real model, so stream filters see IDs split across chunks.
        for start in range(0, len(text), 7):
            yield text[start : start + 7]

    def _next(self, messages: Sequence[Message], schema: type[BaseModel] | None) -> str:
        self.calls.append(list(messages))
        reply = self._queue.popleft() if self._queue else self._default(messages, schema)
        if isinstance(reply, Exception):
            raise reply
        return reply


_CONTEXT_BP = re.compile(rf"\[({BP_ID})\] ([^\n]+?) — [^\n]*\n\[\1\] ([^\n]+)")
_GUIDANCE = re.compile(r"^Guidance: (.+)$", re.M)
_QUESTION = re.compile(r"<question>\s*(.*?)\s*</question>", re.S)


def demo_reply(messages: Sequence[Message], schema: type[BaseModel] | None) -> str:
    """A deterministic, grounded reply built from the prompt itself: good enough for demos and e2e tests."""
    last = messages[-1].content if messages else ""
    if schema is not None and "summary" in schema.model_fields:  # a finding draft (prompts/draft_finding.md)
        guidance = _GUIDANCE.search(last)
        text = guidance.group(1).strip()[:300] if guidance else "Follow the lens guidance for this practice."
        return json.dumps({"summary": f"(Demo model) {text}", "steps": []})
    if schema is not None:
        question = _QUESTION.search(last)
        return json.dumps({"question": question.group(1) if question else ""})
    found = _CONTEXT_BP.findall(last)
    if not found:
        return "The retrieved lens passages do not answer this."
    lines = [f"(Demo model) The lens covers this in {len(found)} best practice(s)."]
    for bp_id, title, text in found[:3]:
        lines.append(f"- {title.strip()}: {text.strip()[:200]} [{bp_id}]")
    return "\n".join(lines)
