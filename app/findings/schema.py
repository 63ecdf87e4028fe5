"""The JSON Schema of the JSON report, kept in the repo (`report.schema.json`) and checked on every JSON export.

The committed file is generated from the Report model (`write_schema`); a test fails if the two drift apart, so a
change to the report's shape is always a visible change to the schema file.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from app.errors import AppError
from app.findings.report import REPORT_SCHEMA_VERSION, Report

SCHEMA_PATH = Path(__file__).with_name("report.schema.json")
SCHEMA_ID = f"https://mllens.invalid/schemas/review-report-{REPORT_SCHEMA_VERSION}.json"


class ReportSchemaError(AppError):
    code = "report_schema_error"


def generated_schema() -> dict[str, Any]:
    schema = Report.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def write_schema(path: Path = SCHEMA_PATH) -> None:
    path.write_text(json.dumps(generated_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate_report_json(data: dict[str, Any]) -> None:
    """Raises ReportSchemaError listing the first problems if `data` does not match the committed schema."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    if errors:
        detail = "; ".join(f"{'/'.join(str(p) for p in e.path) or '(root)'}: {e.message}" for e in errors[:5])
        raise ReportSchemaError(f"report JSON does not match {SCHEMA_PATH.name}: {detail}")
