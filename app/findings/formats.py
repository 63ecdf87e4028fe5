"""The report formats (a leaf module: the CLI lists them in its options without importing the renderers)."""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    JSON = "json"
