"""The project's error types. Every edge maps these once (API -> status + {"error": {code, message}}, CLI -> message
and exit code, Slack -> a short reply).

AppError(code, message)
 ├── NotFound                  404  unknown ID, conversation, review
 │    ├── UnknownId            404  a lens ID that names no BP or question
 │    └── ConversationNotFound 404
 ├── InvalidInput              422  bad query, filter value, answer
 ├── PayloadTooLarge           413  request body over the limit
 ├── Conflict                  409  stale write, action that makes no sense now
 ├── RateLimited               429  a principal's quota for this window is used up (Retry-After)
 ├── CorpusParseError          500  malformed corpus file (names file and line)
 ├── InterviewContentError     500  malformed prompts/interview file (names it)
 ├── SettingsProblem           500  a setting's value cannot work (names the MLLENS_* variable; refused at start)
 ├── IndexProblem              503  index missing, stale, or built with another model
 ├── NotReady                  503
 │    ├── DatabaseUnavailable  503  database down, restarting, locked past the timeout, disk full (Retry-After)
 │    └── SchemaTooNew         503  the database was migrated by a newer release than this code (refused at start)
 ├── LLMUnavailable            502  provider timeout / connection / rate limit
 ├── LLMOutputInvalid          502  provider answered with unusable output
 └── Unauthorized              401
"""

from __future__ import annotations


class AppError(Exception):
    code = "app_error"
    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(AppError):
    code = "not_found"
    status = 404


class UnknownId(NotFound):
    code = "unknown_id"


class ConversationNotFound(NotFound):
    code = "conversation_not_found"


class InvalidInput(AppError):
    code = "invalid_input"
    status = 422


class PayloadTooLarge(AppError):
    code = "payload_too_large"
    status = 413


class Conflict(AppError):
    code = "conflict"
    status = 409


class RateLimited(AppError):
    code = "rate_limited"
    status = 429

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class CorpusParseError(AppError):
    code = "corpus_parse_error"

    def __init__(self, filename: str, line: int, message: str) -> None:
        super().__init__(f"{filename}:{line}: {message}")
        self.filename = filename
        self.line = line


class IndexProblem(AppError):
    """The index is missing, stale, or was built with another embedding model; the fix is `mllens ingest`."""

    code = "index_unusable"
    status = 503


class NotReady(AppError):
    code = "not_ready"
    status = 503


class DatabaseUnavailable(NotReady):
    """A fault of the database, not of the request: the client may retry after a short wait (Retry-After)."""

    code = "database_unavailable"


class SchemaTooNew(NotReady):
    """The database's schema revision is one this code does not know: a newer release migrated it. Older code cannot
    tell whether that change is safe for it, so it refuses to start (docs/deploy.md, "Upgrading")."""

    code = "schema_too_new"


class LLMUnavailable(AppError):
    code = "llm_unavailable"
    status = 502


class LLMOutputInvalid(AppError):
    code = "llm_output_invalid"
    status = 502


class Unauthorized(AppError):
    code = "unauthorized"
    status = 401


class SettingsProblem(AppError):
    """A setting's value cannot work: a database URL that is not one, or names a driver that is not installed."""

    code = "settings_problem"


class InterviewContentError(AppError):
    code = "interview_content_error"

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(f"{filename}: {message}")
        self.filename = filename
