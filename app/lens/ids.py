"""Lens IDs: the one source of their patterns (canonical QUESTION_ID and BP_ID, and LENS_ID_SHAPE for anything shaped
like one), and finding them in free text, tolerant of case and spacing ("mlsec 03 bp 2", "MLOE-05", "what is in
MLREL02?"). PURE.

New BP IDs (MLSEC03-BP02), question IDs (MLSEC03) and 2023-era legacy BP IDs (MLOE-05, MLPER-12, MLSUS-16).
"MLSEC-03" (hyphen) is a legacy ID; "MLSEC03"/"mlsec 03" is the question when that question exists, else legacy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.lens.models import Lens

_NEW_PILLARS = "OPS|SEC|REL|PERF|COST|SUS"
_LEGACY_PILLARS = "OE|SEC|REL|PER|COST|SUS"

# Pattern sources (strings, to compose into larger expressions; no groups, so callers' group numbers hold).
QUESTION_ID = rf"ML(?:{_NEW_PILLARS})\d{{2}}"  # MLSEC03
BP_ID = rf"{QUESTION_ID}-BP\d{{2}}"  # MLSEC03-BP02
LENS_ID_SHAPE = r"\bML\s*[A-Z]{2,4}\s*-?\s*\d"  # the start of anything shaped like a lens ID, known or not
_BP = re.compile(
    rf"\bML\s*({_NEW_PILLARS})\s*[-_]?\s*(\d{{1,2}})\s*[-_ ]?\s*BP\s*[-_]?\s*(\d{{1,2}})\b",
    re.I,
)
_QUESTION_OR_LEGACY = re.compile(
    rf"\bML\s*({_NEW_PILLARS}|OE|PER)\s*(-|_|\s*)\s*(\d{{1,2}})\b(?!\s*[-_ ]?\s*BP\s*\d)", re.I
)


@dataclass(frozen=True)
class IdRef:
    kind: Literal["best_practice", "question", "legacy"]
    id: str  # canonical: MLSEC03-BP02, MLSEC03, or MLOE-05
    bp_ids: tuple[str, ...]  # the current BP IDs it names


def find_ids(text: str, lens: Lens) -> list[IdRef]:
    """Every known lens ID mentioned in `text`, in order of appearance, without duplicates."""
    refs: list[IdRef] = []
    for _, _, ref in _matches(text, lens):
        if ref not in refs:
            refs.append(ref)
    return refs


def resolve_id(text: str, lens: Lens) -> IdRef | None:
    """The single known ID that `text` consists of (tolerant spelling, surrounding punctuation allowed), or None."""
    matches = _matches(text, lens)
    if len(matches) != 1:
        return None
    start, end, ref = matches[0]
    rest = text[:start] + text[end:]
    return ref if not re.sub(r"[\W_]", "", rest) else None


def looks_like_id(text: str) -> bool:
    """True if `text` is shaped like a lens ID, known or not (for "unknown ID" messages)."""
    return bool(_BP.fullmatch(text.strip()) or _QUESTION_OR_LEGACY.fullmatch(text.strip()))


def _matches(text: str, lens: Lens) -> list[tuple[int, int, IdRef]]:
    found: list[tuple[int, int, IdRef]] = []
    for m in _BP.finditer(text):
        bp_id = f"ML{m.group(1).upper()}{int(m.group(2)):02d}-BP{int(m.group(3)):02d}"
        if lens.best_practice(bp_id) is not None:
            found.append((m.start(), m.end(), IdRef("best_practice", bp_id, (bp_id,))))
    for m in _QUESTION_OR_LEGACY.finditer(text):
        ref = _question_or_legacy(m.group(1).upper(), m.group(2), int(m.group(3)), lens)
        if ref is not None:
            found.append((m.start(), m.end(), ref))
    return sorted(found, key=lambda item: item[0])


def _question_or_legacy(prefix: str, separator: str, number: int, lens: Lens) -> IdRef | None:
    is_legacy_only = prefix in ("OE", "PER")
    if not is_legacy_only and separator.strip() not in ("-", "_"):
        question = lens.question(f"ML{prefix}{number:02d}")
        if question is not None:
            return IdRef("question", question.id, tuple(bp.id for bp in question.best_practices))
    legacy_id = f"ML{prefix}-{number:02d}"
    bp = lens.best_practice(legacy_id)
    if bp is None:
        return None
    return IdRef("legacy", legacy_id, (bp.id,))
