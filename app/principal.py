"""TEMPORARY shim of the Principal contract (issue 8 owns this file; replaced by its version at merge). PURE."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast


@dataclass(frozen=True, slots=True)
class Principal:
    tenant: str
    subject: str

    @classmethod
    def local(cls) -> Principal:
        return cls("local", "local")

    @classmethod
    def api_key(cls, key_id: str) -> Principal:
        return cls(f"key:{key_id}", key_id)

    @classmethod
    def widget(cls, key_id: str, user: str) -> Principal:
        return cls(f"widget:{key_id}", user)

    @classmethod
    def slack(cls, team_id: str, user_id: str) -> Principal:
        return cls(f"slack:{team_id}", user_id)

    @property
    def kind(self) -> Literal["local", "key", "widget", "slack"]:
        return cast(Literal["local", "key", "widget", "slack"], self.tenant.split(":", 1)[0])
