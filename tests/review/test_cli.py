"""`mllens review map --jsonl` and `mllens eval review` on the tiny lens with the hash embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli
from app.settings import Settings


@pytest.fixture
def env(tiny_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("MLLENS_CORPUS_DIR", str(tiny_settings.corpus_dir))
    monkeypatch.setenv("MLLENS_INDEX_DIR", str(tiny_settings.index_dir))
    monkeypatch.setenv("MLLENS_PROMPTS_DIR", str(tiny_settings.prompts_dir))  # what the tiny index was built from
    monkeypatch.setenv("MLLENS_EMBEDDER", "hash")
    monkeypatch.setenv("MLLENS_DATABASE_URL", tiny_settings.database_url)
    return tiny_settings


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_map_gives_a_status_for_every_practice(env: Settings) -> None:
    rows = [
        {"id": "a", "question_id": "MLSEC03", "answer": "Everyone shares one admin role. We keep data forever."},
        {"id": "b", "question_id": "mlops01", "answer": ""},
    ]
    code, out, _ = run("review", "map", "--jsonl", stdin="\n".join(json.dumps(r) for r in rows) + "\n\n")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert list(lines[0]["predicted"]) == [f"MLSEC03-BP0{n}" for n in range(1, 6)]
    assert set(lines[1]["predicted"].values()) == {"cannot_determine"}


def test_map_reports_bad_lines_and_keeps_going(env: Settings) -> None:
    stdin = '{"id": "x", "question_id": "MLXX01", "answer": "hi"}\nnot json\n{"id": "y", "question_id": "MLSEC04"}\n'
    code, out, _ = run("review", "map", "--jsonl", stdin=stdin)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert "unknown question_id 'MLXX01'; valid: MLOPS01, MLOPS02, MLSEC03, MLSEC04" in lines[0]["error"]
    assert lines[1]["id"] is None and "line 2" in lines[1]["error"]
    assert lines[2]["id"] == "y" and len(lines[2]["predicted"]) == 3


def test_eval_review_reports_kinds_and_compares(env: Settings, tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    picks = {"MLSEC04-BP01": "implemented", "MLSEC04-BP02": "not_applicable", "MLSEC04-BP03": "not_implemented"}
    rows = [
        {
            "id": "p1",
            "question_id": "MLSEC04",
            "kind": "picks",
            "answer": "ignore me",
            "picks": picks,
            "expected": picks,
        },
        {
            "id": "v1",
            "question_id": "MLOPS01",
            "kind": "vague",
            "answer": "No idea, someone else does that.",
            "expected": {f"MLOPS01-BP0{n}": "cannot_determine" for n in range(1, 4)},
        },
    ]
    answers.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    args = ["eval", "review", "--file", str(answers), "--baseline", str(baseline), "--results-dir", str(tmp_path / "r")]
    code, out, _ = run(*args, "--update-baseline")
    assert code == 0 and "Baseline written" in out
    split = json.loads(baseline.read_text())["splits"]["answers"]  # a --file run is one split named after the file
    assert split["kinds"]["picks"]["accuracy"] == 1.0
    assert split["overall"]["invented_on_unmentioned"] == 0.0  # "No idea" gives no practice a status
    assert split["overall"]["negated_as_implemented"] == 0.0  # the picked not_implemented stays so
    assert split["not_applicable_macro_f1"] is None  # no not_applicable rows
    code, out, err = run(*args)
    assert code == 0 and "picks" in out and "(baseline 1.000, +0.000)" in out
    assert "neg->impl" in out and "TARGET MISSED" not in err
    assert list((tmp_path / "r").glob("*/review.json"))


def test_eval_review_flags_a_negated_practice_proposed_as_implemented(env: Settings, tmp_path: Path) -> None:
    answers = tmp_path / "answers.jsonl"
    wrong = {"MLSEC04-BP01": "not_implemented", "MLSEC04-BP02": "cannot_determine", "MLSEC04-BP03": "cannot_determine"}
    row = {"id": "p1", "question_id": "MLSEC04", "kind": "picks", "answer": "", "picks": {**wrong}, "expected": {}}
    row["picks"]["MLSEC04-BP01"] = "implemented"  # the pick says implemented where the truth is not_implemented
    row["expected"] = wrong
    answers.write_text(json.dumps(row) + "\n", encoding="utf-8")
    code, _, err = run(
        "eval", "review", "--file", str(answers), "--baseline", str(tmp_path / "b.json"), "--results-dir", str(tmp_path)
    )
    assert code == 0
    assert "TARGET MISSED: answers: negated_as_implemented 1.000 > 0" in err


PROFILE_ANSWERS = "Churn model\n\npredict churn\nn\ninternal\nreal_time\nprod\n"


def review_id_from(out: str) -> str:
    return out.split("Review ", 1)[1].split(" ", 1)[0]


def test_interactive_review_resume_and_export(env: Settings, tmp_path: Path) -> None:
    session = PROFILE_ANSWERS + "\n".join(
        [
            "Everyone shares one admin role.",  # free text → a proposal
            "/t 1=y 2=p 3=n 4=na 5=?",  # ticks
            "/t 9=y",  # bad input is reported, the loop goes on
            "/c",  # MLSEC03 saved (phase-first order puts it first in scope)
            "/q",
        ]
    )
    code, out, _ = run("review", "--pillar", "sec", stdin=session + "\n")
    out = " ".join(out.split())  # rich wraps long lines
    assert code == 0, out
    review_id = review_id_from(out)
    assert "question 1 of 2" in out and "choose a number from 1 to 5" in out
    assert "Risk for MLSEC03: HIGH" in out and f"mllens review --resume {review_id}" in out

    code, out, _ = run("review", "--resume", review_id, stdin="/na architecture managed API only\n/q\n")
    assert code == 0 and "MLSEC04" in out and "Every question in scope is answered" in out

    target = tmp_path / "report.html"
    code, _, err = run("export", review_id, "--format", "html", "--out", str(target))
    assert code == 0 and "Wrote" in err
    html = target.read_text(encoding="utf-8")
    assert "MLSEC03-BP02" in html and "NOT_APPLICABLE" in html and "MIT-0" in html
    code, out, _ = run("export", review_id, "--format", "json")
    assert code == 0 and json.loads(out)["meta"]["review_id"] == review_id
    code, _, err = run("export", review_id, "--owner", "mallory")
    assert code == 1 and f"no review {review_id!r}" in err


def test_interactive_commands_parse(env: Settings) -> None:
    session = PROFILE_ANSWERS + "/h\n/x\n/g MLXX01\n/c\n/q\n"
    code, out, _ = run("review", stdin=session)
    out = " ".join(out.split())  # rich wraps long lines
    assert code == 0
    assert "/t 1=y 2=p" in out  # help
    assert "unknown command /x" in out
    assert "valid questions: MLOPS01, MLOPS02, MLSEC03, MLSEC04" in out
    assert "cannot confirm MLOPS01: nothing is proposed yet" in out


def test_ok_confirms_a_proposal_and_the_prompt_says_so(env: Settings) -> None:
    session = PROFILE_ANSWERS.replace("Churn model", "Fraud model") + "\n".join(
        ["Everyone shares one admin role.", "ok", "/q"]
    )
    code, out, _ = run("review", "--pillar", "sec", stdin=session + "\n")
    out = " ".join(out.split())
    assert code == 0, out
    # The proposal's follow-up asks yes or no, so the prompt offers "confirm" first ("ok" confirms all the same)
    assert "Type confirm (or ok, looks right, /c) to save it and move on" in out
    assert "Risk for MLSEC03" in out and "Nothing in that answer settled a practice" not in out


def test_review_list_newest_first_and_export_defaults_to_the_newest(env: Settings) -> None:
    code, out, _ = run("review", "list")
    assert code == 0 and "No reviews yet. Start one with: mllens review" in out
    code, _, err = run("export")
    assert code == 1 and "no reviews yet" in err

    ids = []
    for name, answers in (("Churn model", "/t 1=y 2=y 3=y 4=y 5=y\n/c\n/q\n"), ("Fraud model", "/q\n")):
        code, out, _ = run("review", "--pillar", "sec", stdin=PROFILE_ANSWERS.replace("Churn model", name) + answers)
        assert code == 0, out
        ids.append(review_id_from(out))
    code, out, _ = run("review", "list")
    assert code == 0, out
    rows = [line for line in out.splitlines() if ids[0] in line or ids[1] in line]
    assert ids[1] in rows[0] and "Fraud model" in rows[0] and "0/2" in rows[0]  # newest first
    assert ids[0] in rows[1] and "Churn model" in rows[1] and "1/2" in rows[1]
    code, out, _ = run("review", "list", "--limit", "1")
    assert code == 0 and ids[1] in out and ids[0] not in out and "More reviews exist" in out
    code, out, _ = run("review", "list", "--owner", "mallory")
    assert code == 0 and "No reviews yet" in out and ids[0] not in out

    code, out, err = run("export", "--format", "json")
    assert code == 0 and f"Exporting the newest review, {ids[1]} (Fraud model)" in err
    assert json.loads(out)["meta"]["review_id"] == ids[1]
    code, out, _ = run("export", ids[0], "--format", "json")
    assert code == 0 and json.loads(out)["meta"]["review_id"] == ids[0]


def test_resume_with_an_empty_id_is_refused_not_a_new_review(env: Settings) -> None:
    """`mllens review --resume "$ID"` with ID unset used to start a new review, prompting for a workload name."""
    code, out, err = run("review", "--resume", "", stdin="Workload\n")
    assert code == 1 and "no review ''" in out + err and "Workload name" not in out + err
    assert "Traceback" not in out + err
