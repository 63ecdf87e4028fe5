"""OpenAI-compatible endpoints, so chat front ends (Open WebUI, LibreChat, IDE assistants) can use the lens as the
model `ml-lens`: `POST /v1/chat/completions` (JSON, or SSE chunks with `stream: true`) and `GET /v1/models`.

The answer is the QA service's cited answer with a Markdown "Sources" list; a refusal is an ordinary assistant
message. API keys arrive as `Authorization: Bearer`, as for every other route."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import StreamingResponse

from app.api.deps import CredentialsFirst, PrincipalDep, ServicesDep, get_principal
from app.api.errors import OPENAI_PATHS, error_payload, openai_error
from app.api.one_hop import iterate_in_one_hop
from app.api.openai_schemas import (
    MODEL_ID,
    AssistantMessage,
    ChatChoice,
    ChatCompletionRequest,
    ChatCompletionResponse,
    ChatMessage,
    LensMeta,
    ModelCard,
    ModelList,
    OpenAIErrorResponse,
)
from app.api.responses import model_response
from app.api.schemas import ErrorResponse
from app.api.sse import HEADERS
from app.errors import AppError, InvalidInput, NotFound
from app.principal import Principal
from app.qa.chat import answer_markdown, is_sources_paragraph, past_turns, with_markdown_sources
from app.qa.models import AskEvent, DeltaEvent, DoneEvent
from app.qa.service import PreparedAsk, QAService

logger = logging.getLogger("app.api")
STARTED = int(time.time())
# 413 comes from the body-size middleware, before any route: the plain error shape, without `type` and `param`
ERRORS: dict[int | str, dict[str, Any]] = {413: {"model": ErrorResponse}}
ERRORS |= {status: {"model": OpenAIErrorResponse} for status in (401, 404, 429, 503)}
# not the rest of the API's 422: a request OpenAI cannot take is a 400 there (app.api.errors)
ERRORS[400] = {
    "model": OpenAIErrorResponse,
    "description": "invalid input, as OpenAI answers it: `invalid_request_error`, `param` naming the field "
    "(`unknown_parameter` for a field OpenAI does not document)",
}
router = APIRouter(
    prefix="/v1",
    tags=["openai-compatible"],
    responses=ERRORS,
)


def document_openai_errors(app: FastAPI) -> None:
    """FastAPI documents a 422 "Validation Error" for every route with a body; these routes answer invalid input with
    a 400 (app.api.errors), already documented, so their 422 is taken out of the app's OpenAPI document."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        fresh = app.openapi_schema is None
        schema = build()
        if fresh:
            for path, item in schema["paths"].items():
                for operation in item.values() if path.startswith(OPENAI_PATHS) else ():
                    operation["responses"].pop("422", None)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


class ModelNotFound(NotFound):
    code = "model_not_found"


@router.get("/models", response_model=ModelList)
def list_models(_principal: PrincipalDep) -> ModelList:
    """The one model this server offers: `ml-lens` (the lens's cited answers)."""
    return ModelList(data=[ModelCard(created=STARTED)])


@router.get("/models/{model_id}", response_model=ModelCard)
def get_model(model_id: str, _principal: PrincipalDep) -> ModelCard:
    """`ml-lens`; any other ID is a 404."""
    _check_model(model_id)
    return ModelCard(created=STARTED)


@router.post(
    "/chat/completions",
    response_model=ChatCompletionResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE chunks with stream=true"}},
    dependencies=[CredentialsFirst],
)
def chat_completions(body: ChatCompletionRequest, request: Request, s: ServicesDep) -> Response:
    """Answer the last user message from the lens, with earlier user/assistant messages as the conversation, in the
    OpenAI Chat Completions format (`stream: true` for `chat.completion.chunk` events ending with `data: [DONE]`)."""
    # Every message of a chat front end comes here: one hand-off to the thread pool, as for /v1/ask. The principal is
    # settled first thing inside it and the reply serialised here (not validated again by FastAPI in another worker
    # call); CredentialsFirst has refused on the event loop what needs no database to refuse.
    principal = get_principal(request, s)
    _check_model(body.model)
    prepared = prepare(s.qa, body.messages, principal)
    completion_id, created = f"chatcmpl-{prepared.conversation_id}", int(time.time())
    if body.stream:
        chunks = stream_chunks(s.qa.stream(prepared), completion_id, created)
        return StreamingResponse(chunks, media_type="text/event-stream", headers=HEADERS)
    answer = s.qa.answer(prepared)
    return model_response(
        ChatCompletionResponse(
            id=completion_id,
            created=created,
            choices=[ChatChoice(message=AssistantMessage(content=answer_markdown(answer)))],
            ml_lens=LensMeta(
                turn_id=answer.turn_id,
                refused=answer.refused,
                cited=list(dict.fromkeys(c.bp_id for c in answer.citations)),  # each practice once, in order
                mode=answer.mode,
                refusal=answer.refusal,
            ),
        )
    )


def _check_model(model: str) -> None:
    if model != MODEL_ID:
        raise ModelNotFound(f"model {model!r} does not exist; this server offers {MODEL_ID!r}")


def prepare(qa: QAService, messages: list[ChatMessage], principal: Principal) -> PreparedAsk:
    """The last user message is the question; each earlier user message with the assistant reply after it is a
    past turn (system, tool and unanswered messages are left out). Only text parts are read: a question with no
    text part (an image alone) is refused saying so."""
    users = [n for n, m in enumerate(messages) if m.role == "user"]
    if not users:
        raise InvalidInput("messages: at least one message with role 'user' is needed (it is the question)")
    last = users[-1]
    if not messages[last].text.strip() and messages[last].unread_parts:
        raise InvalidInput(
            f"messages[{last}]: this model reads only text, and this user message has no text part (only "
            f"{', '.join(messages[last].unread_parts)}): send the question as text"
        )
    exchanges = []
    for n in users[:-1]:
        reply = next((m for m in messages[n + 1 : last] if m.role in ("user", "assistant")), None)
        if reply is not None and reply.role == "assistant":
            exchanges.append((messages[n].text, reply.text))
    return qa.prepare_with_history(messages[last].text, past_turns(exchanges), principal=principal)


async def stream_chunks(events: Iterator[AskEvent], completion_id: str, created: int) -> AsyncIterator[str]:
    """OpenAI `chat.completion.chunk` events: the role at once, then the answer's text as it is composed (the plain
    Sources paragraph held back and sent as the Markdown list once the citations are known), then `stop` and
    `[DONE]`. An error after the 200 is one chunk with OpenAI's error body (`type`, `param` null), then `[DONE]`: the
    `openai` client raises it as an APIError."""

    def chunk(delta: dict[str, str], finish: str | None = None) -> str:
        body = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    held: str | None = None  # from the Sources paragraph on
    try:
        async for event in iterate_in_one_hop(events):  # one worker call for the whole answer, not one per event
            if isinstance(event, DeltaEvent):
                if held is not None or is_sources_paragraph(event.text):
                    held = (held or "") + event.text
                else:
                    yield chunk({"content": event.text})
            elif isinstance(event, DoneEvent):
                rest = held or ""
                if not event.answer.refused:
                    rest = with_markdown_sources(rest, event.answer.citations)
                if rest:
                    yield chunk({"content": rest})
        yield chunk({}, "stop")
    except AppError as exc:
        yield f"data: {json.dumps(openai_error(exc.status, error_payload(exc)))}\n\n"
    except Exception:  # outermost edge of a stream whose 200 status is already sent
        logger.exception("error while streaming a chat completion")
        error: dict[str, Any] = {"error": {"code": "internal_error", "message": "internal error; it has been logged"}}
        yield f"data: {json.dumps(openai_error(500, error))}\n\n"
    yield "data: [DONE]\n\n"
