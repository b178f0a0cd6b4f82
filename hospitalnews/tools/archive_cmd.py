"""Inspect and repair the archive.

    hospitalnews archive check [--dir data/archive]      every line parses and fits schema v1, no id twice,
                                                         the id index agrees; exit 1 on any problem
    hospitalnews archive rebuild-index SITE [--dir …]    recreate a site's id index from its segments
"""

from __future__ import annotations

import json
from pathlib import Path

from ..archive import SiteArchive
from ..archive.index import ArchiveIndex
from ..schema import article_validator

HELP = "check the archive (parse, schema, duplicates, index) or rebuild a site's id index"


def add_arguments(parser):
    parser.add_argument("action", choices=["check", "rebuild-index"])
    parser.add_argument("site", nargs="?", help="site key (rebuild-index; optional for check)")
    parser.add_argument("--dir", type=Path, default=Path("data/archive"), help="ARCHIVE_DIR (default data/archive)")


def check_site(site_dir: Path) -> tuple[int, list[str]]:
    """(articles, problems) of one site directory."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    validator = article_validator()
    from ..archive.store import segment_paths   # the site's segments and its machines' folders (distributed)
    for segment in segment_paths(site_dir):
        with segment.open("rb") as lines:
            for number, raw in enumerate(lines, 1):
                where = f"{segment.name}:{number}"
                if not raw.endswith(b"\n"):
                    problems.append(f"{where}: torn line (no newline)")
                try:
                    record = json.loads(raw)
                except ValueError as error:
                    problems.append(f"{where}: not JSON ({error})")
                    continue
                for error in validator.iter_errors(record):
                    problems.append(f"{where}: schema: {'/'.join(map(str, error.path)) or '(line)'}: {error.message}")
                article_id = record.get("id")
                if article_id in seen:
                    problems.append(f"{where}: id {article_id} already at {seen[article_id]}")
                seen[article_id] = where
    index = ArchiveIndex(site_dir)
    try:
        missing = [i for i in seen if i not in index]
        if missing and not any(p.parent != site_dir for p in segment_paths(site_dir)):  # machines' folders: index in Redis
            problems.append(f"{len(missing)} archived id(s) missing from the index (rebuild-index repairs it)")
        if len(index) > len(seen):
            problems.append(f"the index lists {len(index) - len(seen)} id(s) no segment holds (a live or killed writer?)")
    finally:
        index.close()
    return len(seen), problems


def run(args) -> int:
    if args.action == "rebuild-index":
        if not args.site:
            print("rebuild-index needs a SITE")
            return 2
        archive = SiteArchive(args.dir, args.site)
        count = archive.rebuild_index()
        archive.close()
        print(f"{args.site}: index rebuilt, {count} ids")
        return 0
    sites = [args.dir / args.site] if args.site else sorted(
        p for p in args.dir.iterdir() if p.is_dir() and not p.name.startswith(".")) if args.dir.exists() else []
    bad = 0
    for site_dir in sites:
        count, problems = check_site(site_dir)
        print(f"{site_dir.name}: {count} articles, {'OK' if not problems else f'{len(problems)} problem(s)'}")
        for problem in problems[:50]:
            print(f"  {problem}")
        bad += bool(problems)
    return 1 if bad else 0
