"""Field-by-field difference between two archives of one site (the old one, and a re-extraction).

Articles are matched by ``id``. ``crawled_at`` and ``warc_record_id`` are not compared (they say when
and from which record, not what the page says). A value shown in an example is cut to 160 characters.
"""

from __future__ import annotations

from collections.abc import Iterable

NOT_COMPARED = frozenset({"crawled_at", "warc_record_id"})
_EXAMPLE_CHARS = 160


def _short(value):
    if isinstance(value, str) and len(value) > _EXAMPLE_CHARS:
        return value[:_EXAMPLE_CHARS] + "…"
    if isinstance(value, list) and len(str(value)) > _EXAMPLE_CHARS:
        return str(value)[:_EXAMPLE_CHARS] + "…"
    return value


def diff_archives(old: Iterable[dict], new: Iterable[dict], *, examples: int = 3, since: str | None = None) -> dict:
    """``{"compared", "changed_articles", "only_in_old", "only_in_new", "fields": {name: {"changed",
    "examples": [{"id", "url", "old", "new"}]}}}``. ``since`` (ISO date/time, UTC) leaves old
    articles crawled before it out of ``only_in_old`` (a ``--since`` re-extraction did not try them)."""
    old_by_id = {record["id"]: record for record in old}
    new_by_id = {record["id"]: record for record in new}
    fields: dict[str, dict] = {}
    changed_articles = 0
    both = sorted(old_by_id.keys() & new_by_id.keys())
    for article_id in both:
        before, after = old_by_id[article_id], new_by_id[article_id]
        changed = False
        for name in list(dict.fromkeys([*before, *after])):
            if name in NOT_COMPARED or before.get(name) == after.get(name):
                continue
            changed = True
            entry = fields.setdefault(name, {"changed": 0, "examples": []})
            entry["changed"] += 1
            if len(entry["examples"]) < examples:
                entry["examples"].append({"id": article_id, "url": after.get("url"),
                                          "old": _short(before.get(name)), "new": _short(after.get(name))})
        changed_articles += changed
    only_old = [i for i in sorted(old_by_id.keys() - new_by_id.keys())
                if not since or (old_by_id[i].get("crawled_at") or "") >= since]
    only_new = sorted(new_by_id.keys() - old_by_id.keys())
    return {"compared": len(both), "changed_articles": changed_articles,
            "only_in_old": {"count": len(only_old), "examples": only_old[:examples]},
            "only_in_new": {"count": len(only_new), "examples": only_new[:examples]},
            "fields": dict(sorted(fields.items(), key=lambda item: -item[1]["changed"]))}


def summary_lines(site: str, diff: dict) -> list[str]:
    """The diff of one site as a few human-readable lines."""
    lines = [f"{site}: {diff['compared']} article(s) compared, {diff['changed_articles']} changed, "
             f"{diff['only_in_old']['count']} only in the old archive, {diff['only_in_new']['count']} only in the new"]
    for name, entry in diff["fields"].items():
        example = entry["examples"][0]
        lines.append(f"  {name}: {entry['changed']} changed; e.g. {example['url']}: {example['old']!r} → {example['new']!r}")
    return lines
