"""Pages rebuilt from real sites the extractor was not tuned to (issue 8), through the real console command.

Each ``tests/fixtures/realworld/case-NN.expected.json`` (copied unchanged from the shared realworld set)
names its input beside it, the command (``extract`` with ``--url``, or ``clean-text``) and what a careful
reader gives: exact fields, ``authors`` (any order), ``authors_include``, ``content_first`` /
``content_last`` (first and last paragraph), ``content_excludes``, ``images`` (url and caption), or
``expected_lines`` for printed-page text. Add a case by copying its two files; nothing here changes.
"""

from __future__ import annotations

import json

import pytest

from ..support import FIXTURES, cli_runs

CASES = sorted((FIXTURES / "realworld").glob("case-*.expected.json"))
# Cases copied before their fix landed on this branch: id → what still goes wrong (strict xfail).
KNOWN_FAILING: dict[str, str] = {}


def _pairs(authors):
    return sorted((a["name"], a["role"]) for a in authors)


def differences(case: dict, stdout: str) -> dict:
    """Field → (expected, got) for every value of the case the command's output gets wrong."""
    if case["command"] == "clean-text":
        lines = [line for line in stdout.splitlines() if line.strip()]
        return {} if lines == case["expected_lines"] else {"lines": (case["expected_lines"], lines)}
    got = json.loads(stdout)
    content = (got.get("content") or "").split("\n")
    wrong = {}
    for key, want in case["expected"].items():
        if key == "content_first":
            have = content[0]
        elif key == "content_last":
            have = content[-1]
        elif key == "content_excludes":
            have = [s for s in want if s in (got.get("content") or "")]
            want = []
        elif key == "authors":
            want, have = _pairs(want), _pairs(got["authors"])
        elif key == "authors_include":
            have = [p for p in _pairs(want) if p not in _pairs(got["authors"])]
            want = []
        elif key == "images":
            have = [{"url": i["url"], "caption": i["caption"]} for i in got["images"]]
        else:
            have = got.get(key)
        if have != want:
            wrong[key] = (want, have)
    return wrong


def command_argv(case_file, case: dict) -> list[str]:
    argv = [case["command"], str(case_file.parent / case["input"])]
    if case["command"] == "extract":
        argv += ["--url", case["url"]]
    return argv


@pytest.fixture(scope="module")
def outputs(request, tmp_path_factory) -> dict:
    """Every selected case's console command (exit status, stdout, stderr), all in one subprocess (``cli_runs``)."""
    selected = [item.callspec.params["case_file"] for item in request.session.items
                if getattr(item, "originalname", None) == "test_realworld_case"]
    argvs = [command_argv(p, json.loads(p.read_text("utf-8"))) for p in selected]
    return dict(zip(selected, cli_runs(argvs, tmp_path_factory.mktemp("realworld"))))


def test_cases_are_present():
    assert CASES, "no realworld fixtures"
    for case_file in CASES:
        case = json.loads(case_file.read_text("utf-8"))
        assert (case_file.parent / case["input"]).exists(), case_file.name


@pytest.mark.parametrize("case_file", [
    pytest.param(p, id=p.name.split(".")[0],
                 marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILING[p.name.split(".")[0]])]
                 if p.name.split(".")[0] in KNOWN_FAILING else [])
    for p in CASES])
def test_realworld_case(case_file, outputs):
    case = json.loads(case_file.read_text("utf-8"))
    proc = outputs[case_file]
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    wrong = differences(case, proc.stdout.decode("utf-8"))
    assert not wrong, case["situation"] + "\n" + json.dumps(wrong, ensure_ascii=False, indent=1)
