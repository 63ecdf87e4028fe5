"""A bare "yes" to a follow-up that asks yes or no is recorded for its practice as implemented, "no" as not implemented
(app.review.cues.short_reply_status, read under a proposal by app.reviewing.replies). So every such follow-up in
prompts/interview must ask whether the practice is **done**: "Can your notebooks reach the internet?" made a bare
"yes" propose MLSEC03-BP02 implemented. The list below is the reviewed set; a new or reworded yes/no follow-up fails
here until someone checks that "yes" means the practice is done and adds it to data/yes_no_follow_ups.json."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from app.review.confirmation import asks_yes_or_no
from app.review.cues import short_reply_status
from app.review.models import BPStatus

ROOT = Path(__file__).resolve().parents[2]

# Reviewed: "yes" means the practice is done (practice ID → follow-up, as worded in prompts/interview).
YES_MEANS_DONE = json.loads((Path(__file__).parent / "data" / "yes_no_follow_ups.json").read_text(encoding="utf-8"))


def test_every_yes_no_follow_up_asks_whether_the_practice_is_done() -> None:
    asked = {
        bp_id: practice["follow_up"]
        for path in sorted((ROOT / "prompts" / "interview").glob("ML*.yaml"))
        for bp_id, practice in yaml.safe_load(path.read_text(encoding="utf-8"))["practices"].items()
        if asks_yes_or_no(practice["follow_up"])
    }
    assert asked == YES_MEANS_DONE


def test_a_bare_yes_or_no_is_read_as_done_or_not() -> None:
    assert short_reply_status("yes") is BPStatus.IMPLEMENTED
    assert short_reply_status("No.") is BPStatus.NOT_IMPLEMENTED
