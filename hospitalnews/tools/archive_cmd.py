"""Inspect, repair and compact the archive.

    hospitalnews archive check [SITE] [--dir DIR]        every line parses and fits schema v1, no id twice
                                                         (in a site or across sites), the id index agrees;
                                                         exit 1 on any problem
    hospitalnews archive rebuild-index SITE [--dir DIR]  recreate a site's id index from its segments
    hospitalnews archive compact SITE|--all [--dir DIR]  merge a site's segments into one, atomically
                                                         for readers (archive/compact.py)

DIR defaults to the ARCHIVE_DIR of settings.py (<project root>/data/archive). A SITE or DIR that
does not exist is a one-line error (exit 2); nothing is created.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..archive import SiteArchive
from ..archive.compact import ArchiveBusy, compact_site
from ..archive.index import ArchiveIndex
from ..archive.store import segment_paths
from ..schema import article_validator
from .inputs import UserError, existing_dir
from .selection import default_dir

HELP = "check the archive (parse, schema, duplicates, index), rebuild a site's id index, compact segments"


def add_arguments(parser):
    parser.add_argument("action", choices=["check", "rebuild-index", "compact"])
    parser.add_argument("site", nargs="?", help="site key (rebuild-index, compact; optional for check)")
    parser.add_argument("--all", action="store_true", help="compact: every site")
    parser.add_argument("--dir", type=Path, default=None, help="ARCHIVE_DIR (default <project root>/data/archive)")


def check_site(site_dir: Path, elsewhere: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """(articles, problems) of one site directory (its segments and its machines' folders, store.segment_paths).

    ``elsewhere`` (id → "site segment:line") collects the ids of the sites checked before, to report an
    article archived under two site keys. A union of machines' folders (distributed crawls: their index is
    in Redis) is checked without the SQLite index."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    validator = article_validator()
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
                article_id = record.get("id") if isinstance(record, dict) else None
                if article_id in seen:
                    problems.append(f"{where}: id {article_id} already at {seen[article_id]}")
                elif elsewhere is not None and article_id in elsewhere:
                    problems.append(f"{where}: id {article_id} also archived under site {elsewhere[article_id]} "
                                    f"(one article, two site keys)")
                seen[article_id] = where
    if elsewhere is not None:
        for article_id, where in seen.items():
            elsewhere.setdefault(article_id, f"{site_dir.name} {where}")
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


def site_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def site_dir(root: Path, site: str | None, action: str) -> Path:
    if not site:
        raise UserError(f"{action} needs a SITE (sites in {root}: {', '.join(p.name for p in site_dirs(root)) or 'none'})")
    path = root / site
    if site.startswith(".") or "/" in site or not path.is_dir():
        known = ", ".join(p.name for p in site_dirs(root)) or "none"
        raise UserError(f"no site {site!r} in {root} (sites: {known})")
    return path


def run(args) -> int:
    root = existing_dir(args.dir or default_dir("archive"), "archive directory")
    if args.action == "rebuild-index":
        site_dir(root, args.site, "rebuild-index")
        archive = SiteArchive(root, args.site)
        count = archive.rebuild_index()
        archive.close()
        print(f"{args.site}: index rebuilt, {count} ids")
        return 0
    if args.action == "compact":
        if args.all == bool(args.site):
            raise UserError("compact needs a SITE or --all (not both)")
        targets = site_dirs(root) if args.all else [site_dir(root, args.site, "compact")]
        for target in targets:
            try:
                before, articles = compact_site(root, target.name)
            except ArchiveBusy as busy:
                raise UserError(str(busy)) from None
            print(f"{target.name}: {before} segment(s) → {min(before, 1)}, {articles} articles")
        return 0
    sites = [site_dir(root, args.site, "check")] if args.site else site_dirs(root)
    if not sites:
        print(f"{root}: no site archived yet")
    bad = 0
    ids: dict[str, str] = {}
    for path in sites:
        count, problems = check_site(path, ids)
        print(f"{path.name}: {count} articles, {'OK' if not problems else f'{len(problems)} problem(s)'}")
        for problem in problems[:50]:
            print(f"  {problem}")
        bad += bool(problems)
    return 1 if bad else 0
