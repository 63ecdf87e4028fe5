"""Request and response shapes of the OpenAI-compatible endpoints (`/v1/chat/completions`, `/v1/models`), as the
OpenAI Chat Completions API defines them. Fields the endpoint does not use (temperature, max_tokens, tools, ...) are
accepted and ignored, so existing clients work unchanged, but only with a value of the type and range OpenAI
documents: `"temperature": "hot"` or `"stream": "yes"` is a 400, never coerced (strict types: a string is not a number
or a boolean, a boolean is not a number). A field OpenAI does not document (in the body, a message or
`stream_options`) is a 400 naming it, as OpenAI refuses it, rather than silently dropped: a misspelt `temperture` or a
vendor extension this server does not honour is said, not ignored. Content parts stay open (their types are many and
growing; a part other than text is left out and, alone, refused saying so)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, field_validator

from app.api.schemas import REFUSAL_KIND, ErrorBody
from app.qa.models import RefusalKind

MODEL_ID = "ml-lens"
MAX_MESSAGES = 200


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


IGNORED = "accepted and ignored (OpenAI's type and range are checked)"
UNREAD = "accepted and not read"


class ChatMessage(BaseModel):
    """A message with the fields of OpenAI's message types (any other field is a 400 `unknown_parameter`); only `role`
    and the text of `content` are read."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None
    name: StrictStr | None = Field(None, description=UNREAD)
    refusal: StrictStr | None = Field(None, description=UNREAD)
    tool_calls: list[dict[str, Any]] | None = Field(None, description=UNREAD)
    tool_call_id: StrictStr | None = Field(None, description=UNREAD)
    function_call: dict[str, Any] | None = Field(None, description=UNREAD)
    audio: dict[str, Any] | None = Field(None, description=UNREAD)
    # an assistant message sent back as the client returned it (`message.model_dump()`) carries this too
    annotations: list[dict[str, Any]] | None = Field(None, description=UNREAD)

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


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    include_usage: StrictBool | None = None
    include_obfuscation: StrictBool | None = None


class ChatCompletionRequest(BaseModel):
    """Every field of OpenAI's Chat Completions request (openai 3.57's `CompletionCreateParams`); any other is a 400
    `invalid_request_error` (`unknown_parameter`) whose `param` names it."""

    model_config = ConfigDict(extra="forbid")
    model: str = Field(description=f"`{MODEL_ID}`")
    messages: list[ChatMessage] = Field(
        min_length=1,
        max_length=MAX_MESSAGES,
        description="the last `user` message is the question; earlier user/assistant pairs are the conversation "
        "(system messages are ignored: answers come from the lens)",
    )
    stream: StrictBool | None = Field(
        False, description="stream `chat.completion.chunk` events (SSE), ending with `[DONE]`; null: false"
    )
    # Accepted and ignored (the answer is the lens's, not sampled), each with OpenAI's type and range.
    temperature: StrictFloat | None = Field(None, ge=0, le=2, description=IGNORED)
    top_p: StrictFloat | None = Field(None, ge=0, le=1, description=IGNORED)
    max_tokens: StrictInt | None = Field(None, ge=1, description=IGNORED)
    max_completion_tokens: StrictInt | None = Field(None, ge=1, description=IGNORED)
    n: StrictInt | None = Field(None, ge=1, description="how many choices: this model gives one, so only 1")
    presence_penalty: StrictFloat | None = Field(None, ge=-2, le=2, description=IGNORED)
    frequency_penalty: StrictFloat | None = Field(None, ge=-2, le=2, description=IGNORED)
    seed: StrictInt | None = Field(None, description=IGNORED)
    stop: StrictStr | list[StrictStr] | None = Field(None, max_length=4, description=IGNORED)
    logprobs: StrictBool | None = Field(None, description=IGNORED)
    top_logprobs: StrictInt | None = Field(None, ge=0, le=20, description=IGNORED)
    logit_bias: dict[str, StrictInt] | None = Field(None, description=IGNORED)
    user: StrictStr | None = Field(None, description=IGNORED)
    store: StrictBool | None = Field(None, description=IGNORED)
    parallel_tool_calls: StrictBool | None = Field(None, description=IGNORED)
    metadata: dict[str, StrictStr] | None = Field(None, description=IGNORED)
    tools: list[dict[str, Any]] | None = Field(None, description=IGNORED)
    tool_choice: StrictStr | dict[str, Any] | None = Field(None, description=IGNORED)
    response_format: dict[str, Any] | None = Field(None, description=IGNORED)
    stream_options: StreamOptions | None = Field(None, description="accepted; `usage` is null (no token counts)")
    reasoning_effort: StrictStr | None = Field(None, description=IGNORED)
    verbosity: Literal["low", "medium", "high"] | None = Field(None, description=IGNORED)
    service_tier: StrictStr | None = Field(None, description=IGNORED)
    modalities: list[Literal["text", "audio"]] | None = Field(None, description=IGNORED)
    audio: dict[str, Any] | None = Field(None, description=IGNORED)
    prediction: dict[str, Any] | None = Field(None, description=IGNORED)
    web_search_options: dict[str, Any] | None = Field(None, description=IGNORED)
    moderation: dict[str, Any] | None = Field(None, description=IGNORED)
    prompt_cache_key: StrictStr | None = Field(None, description=IGNORED)
    prompt_cache_options: dict[str, Any] | None = Field(None, description=IGNORED)
    prompt_cache_retention: StrictStr | None = Field(None, description=IGNORED)
    safety_identifier: StrictStr | None = Field(None, description=IGNORED)
    functions: list[dict[str, Any]] | None = Field(None, description=IGNORED + "; deprecated by OpenAI for `tools`")
    function_call: StrictStr | dict[str, Any] | None = Field(
        None, description=IGNORED + "; deprecated by OpenAI for `tool_choice`"
    )

    @field_validator("n")
    @classmethod
    def _one_choice(cls, n: int | None) -> int | None:
        if n is not None and n != 1:
            raise ValueError(f"this model gives one choice per request; send n=1 or leave n out (got {n})")
        return n

    @field_validator("logit_bias")
    @classmethod
    def _bias_range(cls, bias: dict[str, int] | None) -> dict[str, int] | None:
        if bias is not None and any(not -100 <= v <= 100 for v in bias.values()):
            raise ValueError("each bias must be between -100 and 100")
        return bias


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str
    refusal: None = None


class ChatChoice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class LensMeta(BaseModel):
    """Extra, non-OpenAI details: the turn (for /v1/feedback), whether the question was refused and why, the cited
    practice IDs (each once, in the order the answer cites them)."""

    turn_id: int | None
    refused: bool
    cited: list[str]
    mode: str
    refusal: RefusalKind | None = Field(None, description=REFUSAL_KIND)


class ChatCompletionResponse(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_ID
    choices: list[ChatChoice]
    ml_lens: LensMeta


class OpenAIErrorBody(ErrorBody):
    type: str = Field(
        description="OpenAI's error type: invalid_request_error, authentication_error, permission_error, "
        "rate_limit_error or server_error"
    )
    param: str | None = Field(description="the request field at fault (e.g. `temperature`, `messages.0.role`), or null")


class OpenAIErrorResponse(BaseModel):
    error: OpenAIErrorBody


class ModelCard(BaseModel):
    id: str = MODEL_ID
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "ml-lens-assistant"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
