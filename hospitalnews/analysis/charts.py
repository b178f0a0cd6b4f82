"""Charts for the report, drawn by matplotlib and returned as inline SVG text.

Text is stored as glyph outlines (``svg.fonttype = "path"``), so a chart looks the same on a machine
with no Chinese font and the report stays one self-contained file. Chinese labels need a CJK font on
the machine that *renders* the report: the first of ``CJK_FONTS`` that fontconfig/matplotlib knows
(Debian: ``fonts-noto-cjk``). Without one, ``cjk_font()`` returns None and labels fall back to
matplotlib's default font (Chinese characters then show as boxes; the report says so).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN")
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of the first installed font of ``CJK_FONTS``, or None."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _style() -> dict:
    family = [cjk_font()] if cjk_font() else []
    return {"svg.fonttype": "path", "font.family": "sans-serif",
            "font.sans-serif": family + ["DejaVu Sans"], "axes.unicode_minus": False,
            "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    text = re.sub(r"^<\?xml[^>]{0,200}\?>\s*", "", text)
    text = re.sub(r"^<!DOCTYPE[^>]{0,400}>\s*", "", text)
    return text


def month_range(months) -> list[str]:
    """Every ``YYYY-MM`` from the earliest to the latest of ``months`` (gaps filled), in order."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def articles_per_month(counts: Mapping[str, Mapping[str, int]]) -> str:
    """Articles per publish month, stacked bars coloured by site.

    ``counts``: site label → {``"YYYY-MM"``: number of articles}. Months with no article are drawn as
    gaps, so a site that stopped publishing shows as one.
    """
    months = month_range({m for per_site in counts.values() for m in per_site})
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(8, 3.2))
        if not months:
            ax.text(0.5, 0.5, "no dated articles · 没有带日期的文章", ha="center", va="center", transform=ax.transAxes)
        positions = list(range(len(months)))
        bottom = [0] * len(months)
        for i, (site, per_site) in enumerate(sorted(counts.items())):
            values = [per_site.get(m, 0) for m in months]
            ax.bar(positions, values, bottom=bottom, width=0.85, label=site, color=PALETTE[i % len(PALETTE)])
            bottom = [b + v for b, v in zip(bottom, values)]
        step = max(1, len(months) // 12)
        ax.set_xticks(positions[::step], months[::step], rotation=45, ha="right")
        ax.set_ylabel("articles · 文章数")
        ax.grid(axis="y", alpha=0.3)
        if counts:
            ax.legend(loc="upper left", fontsize=8, frameon=False, ncol=min(4, len(counts)))
        return _svg(fig)


def view_distribution(view_counts: Sequence[int]) -> str:
    """Histogram of view counts (articles per view-count bin, logarithmic bins when counts span decades)."""
    values = [v for v in view_counts if v is not None and v >= 0]
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(8, 2.8))
        if not values:
            ax.text(0.5, 0.5, "no view counts · 没有阅读数", ha="center", va="center", transform=ax.transAxes)
        else:
            top = max(values)
            if top >= 100:
                import numpy as np

                bins = np.unique(np.concatenate([[0], np.logspace(0, np.log10(top + 1), 20)]))
                ax.set_xscale("symlog", linthresh=1)
            else:
                bins = min(20, top + 1)
            ax.hist(values, bins=bins, color=PALETTE[0], edgecolor="white")
        ax.set_xlabel("views · 阅读次数")
        ax.set_ylabel("articles · 文章数")
        ax.grid(axis="y", alpha=0.3)
        return _svg(fig)


def views_growth(series: Mapping[str, Sequence[tuple[datetime, int]]]) -> str:
    """Views of some articles over the nights they were observed: label → [(observed_at, views)]."""
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(8, 3.2))
        for i, (label, points) in enumerate(series.items()):
            points = sorted(points)
            ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", markersize=3,
                    label=label if len(label) <= 24 else label[:23] + "…", color=PALETTE[i % len(PALETTE)])
        ax.set_ylabel("views · 阅读次数")
        ax.grid(alpha=0.3)
        if series:
            ax.legend(loc="upper left", fontsize=7, frameon=False)
        from matplotlib.dates import DateFormatter

        ax.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
        fig.autofmt_xdate()
        return _svg(fig)
