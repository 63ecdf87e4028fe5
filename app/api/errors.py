"""The one error shape, {"error": {"code", "message"}}: AppError, validation errors and HTTP errors are mapped here,
once. Unexpected exceptions are caught by the outermost middleware (see middleware.py).

One addition, for a stale review write only (409 `stale_review`): `error.current` is the review's current turn, so
the client can show it and retry without another request.

On the OpenAI-compatible routes (`/v1/chat/completions`, `/v1/models`) the error also has OpenAI's `type`
(`invalid_request_error`, `authentication_error`, `rate_limit_error`, `server_error`, ...) and `param` (the request
field at fault, or null), so OpenAI clients read it as they read OpenAI's own errors; a request they cannot take is a
400 there, as OpenAI answers it (the `openai` client's BadRequestError), not the rest of the API's 422, and a field
OpenAI does not document is OpenAI's `unknown_parameter`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.api.deps import principal_before_error
from app.errors import AppError, NotReady, RateLimited, Unauthorized
from app.review.errors import StaleReview
from app.review.turn import TurnResult

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


OPENAI_PATHS = ("/v1/chat/", "/v1/models")
_OPENAI_TYPES = {401: "authentication_error", 403: "permission_error", 429: "rate_limit_error"}
# OpenAI answers a request it cannot take (unknown field, wrong type or range, no question) with 400, never 422
_OPENAI_STATUS = {422: 400}


def _reply(
    request: Request, status: int, payload: dict[str, Any], headers: dict[str, str] | None, param: str | None = None
) -> JSONResponse:
    """The error reply; on an OpenAI-compatible route its error also has OpenAI's `type` and `param`, and its status
    is OpenAI's (400 for invalid input)."""
    if request.url.path.startswith(OPENAI_PATHS):
        status = _OPENAI_STATUS.get(status, status)
        payload = openai_error(status, payload, param)
    return JSONResponse(payload, status_code=status, headers=headers)


def openai_error(status: int, payload: dict[str, Any], param: str | None = None) -> dict[str, Any]:
    """`payload` ({"error": {"code", "message"}}) with OpenAI's `type` for `status` and `param` added: the body of an
    error reply on the OpenAI-compatible routes, and of the error chunk of a stream whose 200 is already sent."""
    kind = "server_error" if status >= 500 else _OPENAI_TYPES.get(status, "invalid_request_error")
    return {"error": {**payload["error"], "type": kind, "param": param}}


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_payload(exc: AppError) -> dict[str, Any]:
    body: dict[str, Any] = {"code": exc.code, "message": exc.message}
    if isinstance(exc, StaleReview) and isinstance(exc.current, TurnResult):
        body["current"] = exc.current.model_dump(mode="json")
    return {"error": body}


def install_error_handlers(app: FastAPI, *, retry_after_s: int) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        headers = None
        if isinstance(exc, Unauthorized):
            headers = {"WWW-Authenticate": "Bearer"}
        elif isinstance(exc, RateLimited):
            headers = {"Retry-After": str(exc.retry_after_s)}
        elif isinstance(exc, NotReady):  # starting, or a database fault: the same request may succeed shortly
            headers = {"Retry-After": str(retry_after_s)}
        return _reply(request, exc.status, error_payload(exc), headers)

    async def _invalid_input(
        request: Request, message: str, param: str | None = None, code: str = "invalid_input"
    ) -> JSONResponse:
        try:  # an unauthenticated caller gets 401 (a limited one 429), not what is wrong with its request
            await principal_before_error(request)
        except AppError as refused:
            return await _app_error(request, refused)
        return _reply(request, 422, _error(code, message), None, param)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        field = error_field(errors)
        if request.url.path.startswith(OPENAI_PATHS) and unknown_field(errors):
            return await _invalid_input(request, f"Unknown parameter: '{field}'.", field, "unknown_parameter")
        return await _invalid_input(request, validation_message(errors), field)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:
            # Starlette names only the first route of the path in Allow (a path with GET and POST said "POST")
            methods = ", ".join(path_methods(request))
            if request.method == "OPTIONS":  # a plain OPTIONS (a CORS preflight never gets here): what the path takes
                return Response(status_code=204, headers={"Allow": methods})
            message = f"{request.method} is not allowed here (allowed: {methods})"
            return _reply(request, 405, _error("method_not_allowed", message), {"Allow": methods})
        if exc.status_code == 400 and isinstance(exc.__cause__, RecursionError | ValueError):
            # FastAPI's JSON parsing gave up on valid-looking JSON: nesting deeper than the parser's recursion
            # limit, or an integer beyond Python's 4300-digit conversion limit. Invalid input like any other.
            return await _invalid_input(request, f"malformed JSON body: {_parse_problem(exc.__cause__)}")
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        headers = dict(exc.headers) if exc.headers else None
        return _reply(request, exc.status_code, _error(code, str(exc.detail)), headers)


def path_methods(request: Request) -> list[str]:
    """Every method the request's path takes, with OPTIONS: each is tried against the app's routes (included routers
    match as a whole, so the routes' own method lists are not reachable from here)."""
    routes = request.app.router.routes
    methods = {"OPTIONS"}
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in routes):
            methods.add(method)
    return sorted(methods)


def _parse_problem(cause: BaseException) -> str:
    if isinstance(cause, RecursionError):
        return "nested too deeply"
    return "a number is too large" if "digits" in str(cause) else "cannot be parsed"


def error_field(errors: Any) -> str | None:
    """The first problem's field, dotted ("temperature", "messages.0.role"), or None for the body as a whole."""
    for error in list(errors)[:1]:
        return ".".join(str(p) for p in error.get("loc", ()) if p != "body") or None
    return None


def unknown_field(errors: Any) -> bool:
    """Is the first problem a field the model does not have (pydantic's `extra_forbidden`)?"""
    return any(error.get("type") == "extra_forbidden" for error in list(errors)[:1])


def validation_message(errors: Any) -> str:
    """One readable line per problem, e.g. "filters.pillars.0: unknown pillar 'x'; valid: ops, sec, …"."""
    parts = []
    for error in list(errors)[:5]:
        if error.get("type") == "json_invalid":
            parts.append(f"malformed JSON body: {error.get('ctx', {}).get('error', 'cannot be parsed')}")
            continue
        location = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if error.get("type") == "missing":
            message = "is required"
        parts.append(f"{location}: {message}")
    return "; ".join(parts) or "invalid request"
