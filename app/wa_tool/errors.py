"""Errors of the WA Tool interop (the boto3 adapter maps botocore's exceptions to these and to the project's own)."""

from __future__ import annotations

from app.errors import AppError


class WAToolError(AppError):
    """The WA Tool refused or failed a request (the message names the operation and the WA Tool's reason)."""

    code = "wa_tool_error"
    status = 502
