"""The chat-model port: Message, Completion, PromptTemplate and the ChatModel protocol. PURE: no I/O."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from string import Template
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from app.errors import LLMOutputInvalid

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Message:
    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class Completion:
    text: str
    parsed: BaseModel | None = None


class ChatModel(Protocol):
    """A chat model. `complete` returns the whole reply (validated against `schema` when given, else
    LLMOutputInvalid); `stream` yields text chunks. Both raise LLMUnavailable when the provider cannot answer."""

    name: str

    def complete(self, messages: Sequence[Message], *, schema: type[BaseModel] | None = None) -> Completion: ...

    def stream(self, messages: Sequence[Message]) -> Iterator[str]: ...


@dataclass(frozen=True)
class PromptTemplate:
    """A prompt file: `${name}` placeholders, a system part and a user part split by a `---user---` line."""

    name: str
    system: str
    user: str
    sha256: str

    def render(self, **values: str) -> list[Message]:
        """Raises KeyError when a placeholder has no value (a programming error, not user input)."""
        return [
            Message("system", Template(self.system).substitute(values)),
            Message("user", Template(self.user).substitute(values)),
        ]


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)


def parse_structured(text: str, schema: type[T]) -> T:
    """Validate a JSON reply (optionally fenced, optionally with prose around one object) against `schema`."""
    body = text.strip()
    fenced = _FENCE.match(body)
    if fenced:
        body = fenced.group(1)
    elif not body.startswith("{") and "{" in body and "}" in body:
        body = body[body.index("{") : body.rindex("}") + 1]
    try:
        return schema.model_validate(json.loads(body))
    except (json.JSONDecodeError, ValidationError, TypeError) as exc:
        raise LLMOutputInvalid(f"the model's reply did not match {schema.__name__}: {_short(exc)}") from exc


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]
