"""LangChain chat models behind the ChatModel port: provider selection (OpenAI-compatible, Bedrock, Ollama),
retries with exponential backoff, a per-call timeout, and the one place vendor exceptions become LLMUnavailable or
LLMOutputInvalid. The only module that imports langchain_* (and the vendor SDKs' exception types)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

from langchain_core.exceptions import OutputParserException
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from app.errors import LLMOutputInvalid, LLMUnavailable
from app.llm.base import Completion, Message, parse_structured
from app.settings import Settings

logger = logging.getLogger(__name__)

# Provider -> extra call arguments that ask for a JSON object (Bedrock Converse has none: the prompt asks instead).
JSON_MODE: dict[str, dict[str, Any]] = {
    "openai": {"response_format": {"type": "json_object"}},
    "ollama": {"format": "json"},
    "bedrock": {},
}


class LangChainChatModel:
    def __init__(
        self,
        chat: BaseChatModel,
        *,
        name: str,
        json_mode: dict[str, Any] | None = None,
        max_retries: int = 1,
        backoff_s: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.name = name
        self._chat = chat
        self._json_mode = json_mode or {}
        self._max_retries = max_retries
        self._backoff_s = backoff_s
        self._sleep = sleep

    def complete(self, messages: Sequence[Message], *, schema: type[BaseModel] | None = None) -> Completion:
        runnable = self._chat.bind(**self._json_mode) if schema is not None and self._json_mode else self._chat
        lc_messages = to_langchain(messages)
        for attempt in range(self._max_retries + 1):
            try:
                reply = runnable.invoke(lc_messages)
                break
            except VENDOR_ERRORS as exc:
                self._give_up_or_wait(exc, attempt)
        text = text_of(reply)
        return Completion(text, parse_structured(text, schema) if schema is not None else None)

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """Retries only before the first chunk: once text has been yielded a failure is final."""
        lc_messages = to_langchain(messages)
        for attempt in range(self._max_retries + 1):
            has_output = False
            try:
                for chunk in self._chat.stream(lc_messages):
                    text = text_of(chunk)
                    if text:
                        has_output = True
                        yield text
                return
            except VENDOR_ERRORS as exc:
                if has_output:
                    raise map_error(exc, self.name) from exc
                self._give_up_or_wait(exc, attempt)

    def _give_up_or_wait(self, exc: BaseException, attempt: int) -> None:
        error = map_error(exc, self.name)
        if attempt >= self._max_retries or not is_retryable(exc):
            raise error from exc
        delay = self._backoff_s * (2**attempt)
        logger.warning("LLM %s failed (%s); retry %d in %.2f s", self.name, error.message, attempt + 1, delay)
        self._sleep(delay)


def build_chat_model(settings: Settings, chat: BaseChatModel | None = None) -> LangChainChatModel:
    """The configured provider's chat model; `chat` replaces the vendor model (tests pass LangChain fakes)."""
    provider = settings.llm_provider
    if provider not in JSON_MODE:
        raise ValueError(f"not a LangChain provider: {provider}")
    return LangChainChatModel(
        chat or _vendor_model(settings),
        name=f"{provider}:{settings.llm_model}",
        json_mode=JSON_MODE[provider],
        max_retries=settings.llm_max_retries,
        backoff_s=settings.llm_backoff_s,
    )


def _vendor_model(settings: Settings) -> BaseChatModel:
    if not settings.llm_model:
        raise LLMUnavailable(f"MLLENS_LLM_MODEL is not set (needed for provider {settings.llm_provider})")
    try:
        return _init_vendor_model(settings)
    except SETUP_ERRORS as exc:  # e.g. Bedrock without AWS credentials
        raise LLMUnavailable(f"cannot set up LLM provider {settings.llm_provider}: {_short(exc)}") from exc


def _init_vendor_model(settings: Settings) -> BaseChatModel:
    from langchain.chat_models import init_chat_model

    common: dict[str, Any] = {"temperature": settings.llm_temperature}
    # Our own retry loop owns retries, so every client is built with none of its own.
    if settings.llm_provider == "openai":
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
        chat = init_chat_model(
            settings.llm_model,
            model_provider="openai",
            base_url=settings.llm_base_url,
            api_key=key,
            timeout=settings.llm_timeout_s,
            max_retries=0,
            max_tokens=settings.llm_max_tokens,
            **common,
        )
        return cast(BaseChatModel, chat)
    if settings.llm_provider == "bedrock":
        from botocore.config import Config  # type: ignore[import-untyped]

        config = Config(
            connect_timeout=settings.llm_timeout_s, read_timeout=settings.llm_timeout_s, retries={"max_attempts": 1}
        )
        chat = init_chat_model(
            settings.llm_model,
            model_provider="bedrock_converse",
            region_name=settings.aws_region,
            config=config,
            max_tokens=settings.llm_max_tokens,
            **common,
        )
        return cast(BaseChatModel, chat)
    chat = init_chat_model(
        settings.llm_model,
        model_provider="ollama",
        base_url=settings.llm_base_url,
        client_kwargs={"timeout": settings.llm_timeout_s},
        num_predict=settings.llm_max_tokens,
        **common,
    )
    return cast(BaseChatModel, chat)


def to_langchain(messages: Sequence[Message]) -> list[BaseMessage]:
    kinds: dict[str, type[BaseMessage]] = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


def text_of(message: BaseMessage | AIMessageChunk) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    # Bedrock and some others return a list of content blocks.
    return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)


# ---- vendor error mapping -----------------------------------------------------------------------------------------


def _vendor_error_types() -> tuple[type[BaseException], ...]:
    import httpx
    import openai

    types: list[type[BaseException]] = [
        openai.OpenAIError,
        httpx.HTTPError,
        OutputParserException,
        TimeoutError,
        ConnectionError,
    ]
    try:
        import botocore.exceptions  # type: ignore[import-untyped]

        types += [botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError]
    except ImportError:  # pragma: no cover - langchain-aws is a declared dependency
        pass
    try:
        import ollama

        types.append(ollama.ResponseError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(types)


VENDOR_ERRORS = _vendor_error_types()
SETUP_ERRORS: tuple[type[BaseException], ...] = (ValidationError, *VENDOR_ERRORS)
_RETRYABLE_BEDROCK_CODES = {
    "ThrottlingException",
    "ServiceUnavailableException",
    "ModelTimeoutException",
    "InternalServerException",
    "ModelNotReadyException",
}


def map_error(exc: BaseException, provider: str) -> LLMUnavailable | LLMOutputInvalid:
    """The project error for a vendor exception: bad output -> LLMOutputInvalid, everything else -> LLMUnavailable."""
    import openai

    if isinstance(exc, OutputParserException | openai.LengthFinishReasonError | openai.ContentFilterFinishReasonError):
        return LLMOutputInvalid(f"{provider}: unusable output ({type(exc).__name__})")
    return LLMUnavailable(f"{provider}: {_describe(exc)}")


def is_retryable(exc: BaseException) -> bool:
    """Timeouts, connection failures, rate limits and server errors are worth another try; auth/bad requests not."""
    import httpx
    import openai

    if isinstance(
        exc,
        openai.APITimeoutError
        | openai.APIConnectionError
        | openai.RateLimitError
        | openai.InternalServerError
        | httpx.TransportError
        | TimeoutError
        | ConnectionError,
    ):
        return True
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        return status == 429 or status >= 500
    response = getattr(exc, "response", None)
    if isinstance(response, dict):  # botocore ClientError
        return response.get("Error", {}).get("Code") in _RETRYABLE_BEDROCK_CODES
    name = type(exc).__name__
    return type(exc).__module__.startswith("botocore") and ("Timeout" in name or "Connection" in name)


def _short(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):  # its text ends in a link and shows the input (the client's settings)
        return "; ".join(str(error["msg"]) for error in exc.errors())[:300]
    return str(exc).splitlines()[-1][:300] if str(exc) else type(exc).__name__


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    lowered = name.lower()
    if "timeout" in lowered:
        return f"timeout ({name})"
    if "ratelimit" in lowered or "throttl" in lowered or getattr(exc, "status_code", None) == 429:
        return f"rate limited ({name})"
    if "connect" in lowered:
        return f"connection failed ({name})"
    return name
