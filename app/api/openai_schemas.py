"""Request and response shapes of the OpenAI-compatible endpoints (`/v1/chat/completions`, `/v1/models`), as the
OpenAI Chat Completions API defines them; fields the endpoint does not use (temperature, max_tokens, tools, ...) are
accepted and ignored, so existing clients work unchanged."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MODEL_ID = "ml-lens"
MAX_MESSAGES = 200


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(part.text or "" for part in self.content if part.type == "text")
        return self.content or ""

    @property
    def unread_parts(self) -> list[str]:
        """The types of the content parts that are not read (anything but text: image_url, input_audio, file, ...),
        each once."""
        if not isinstance(self.content, list):
            return []
        return list(dict.fromkeys(part.type for part in self.content if part.type != "text"))


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str = Field(description=f"`{MODEL_ID}`")
    messages: list[ChatMessage] = Field(
        min_length=1,
        max_length=MAX_MESSAGES,
        description="the last `user` message is the question; earlier user/assistant pairs are the conversation "
        "(system messages are ignored: answers come from the lens)",
    )
    stream: bool = Field(False, description="stream `chat.completion.chunk` events (SSE), ending with `[DONE]`")


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str
    refusal: None = None


class ChatChoice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class LensMeta(BaseModel):
    """Extra, non-OpenAI details: the turn (for /v1/feedback), whether the question was refused, the cited practice IDs
    (each once, in the order the answer cites them)."""

    turn_id: int | None
    refused: bool
    cited: list[str]
    mode: str


class ChatCompletionResponse(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[ChatChoice]
    ml_lens: LensMeta


class ModelCard(BaseModel):
    id: str = MODEL_ID
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "ml-lens-assistant"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
