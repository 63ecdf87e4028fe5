"""The real `openai` client against a real server: models, answers with Sources (streamed and not), follow-ups from
the message list, refusals as ordinary messages, errors, and API keys as Bearer tokens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from support.live_server import live_server as serve

from app.errors import RateLimited
from app.knowledge import KnowledgeBase
from app.llm.fake import ScriptedChatModel
from app.main import create_app
from app.services import build_services
from app.settings import Settings
from tests.interop.conftest import IN_SCOPE, OUT_OF_SCOPE, LiveServer

REPO_PROMPTS = Path(__file__).resolve().parents[2] / "prompts"

BP_ID = re.compile(r"ML[A-Z]{2,4}\d{2}-BP\d{2}")


@pytest.fixture
def api(live_server: LiveServer) -> Iterator[openai.OpenAI]:
    """A client with a real API key (chat front ends always send one; create it with `mllens keys create`)."""
    _, key = live_server.services.keys.create("open-webui")
    with client(live_server, key) as api:
        yield api


def client(server: LiveServer, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.url}/v1", api_key=key, max_retries=0, timeout=30)


def lens_ids(server: LiveServer) -> set[str]:
    return {bp.id for bp in server.services.kb.lens.best_practices}


def test_models_lists_ml_lens(api: openai.OpenAI) -> None:
    assert [m.id for m in api.models.list()] == ["ml-lens"]
    assert api.models.retrieve("ml-lens").id == "ml-lens"
    with pytest.raises(openai.NotFoundError):
        api.models.retrieve("gpt-4o")


def test_answer_carries_valid_practice_ids_and_a_sources_list(live_server: LiveServer, api: openai.OpenAI) -> None:
    completion = api.chat.completions.create(
        model="ml-lens", messages=[{"role": "system", "content": "be brief"}, {"role": "user", "content": IN_SCOPE}]
    )
    content = completion.choices[0].message.content or ""
    assert completion.choices[0].finish_reason == "stop" and completion.model == "ml-lens"
    assert set(BP_ID.findall(content)) & lens_ids(live_server)
    sources = content.split("**Sources**", 1)[1]
    assert re.search(r"- \[ML[A-Z]+\d\d-BP\d\d [^\]]+\]\(https://docs\.aws\.amazon\.com/[^)]+\)", sources)
    assert "MIT-0" in sources and "Sources:\n" not in content  # the plain list became Markdown


def test_the_cited_practices_are_listed_once_each(api: openai.OpenAI) -> None:
    # an answer quoting several sections of one practice cites it once per section; ml_lens.cited names practices
    raw = api.chat.completions.with_raw_response.create(
        model="ml-lens", messages=[{"role": "user", "content": "How should we version training data?"}]
    )
    cited = raw.http_response.json()["ml_lens"]["cited"]
    assert cited and len(cited) == len(set(cited))


def test_streamed_answer_matches_the_plain_one(live_server: LiveServer, api: openai.OpenAI) -> None:
    messages = [{"role": "user", "content": IN_SCOPE}]
    stream = api.chat.completions.create(model="ml-lens", messages=messages, stream=True)  # type: ignore[arg-type]
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks)
    plain = api.chat.completions.create(model="ml-lens", messages=messages).choices[0].message.content  # type: ignore[arg-type]
    assert streamed == plain
    assert set(BP_ID.findall(streamed)) & lens_ids(live_server) and "**Sources**" in streamed
    assert len({c.id for c in chunks}) == 1


def test_earlier_messages_are_the_conversation(api: openai.OpenAI) -> None:
    first = api.chat.completions.create(model="ml-lens", messages=[{"role": "user", "content": IN_SCOPE}])
    first_text = first.choices[0].message.content or ""
    follow_up = api.chat.completions.create(
        model="ml-lens",
        messages=[
            {"role": "user", "content": IN_SCOPE},
            {"role": "assistant", "content": first_text},
            {"role": "user", "content": [{"type": "text", "text": "how do I start with that?"}]},
        ],
    )
    alone = api.chat.completions.create(
        model="ml-lens", messages=[{"role": "user", "content": "how do I start with that?"}]
    )
    cited_first = BP_ID.findall(first_text)[0]
    assert cited_first in (follow_up.choices[0].message.content or "")  # carried over from the history
    assert (alone.choices[0].message.content or "") != (follow_up.choices[0].message.content or "")


def test_refusal_is_an_ordinary_assistant_message(api: openai.OpenAI) -> None:
    for stream in (False, True):
        response = api.chat.completions.create(
            model="ml-lens", messages=[{"role": "user", "content": OUT_OF_SCOPE}], stream=stream
        )
        if stream:
            text = "".join(c.choices[0].delta.content or "" for c in response)  # type: ignore[union-attr]
        else:
            message = response.choices[0].message  # type: ignore[union-attr]
            assert message.refusal is None
            text = message.content or ""
        assert "I can only answer questions about the AWS Well-Architected Machine Learning Lens" in text


def test_bad_requests_get_clear_errors(api: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match="ml-lens"):
        api.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": IN_SCOPE}])
    with pytest.raises(openai.BadRequestError, match="role 'user'"):
        api.chat.completions.create(model="ml-lens", messages=[{"role": "system", "content": "hi"}])
    with pytest.raises(openai.BadRequestError):
        api.chat.completions.create(model="ml-lens", messages=[{"role": "user", "content": "  "}])


def test_api_keys_are_bearer_tokens(live_server: LiveServer, api: openai.OpenAI) -> None:
    with client(live_server, "mll_wrong") as wrong:
        with pytest.raises(openai.AuthenticationError):
            wrong.chat.completions.create(model="ml-lens", messages=[{"role": "user", "content": IN_SCOPE}])
        with pytest.raises(openai.AuthenticationError):
            wrong.chat.completions.create(
                model="ml-lens", messages=[{"role": "user", "content": IN_SCOPE}], stream=True
            )
        with pytest.raises(openai.AuthenticationError):
            list(wrong.models.list())
    completion = api.chat.completions.create(model="ml-lens", messages=[{"role": "user", "content": IN_SCOPE}])
    assert completion.choices[0].message.content


def test_a_message_with_only_an_image_says_only_text_is_read(api: openai.OpenAI) -> None:
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    with pytest.raises(openai.BadRequestError) as refused:
        api.chat.completions.create(model="ml-lens", messages=[{"role": "user", "content": [image]}])
    message = refused.value.body["message"] if isinstance(refused.value.body, dict) else str(refused.value.body)
    assert "only text" in message and "image_url" in message, message
    assert refused.value.body["code"] == "invalid_input"  # type: ignore[index]
    # with a text part beside it, the text is the question and the image is left out
    mixed = [{"type": "text", "text": IN_SCOPE}, image]
    reply = api.chat.completions.create(model="ml-lens", messages=[{"role": "user", "content": mixed}])  # type: ignore[list-item]
    assert reply.choices[0].message.content and "**Sources**" in reply.choices[0].message.content


BAD_PARAMETERS: list[tuple[str, object, str]] = [
    ("temperature", "hot", "valid number"),
    ("temperature", "0.5", "valid number"),  # a string is not a number, even a numeric one
    ("temperature", True, "valid number"),  # nor is a boolean
    ("temperature", 2.5, "less than or equal to 2"),
    ("top_p", 1.5, "less than or equal to 1"),
    ("max_tokens", 0, "greater than or equal to 1"),
    ("max_tokens", "100", "valid integer"),
    ("max_completion_tokens", 1.5, "valid integer"),
    ("n", 2, "one choice"),
    ("presence_penalty", -3, "greater than or equal to -2"),
    ("seed", "42", "valid integer"),
    ("stop", ["a", "b", "c", "d", "e"], "at most 4"),
    ("logprobs", "yes", "valid boolean"),
    ("top_logprobs", 21, "less than or equal to 20"),
    ("logit_bias", {"50256": 101}, "between -100 and 100"),
    ("user", 7, "valid string"),
    ("stream", "yes", "valid boolean"),
    ("stream", 1, "valid boolean"),
    ("stream_options", {"include_usage": "true"}, "valid boolean"),
]


def test_typed_parameters_are_checked_never_coerced(api: openai.OpenAI) -> None:
    # the client sends what it is given (its types are hints): the server is the one to refuse, in OpenAI's shape
    for field, value, says in BAD_PARAMETERS:
        with pytest.raises(openai.BadRequestError) as refused:
            api.chat.completions.create(
                model="ml-lens", messages=[{"role": "user", "content": IN_SCOPE}], extra_body={field: value}
            )
        error = refused.value
        assert error.code == "invalid_input" and error.type == "invalid_request_error", (field, error.body)
        assert error.param is not None and error.param.split(".")[0] == field, (field, error.body)
        assert says in str(error.message), (field, error.message)


def test_parameters_in_range_are_accepted(api: openai.OpenAI) -> None:
    messages: list[Any] = [{"role": "user", "content": IN_SCOPE}]
    sampled = api.chat.completions.create(
        model="ml-lens",
        messages=messages,
        temperature=0,  # an integer is a number
        top_p=1,
        max_tokens=64,
        n=1,
        seed=7,
        stop=["\n\n\n"],
        presence_penalty=-2,
        user="someone",
        logit_bias={"50256": -100},
    )
    assert (
        sampled.choices[0].message.content
        == api.chat.completions.create(model="ml-lens", messages=messages).choices[0].message.content
    )  # accepted and ignored: the lens's answer, not a sample
    chunks = list(
        api.chat.completions.create(
            model="ml-lens", messages=messages, stream=True, stream_options={"include_usage": True}, temperature=1.5
        )
    )
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_raw_http_errors_have_openais_shape(live_server: LiveServer) -> None:
    _, key = live_server.services.keys.create("raw")
    headers = {"Authorization": f"Bearer {key}"}
    body = {"model": "ml-lens", "messages": [{"role": "user", "content": IN_SCOPE}], "temperature": "hot"}
    response = httpx.post(f"{live_server.url}/v1/chat/completions", json=body, headers=headers, timeout=30)
    assert response.status_code == 400  # OpenAI's status for a request it cannot take (the rest of the API: 422)
    assert response.json()["error"] == {
        "code": "invalid_input",
        "message": "temperature: Input should be a valid number",
        "type": "invalid_request_error",
        "param": "temperature",
    }
    unknown = httpx.post(
        f"{live_server.url}/v1/chat/completions", json={**body, "model": "gpt-4o", "temperature": 1}, headers=headers
    )
    assert unknown.status_code == 404
    assert unknown.json()["error"]["type"] == "invalid_request_error" and unknown.json()["error"]["param"] is None
    wrong_key = httpx.get(f"{live_server.url}/v1/models", headers={"Authorization": "Bearer mll_wrong"})
    assert wrong_key.status_code == 401 and wrong_key.json()["error"]["type"] == "authentication_error"
    other = httpx.post(f"{live_server.url}/v1/search", json={"query": IN_SCOPE, "k": "5"}, headers=headers)
    assert other.status_code == 422 and set(other.json()["error"]) == {"code", "message"}  # the project's own shape


def test_a_reply_sent_back_as_the_client_returned_it_is_the_conversation(api: openai.OpenAI) -> None:
    first = api.chat.completions.create(model="ml-lens", messages=[{"role": "user", "content": IN_SCOPE}])
    returned = first.choices[0].message.model_dump()  # every field of the client's message, `annotations` included
    follow_up = api.chat.completions.create(
        model="ml-lens",
        messages=[{"role": "user", "content": IN_SCOPE}, returned, {"role": "user", "content": "how do I start?"}],
    )
    assert BP_ID.findall(first.choices[0].message.content or "")[0] in (follow_up.choices[0].message.content or "")


def openai_request_fields() -> set[str]:
    """Every field the installed `openai` client can send in a Chat Completions body."""
    from openai.types.chat import completion_create_params

    return set(completion_create_params.CompletionCreateParamsStreaming.__annotations__)


def openai_message_fields() -> set[str]:
    from typing import get_args

    from openai.types.chat import ChatCompletionMessageParam

    return {name for kind in get_args(ChatCompletionMessageParam) for name in kind.__annotations__}


def test_every_field_openai_documents_is_accepted() -> None:
    from app.api.openai_schemas import ChatCompletionRequest, ChatMessage, StreamOptions

    assert openai_request_fields() <= set(ChatCompletionRequest.model_fields)
    assert openai_message_fields() <= set(ChatMessage.model_fields)
    from openai.types.chat import ChatCompletionMessage

    assert set(ChatCompletionMessage.model_fields) <= set(ChatMessage.model_fields)  # a reply sent back as returned
    from openai.types.chat import ChatCompletionStreamOptionsParam

    assert set(ChatCompletionStreamOptionsParam.__annotations__) <= set(StreamOptions.model_fields)


UNKNOWN_FIELDS: list[tuple[dict[str, Any], str]] = [
    ({"temperture": 0.2}, "temperture"),  # a misspelt field is said, not silently dropped
    ({"options": {"num_ctx": 4096}}, "options"),  # another server's extension
    ({"stream_options": {"include_usage": True, "chunk_size": 4}}, "stream_options.chunk_size"),
    ({"messages": [{"role": "user", "content": IN_SCOPE, "colour": "red"}]}, "messages.0.colour"),
]


def test_unknown_fields_are_refused_naming_them(api: openai.OpenAI) -> None:
    for extra, param in UNKNOWN_FIELDS:
        for stream in (False, True):
            with pytest.raises(openai.BadRequestError) as refused:
                api.chat.completions.create(
                    model="ml-lens", messages=[{"role": "user", "content": IN_SCOPE}], stream=stream, extra_body=extra
                )
            error = refused.value
            assert error.status_code == 400 and (error.type, error.param) == ("invalid_request_error", param)
            assert error.code == "unknown_parameter", error.body  # OpenAI's code and wording
            assert error.body["message"] == f"Unknown parameter: '{param}'.", error.body  # type: ignore[index]


def test_what_openai_clients_send_by_default_is_accepted(api: openai.OpenAI) -> None:
    messages: list[Any] = [
        {"role": "developer", "content": "be brief", "name": "ide"},
        {"role": "user", "content": [{"type": "text", "text": IN_SCOPE}], "name": "sam"},
    ]
    reply = api.chat.completions.create(
        model="ml-lens",
        messages=messages,
        user="u-1",
        n=1,
        metadata={"team": "ml"},
        store=False,
        reasoning_effort="low",
        verbosity="low",
        service_tier="auto",
        prompt_cache_key="k",
        safety_identifier="s",
        modalities=["text"],
        parallel_tool_calls=False,
        stream=True,
        stream_options={"include_usage": True, "include_obfuscation": False},
    )
    chunks = list(reply)
    assert chunks[-1].choices[0].finish_reason == "stop" and "**Sources**" in "".join(
        c.choices[0].delta.content or "" for c in chunks
    )


@pytest.mark.parametrize(
    ("failure", "kind", "code"),
    [
        (RuntimeError("secret internals"), "server_error", "internal_error"),
        (RateLimited("the model's quota is spent", retry_after_s=5), "rate_limit_error", "rate_limited"),
    ],
)
def test_an_error_mid_stream_is_an_api_error_with_openais_type(
    tiny_settings: Settings, tiny_kb: KnowledgeBase, failure: Exception, kind: str, code: str
) -> None:
    # after the 200 and the role chunk, the error is a chunk with OpenAI's error body, which the client raises
    settings = tiny_settings.model_copy(update={"prompts_dir": REPO_PROMPTS, "llm_provider": "fake"})
    services = build_services(settings, kb=tiny_kb, chat_model=ScriptedChatModel([failure]))
    try:
        with serve(create_app(settings, services), settings) as (host, port):
            api = client(LiveServer(f"http://{host}:{port}", services), services.keys.create("ide")[1])
            stream = api.chat.completions.create(
                model="ml-lens", messages=[{"role": "user", "content": IN_SCOPE}], stream=True
            )
            with pytest.raises(openai.APIError) as raised:
                for _ in stream:
                    pass
    finally:
        services.close()
    error = raised.value
    assert (error.type, error.code, error.param) == (kind, code, None), error.body
    assert "secret internals" not in str(error.message)


def test_the_openapi_document_gives_openais_status_for_invalid_input() -> None:
    spec = create_app(Settings(_env_file=None)).openapi()  # type: ignore[call-arg]
    for path, method in (("/v1/chat/completions", "post"), ("/v1/models", "get")):
        responses = spec["paths"][path][method]["responses"]
        assert "422" not in responses, path  # FastAPI's default "Validation Error" is not what these routes send
        assert responses["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/OpenAIErrorResponse")
    assert "422" in spec["paths"]["/v1/ask"]["post"]["responses"]  # the rest of the API keeps its 422
