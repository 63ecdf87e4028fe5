"""The LangChain adapter per provider, driven by LangChain's own fake chat models (no vendor SDK is patched)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from botocore.exceptions import ClientError
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.exceptions import OutputParserException
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from ollama import ResponseError
from pydantic import BaseModel

from app.errors import LLMOutputInvalid, LLMUnavailable
from app.llm.base import Message
from app.llm.langchain_model import build_chat_model
from app.settings import Settings

PROVIDERS = ["openai", "bedrock", "ollama"]
MESSAGES = [Message("system", "rules"), Message("user", "question")]
REQUEST = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")


class Rewrite(BaseModel):
    question: str


class RecordingFake(GenericFakeChatModel):
    """GenericFakeChatModel that records the call kwargs (e.g. JSON mode) and can fail first."""

    seen: list[dict[str, Any]] = []
    failures: list[BaseException] = []

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(kwargs)
        if self.failures:
            raise self.failures.pop(0)
        return super()._generate(messages, stop, run_manager, **kwargs)


class BreaksMidStream(GenericFakeChatModel):
    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        yield ChatGenerationChunk(message=AIMessageChunk(content="partial "))
        raise openai.APIConnectionError(request=REQUEST)


def settings(provider: str, **extra: Any) -> Settings:
    values: dict[str, Any] = {"llm_model": "m", "llm_backoff_s": 0.01, **extra}
    return Settings(_env_file=None, llm_provider=provider, **values)  # type: ignore[call-arg]


def fake(*replies: str, failures: list[BaseException] | None = None) -> RecordingFake:
    return RecordingFake(messages=iter([AIMessage(content=r) for r in replies]), seen=[], failures=failures or [])


@pytest.mark.parametrize("provider", PROVIDERS)
def test_provider_adapter_completes_streams_and_parses(provider: str) -> None:
    chat = fake("Use roles [MLSEC03-BP01].", "Stream [MLSEC03-BP01] this.", '{"question": "standalone?"}')
    model = build_chat_model(settings(provider), chat=chat)
    assert model.name == f"{provider}:m"
    assert model.complete(MESSAGES).text == "Use roles [MLSEC03-BP01]."
    chunks = list(model.stream(MESSAGES))
    assert len(chunks) > 1 and "".join(chunks) == "Stream [MLSEC03-BP01] this."
    assert model.complete(MESSAGES, schema=Rewrite).parsed == Rewrite(question="standalone?")
    json_mode = {"openai": {"response_format": {"type": "json_object"}}, "ollama": {"format": "json"}, "bedrock": {}}
    assert chat.seen[-1] == json_mode[provider]


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (openai.APITimeoutError(request=REQUEST), True),
        (openai.RateLimitError("slow down", response=httpx.Response(429, request=REQUEST), body=None), True),
        (httpx.ConnectError("refused"), True),
        (ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow"}}, "Converse"), True),
        (openai.AuthenticationError("bad key", response=httpx.Response(401, request=REQUEST), body=None), False),
        (ResponseError("model 'm' not found", 404), False),
    ],
)
def test_vendor_errors_are_retried_with_backoff_or_mapped(error: BaseException, retried: bool) -> None:
    slept: list[float] = []
    model = build_chat_model(settings("openai", llm_max_retries=2), chat=fake("ok", failures=[error]))
    model._sleep = slept.append
    if retried:
        assert model.complete(MESSAGES).text == "ok"
        assert slept == [0.01]
    else:
        with pytest.raises(LLMUnavailable):
            model.complete(MESSAGES)
        assert slept == []


def test_retries_run_out_as_llm_unavailable() -> None:
    errors: list[BaseException] = [openai.APITimeoutError(request=REQUEST) for _ in range(3)]
    model = build_chat_model(settings("openai", llm_max_retries=2), chat=fake("never", failures=errors))
    slept: list[float] = []
    model._sleep = slept.append
    with pytest.raises(LLMUnavailable, match="timeout"):
        model.complete(MESSAGES)
    assert slept == [0.01, 0.02]


def test_bad_output_is_llm_output_invalid() -> None:
    model = build_chat_model(settings("openai"), chat=fake(failures=[OutputParserException("garbled")]))
    with pytest.raises(LLMOutputInvalid):
        model.complete(MESSAGES)
    with pytest.raises(LLMOutputInvalid):
        build_chat_model(settings("ollama"), chat=fake("not json")).complete(MESSAGES, schema=Rewrite)


def test_a_stream_that_breaks_after_output_is_not_retried() -> None:
    model = build_chat_model(settings("openai"), chat=BreaksMidStream(messages=iter([])))
    received: list[str] = []
    with pytest.raises(LLMUnavailable, match="connection"):
        for chunk in model.stream(MESSAGES):
            received.append(chunk)
    assert received == ["partial "]


def test_vendor_models_are_configured_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Construction only: no request is made (dummy AWS credentials keep boto3 off the metadata endpoint)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    from langchain_aws import ChatBedrockConverse
    from langchain_ollama import ChatOllama
    from langchain_openai import ChatOpenAI

    openai_model = build_chat_model(settings("openai", llm_base_url="http://127.0.0.1:9/v1", llm_timeout_s=3))._chat
    assert isinstance(openai_model, ChatOpenAI)
    assert openai_model.openai_api_base == "http://127.0.0.1:9/v1" and openai_model.max_retries == 0
    assert openai_model.request_timeout == 3
    ollama_model = build_chat_model(settings("ollama", llm_base_url="http://127.0.0.1:11434"))._chat
    assert isinstance(ollama_model, ChatOllama) and ollama_model.base_url == "http://127.0.0.1:11434"
    bedrock = build_chat_model(settings("bedrock", aws_region="eu-west-1", llm_model="amazon.nova-lite-v1:0"))._chat
    assert isinstance(bedrock, ChatBedrockConverse) and bedrock.region_name == "eu-west-1"


def test_a_provider_that_cannot_be_configured_says_so() -> None:
    with pytest.raises(LLMUnavailable, match="MLLENS_LLM_MODEL"):
        build_chat_model(settings("openai", llm_model=""))


def test_bedrock_without_a_region_says_why_not_where_to_read_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """boto3 itself refuses (no region anywhere: not in settings, the environment or an AWS config file). The message
    was the last line of pydantic's error, 'For further information visit https://errors.pydantic.dev/…'; it is
    boto3's reason now, and never the validated input (which holds the client's settings)."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    with pytest.raises(LLMUnavailable) as refused:
        build_chat_model(settings("bedrock", aws_region=None, llm_model="amazon.nova-lite-v1:0"))
    message = refused.value.message
    assert message.startswith("cannot set up LLM provider bedrock: ") and "You must specify a region" in message
    assert "errors.pydantic.dev" not in message and "input_value" not in message
