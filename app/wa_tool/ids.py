"""WA Tool IDs for lens questions and practices. PURE.

The WA Tool allows only letters, digits and underscores in IDs (3-128 characters; choice IDs at most 64 in the API),
so `MLCOST04-BP01` becomes the choice `MLCOST04_BP01`; a choice ending in `_no` is the question's "None of these".
"""

from __future__ import annotations

import re

NONE_SUFFIX = "_no"
_ID = re.compile(r"[A-Za-z0-9_]{3,64}")


def choice_id(bp_id: str) -> str:
    """`MLCOST04-BP01` -> `MLCOST04_BP01`."""
    return bp_id.replace("-", "_")


def none_choice_id(question_id: str) -> str:
    """The question's "None of these" choice: `MLCOST04_no`."""
    return f"{question_id}{NONE_SUFFIX}"


def bp_id_of(choice: str) -> str | None:
    """`MLCOST04_BP01` -> `MLCOST04-BP01`; None for a "None of these" choice."""
    if choice.endswith(NONE_SUFFIX):
        return None
    head, sep, tail = choice.rpartition("_")
    return f"{head}-{tail}" if sep else None


def is_valid_id(value: str) -> bool:
    return _ID.fullmatch(value) is not None
