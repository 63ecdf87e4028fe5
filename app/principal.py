"""Who is acting: a Principal is a tenant (a secret API key, a publishable widget key, a Slack workspace, or `local`)
and a subject (the person within it; the key itself for server-to-server callers). PURE: no I/O.

Edges turn their credentials into a Principal; services and stores only ever see the Principal. Conversations, turns,
feedback and reviews belong to one, and another principal gets "not found", never "forbidden".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast, get_args

from app.errors import InvalidInput

Kind = Literal["local", "key", "widget", "slack"]
KINDS: tuple[Kind, ...] = get_args(Kind)
MAX_TENANT_CHARS = 100  # the database columns' widths (app.persistence); "key:" + a 32-character key ID fits easily
MAX_SUBJECT_CHARS = 200
LOCAL = "local"


@dataclass(frozen=True, slots=True)
class Principal:
    tenant: str  # "local" | "key:<api key id>" | "widget:<widget key id>" | "slack:<team id>"
    subject: str  # the person within the tenant; the key ID itself for a secret API key; "local" for local

    def __post_init__(self) -> None:
        kind, _, rest = self.tenant.partition(":")
        if self.tenant != LOCAL and (kind not in KINDS or kind == LOCAL or not rest.strip()):
            raise InvalidInput(f"unknown tenant {self.tenant!r}: expected 'local' or one of key:, widget:, slack:")
        if len(self.tenant) > MAX_TENANT_CHARS:
            raise InvalidInput(f"tenant is longer than {MAX_TENANT_CHARS} characters")
        if not self.subject.strip():
            raise InvalidInput("the subject (who acts within the tenant) is empty")
        if len(self.subject) > MAX_SUBJECT_CHARS:
            raise InvalidInput(f"subject is longer than {MAX_SUBJECT_CHARS} characters")

    @classmethod
    def local(cls) -> Principal:
        """The one user of a loopback server without API keys, and of the CLI."""
        return cls(LOCAL, LOCAL)

    @classmethod
    def api_key(cls, key_id: str) -> Principal:
        """A server-to-server caller with a secret API key: the key is both the tenant and the subject."""
        return cls(f"key:{key_id}", key_id)

    @classmethod
    def widget(cls, key_id: str, user: str) -> Principal:
        """A user of the web widget embedded with the publishable key `key_id`."""
        return cls(f"widget:{key_id}", user)

    @classmethod
    def slack(cls, team_id: str, user_id: str) -> Principal:
        """A Slack user in the workspace `team_id`."""
        return cls(f"slack:{team_id}", user_id)

    @property
    def kind(self) -> Kind:
        return cast(Kind, self.tenant.partition(":")[0])

    def __str__(self) -> str:
        return f"{self.tenant}/{self.subject}"
