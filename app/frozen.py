"""The one base of the project's value objects (lens, interview content, review record, turns, findings, reports,
answers): immutable, and unknown fields are an error, never silently dropped. PURE."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
