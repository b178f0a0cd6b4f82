"""``./run demo -s NAME=VALUE`` reaches scrapy crawlall; ``--help`` keeps its examples as written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from hospitalnews.cli import SUBCOMMANDS, build_parser

from ..support import REPO


@pytest.mark.slow
def test_run_demo_passes_scrapy_settings_through(tmp_path):
    # a stand-in virtualenv that is "already set up": ./run goes straight to `hospitalnews demo "$@"`
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    script = venv / "bin" / "hospitalnews"
    script.write_text(f'#!/bin/sh\nexec {sys.executable} -m hospitalnews.cli "$@"\n', "utf-8")
    script.chmod(0o755)
    (venv / ".installed").touch()
    later = time.time() + 60
    os.utime(venv / ".installed", (later, later))   # newer than pyproject.toml
    proc = subprocess.run([str(REPO / "run"), "demo", "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}",
                           "-s", f"RUNS_DIR={tmp_path / 'runs'}", "-s", f"VIEWS_DIR={tmp_path / 'views'}"],
                          cwd=tmp_path, env={**os.environ, "VENV": str(venv)}, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    report = json.loads((tmp_path / "runs" / "latest.json").read_text("utf-8"))
    assert report["exit_code"] == 0 and {s["site"] for s in report["sites"]} >= {"sd_cancer", "tazhongyi", "taianribao", "taishanwanbao"}
    assert list((tmp_path / "archive" / "sd_cancer").glob("*.jsonl"))


def test_help_texts_keep_their_examples_line_by_line():
    parser, _ = build_parser()
    subparsers = next(a for a in parser._actions if a.choices and "archive" in a.choices).choices
    for name, module_name in SUBCOMMANDS.items():
        doc = sys.modules[f"hospitalnews.tools.{module_name}"].__doc__
        help_text = subparsers[name].format_help()
        examples = [line for line in doc.splitlines() if line.strip().startswith(("hospitalnews ", "scrapy ", "./run "))]
        for line in examples:
            assert line.rstrip() in help_text.splitlines(), (name, line)
