"""The HTML shell and table helpers shared by the report and the health page.

Pages are one self-contained file: inline CSS, inline SVG charts, no script, no external resource,
so they open offline, from a mail attachment or a file share.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 margin:24px auto;max-width:1100px;color:#222;line-height:1.45;padding:0 16px}
h1{font-size:22px;margin-bottom:4px} h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.meta{color:#666;font-size:13px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4} td.num{text-align:right;font-variant-numeric:tabular-nums}
td.warn{background:#fff3cd} td.bad{background:#f8d7da;font-weight:bold}
td.ok{background:#d4edda} td.broken{background:#f5a3a9} td.stale{background:#ffe08a}
td.unreachable{background:#c9c9c9} td.none{background:#fafafa;color:#bbb}
figure.chart{margin:8px 0} figure.chart svg{max-width:100%;height:auto}
.legend span{display:inline-block;padding:1px 8px;margin-right:6px;border:1px solid #ddd;font-size:12px}
"""


@dataclass(frozen=True)
class Cell:
    """A table cell: ``text``, an optional link, CSS class (``num``, ``bad``, ``ok`` …) and tooltip."""

    text: str
    href: str | None = None
    css: str | None = None
    title: str | None = None

    def render(self, tag: str = "td") -> str:
        inner = html.escape(self.text)
        if self.href:
            inner = f'<a href="{html.escape(self.href, quote=True)}">{inner}</a>'
        attrs = ""
        if self.css:
            attrs += f' class="{html.escape(self.css, quote=True)}"'
        if self.title:
            attrs += f' title="{html.escape(self.title, quote=True)}"'
        return f"<{tag}{attrs}>{inner}</{tag}>"


def cell(value) -> Cell:
    """A value as a cell: numbers right-aligned, None as an empty cell."""
    if isinstance(value, Cell):
        return value
    if value is None:
        return Cell("")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Cell(f"{value:,}" if isinstance(value, int) else f"{value:.1f}", css="num")
    return Cell(str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence], *, css_id: str | None = None) -> str:
    """An HTML table: ``headers`` as text, each row a sequence of values or ``Cell``s."""
    head = "".join(Cell(h).render("th") for h in headers)
    body = "\n".join("<tr>" + "".join(cell(v).render() for v in row) + "</tr>" for row in rows)
    ident = f' id="{html.escape(css_id, quote=True)}"' if css_id else ""
    return f"<table{ident}><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"


def chart(svg: str, caption: str, *, css_id: str) -> str:
    """An inline SVG chart in a ``<figure class="chart">`` with a caption."""
    return (f'<figure class="chart" id="{html.escape(css_id, quote=True)}">{svg}'
            f"<figcaption class=\"meta\">{html.escape(caption)}</figcaption></figure>")


def section(title: str, *parts: str, css_id: str | None = None) -> str:
    ident = f' id="{html.escape(css_id, quote=True)}"' if css_id else ""
    return f"<section{ident}><h2>{html.escape(title)}</h2>\n" + "\n".join(parts) + "\n</section>"


def paragraph(text: str, css: str = "meta") -> str:
    return f'<p class="{css}">{html.escape(text)}</p>'


def document(title: str, subtitle: str, sections: Iterable[str]) -> str:
    """A whole page: UTF-8, ``lang="zh-CN"``, inline CSS, the sections in order."""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{html.escape(title)}</h1><p class=\"meta\">{html.escape(subtitle)}</p>\n"
            + "\n".join(sections) + "\n</body></html>\n")
