"""`mllens review` as a subprocess with its stdin piped: under a proposal whose follow-up asks yes or no, a bare
"yes" answers the follow-up (kept, with the user's word, for the practice it asks about) instead of confirming the
proposal and losing it; `confirm` then saves both. Without a yes/no follow-up, "yes" confirms as before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support.checkout import checkout_pythonpath

from app.settings import Settings

MLLENS = Path(sys.executable).with_name("mllens")
PROFILE = "Churn model\n\npredict churn\nn\ninternal\nreal_time\nprod\n"


def mllens(*args: str, stdin: str = "") -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": checkout_pythonpath(), "COLUMNS": "200"}
    done = subprocess.run(
        [str(MLLENS), *args], input=stdin, capture_output=True, text=True, env=env, timeout=180, check=False
    )
    return done.returncode, " ".join((done.stdout + done.stderr).split())


def saved_practices(review_id: str, tmp_path: Path) -> dict[str, dict[str, str]]:
    out = tmp_path / f"{review_id}.json"
    code, shown = mllens("export", review_id, "--format", "json", "--out", str(out))
    assert code == 0, shown
    report = json.loads(out.read_text(encoding="utf-8"))
    return {
        bp["bp_id"]: {"status": bp["status"], "quote": bp.get("quote", "")}
        for question in report["questions"]
        for bp in question["practices"]
    }


def test_a_bare_yes_answers_the_yes_no_follow_up_and_confirm_saves_it(cli_env: Settings, tmp_path: Path) -> None:
    # MLOPS01: ticking the first practice leaves the second undetermined; its follow-up asks "Before building, did
    # you agree …?" (the test interview's wording, a yes/no question).
    code, shown = mllens("review", "--pillar", "ops", stdin=PROFILE + "/t 1=y\nyes\nconfirm\n/q\n")
    assert code == 0, shown
    assert "a bare yes or no answers the follow-up" in shown
    assert "Taken as your answer to the follow-up (Before building, did you agree" in shown
    assert "Risk for MLOPS01" in shown  # `confirm` saved it
    review_id = shown.rsplit("mllens review --resume ", 1)[1].split()[0]
    practices = saved_practices(review_id, tmp_path)
    assert practices["MLOPS01-BP01"]["status"] == "implemented"
    assert practices["MLOPS01-BP02"] == {"status": "implemented", "quote": "yes"}


def test_without_a_yes_no_follow_up_yes_confirms(cli_env: Settings, tmp_path: Path) -> None:
    code, shown = mllens("review", "--pillar", "ops", stdin=PROFILE + "/t 1=y 2=y 3=y\nyes\n/q\n")
    assert code == 0, shown
    assert "Risk for MLOPS01" in shown and "Taken as your answer to the follow-up" not in shown
