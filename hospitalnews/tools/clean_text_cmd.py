"""Print text taken from a printed page (a PDF text layer, an e-paper's print text) repaired:
CJK characters rejoined, wrapped lines joined, column breaks closed, one paragraph a line.

    hospitalnews clean-text page.txt
    pdftotext page.pdf - | hospitalnews clean-text

A missing, empty, binary or directory FILE is a one-line error (exit 2).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..extract.printlayout import repair_print_text
from .inputs import read_input

HELP = "repair print-layout text (spacing, hard wraps, mid-sentence breaks); FILE or stdin"


def add_arguments(parser):
    parser.add_argument("file", nargs="?", type=Path, help="text file (UTF-8 or GB18030); stdin when omitted")


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:  # Chinese PDF tools often write GBK
        return data.decode("gb18030", errors="replace")


def read_text(path: Path | None) -> str:
    """The text of ``path`` (stdin for None); UserError when it is missing, a directory, empty or binary."""
    return decode_text(read_input(path, what="text file"))


def run(args) -> int:
    repaired = repair_print_text(read_text(args.file))
    sys.stdout.write(repaired + "\n" if repaired else "")
    return 0
