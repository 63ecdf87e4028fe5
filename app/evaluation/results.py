"""Where eval runs put their figures: eval/results/<UTC timestamp>/<name>.json (not committed)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def write_results(report: dict[str, Any], results_dir: Path, name: str) -> Path:
    out = results_dir / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return out
