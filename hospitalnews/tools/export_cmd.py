"""Export the archive as one Parquet or CSV file with stable column types.

    hospitalnews export --format parquet --out articles.parquet
    hospitalnews export --format csv --site sd_cancer --since 2024-01-01 --out sd.csv

Column types: see ``hospitalnews/analysis/table.py`` and the README (Parquet keeps lists and time
zones; CSV holds lists as JSON text). The file is written atomically. Exit 2 on a bad argument or a
missing archive.
"""

from __future__ import annotations

from pathlib import Path

from .selection import add_selection_arguments, load_selection

HELP = "export the archive to Parquet or CSV (stable column types)"


def add_arguments(parser):
    add_selection_arguments(parser)
    parser.add_argument("--format", choices=["parquet", "csv"], required=True)
    parser.add_argument("--out", type=Path, required=True, help="the file to write")


def run(args) -> int:
    table = load_selection(args, "export")
    if table is None:
        return 2
    from ..analysis.table import write_csv, write_parquet

    (write_parquet if args.format == "parquet" else write_csv)(table, args.out)
    print(f"export: {args.out} ({table.num_rows} articles)")
    return 0
