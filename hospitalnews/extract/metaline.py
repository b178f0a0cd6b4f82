"""Split a labelled meta line into its fields.

Detail pages print their metadata as one run of ``label:value`` pairs, often with no separator at
all: ``发布时间:2018-06-12 08:42:58本文来源: 院长办公室阅读次数:0``. A value runs until the next
known label, so the label list (longest first) is what makes this work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .credits import LEXICON, normalise_spaced_labels
from .lazyre import lazy_compile

TIME_LABELS = (
    "发布时间", "发布日期", "发表时间", "发表日期", "发稿时间", "更新时间", "上传时间", "录入时间",
    "添加时间", "时间", "日期",
)
SOURCE_LABELS = ("本文来源", "信息来源", "稿件来源", "文章来源", "新闻来源", "消息来源", "稿源", "来源", "出处", "来自")
VIEW_LABELS = (
    "阅读次数", "浏览次数", "点击次数", "访问次数", "点击数", "点击量", "点击率", "阅读量", "浏览量",
    "访问量", "阅读数", "浏览数", "人气", "阅读", "浏览", "点击", "访问", "查看",
)
# The credit grammar's role labels (credits.py: 作者, 文/图, 记者 and its prefixed forms, 一审/二审/三审, 校对…).
CREDIT_LABELS = tuple(label for label in LEXICON if "/" not in label and "·" not in label and label != "摄")
# Labels that only end the previous value ("字号：大 中 小", "分享到：").
STOP_LABELS = ("字号", "字体", "分享到", "分享", "打印", "关闭", "收藏", "发布人", "发布者", "录入", "所属栏目", "栏目",
               "评论数", "评论", "留言", "点赞", "转发", "摘要", "导读", "关键词", "标签")

_KIND = {label: "time" for label in TIME_LABELS}
_KIND.update({label: "source" for label in SOURCE_LABELS})
_KIND.update({label: "views" for label in VIEW_LABELS})
_KIND.update({label: "credit" for label in CREDIT_LABELS})
_KIND.update({label: "stop" for label in STOP_LABELS})

_ALL_LABELS = sorted(_KIND, key=len, reverse=True)
_MAX_TEXT = 1000
_TWO_CHARACTER_LABELS = frozenset(label for label in _KIND if len(label) == 2)
# A label is followed by a colon; the one-character credit labels 文/图 also take a slash.
_LABEL = lazy_compile(
    r"(?P<label>" + "|".join(_ALL_LABELS) + r")\s*[:：]"
    r"|(?<![\u4e00-\u9fff])(?P<slash_label>文|图)\s*[/／]"
    # Widgets printed inside meta lines end a value though they carry no colon: 扫一扫在手机打开当前页.
    r"|(?P<widget>(?:手机|微信)?扫一扫|扫码阅读|打印本页|关闭窗口|【\s*(?:打印|关闭)\s*】)"
)
# Item separators: the ASCII and full-width bars, and the bar-like characters templates print instead (box
# drawing │ ┃, the CJK stroke 丨, the vertical ︱ and the divides sign ∣): 来源：党委办公室 │ 发布时间：….
_BARS = "|｜│┃丨︱∣"
_SEPARATOR = lazy_compile(r"\s*[" + _BARS + r"]\s*")
# Meta items printed with no label of their own, which end a source or credit value all the same: the date
# (2024-08-06 09:30, 2024/8/6, 2024.08.06, 2024年8月6日, a yearless 08-06 09:30 with its time, 3小时前) and a
# colonless view count (阅读 1.3万, 浏览(256), 点击数 12, 256次阅读, 1.3万阅读). Vue/React H5 templates print the
# meta line as sibling spans with no separator:
# <span>来源：东岳市肿瘤医院</span> <span>2024-08-06 09:30</span> <span>阅读 1.3万</span>.
_UNLABELLED_ITEM = lazy_compile(
    r"(?<![\d.])(?:19|20)\d{2}\s{0,2}(?:[-/.]\s{0,2}\d{1,2}\s{0,2}[-/.]|年\s{0,2}\d{1,2}\s{0,2}月)\s{0,2}\d{1,2}(?!\d)"
    r"|(?<![\d.\-/])\d{1,2}[-/]\d{1,2}\s{1,2}\d{1,2}[:：]\d{2}(?!\d)"
    r"|(?<!\d)\d{1,3}\s{0,2}(?:秒|分钟|小时|天)前"
    r"|(?:阅读|浏览|点击|访问|人气)(?:次数|量|数)?\s{0,3}[(（\[【]?\s{0,3}\d"
    r"|(?<![\d.])\d{1,12}(?:\.\d{1,3})?\s{0,3}[万千wWkK]?\s{0,3}(?:次|人次)?(?:阅读|浏览|点击|访问)")
_VALUE_TRIM = lazy_compile(r"^[\s\[\]【】()（）" + _BARS + r"/／,，;；·•]+|[\s\[\]【】()（）" + _BARS + r"/／,，;；·•]+$")


# Labels that also name page widgets or content types (a 视频 tab, a 查看 button, 图片 新闻): never read as a
# label printed alone in its element.
_NOT_BARE = frozenset({"查看", "点击", "访问", "视频", "图片", "图文", "文图", "文字", "整理", "剪辑", "来自", "摄像"})
_BARE_LABELS = frozenset(label for label, kind in _KIND.items()
                         if kind != "stop" and len(label) >= 2 and label not in _NOT_BARE)
_BARE_TRIM = " \t\r\n\u00a0\u3000【】[]"


def bare_label(text: str | None) -> str | None:
    """The meta label that ``text`` is all by itself, printed with no colon (``来源``, ``作　者``, ``【发布日期】``);
    else None. Drupal prints each field as ``<div class="field__label">来源</div><div class="field__item">医务部</div>``
    (the colon a CSS ``:after``), definition lists ``<dt>作者</dt><dd>…</dd>`` and tables ``<th>来源</th><td>…</td>``:
    the label and its value sit in separate elements. Only labels of two characters or more, and none that also
    names a widget (查看, 视频, 图片). Reads at most 16 characters."""
    if not text or len(text) > 16:
        return None
    label = "".join(text.strip(_BARE_TRIM).split())
    return label if label in _BARE_LABELS else None


@dataclass
class MetaLine:
    publish_time_raw: str | None = None
    source_raw: str | None = None
    view_count_raw: str | None = None
    credits: list[tuple[str, str]] = field(default_factory=list)  # (label, value) in page order

    def __bool__(self) -> bool:
        return bool(self.publish_time_raw or self.source_raw is not None or self.view_count_raw or self.credits)


def parse_meta_line(text: str | None) -> MetaLine:
    """Fields of a meta line. A label present with an empty value gives ``""`` (e.g. an empty 来源)."""
    meta = MetaLine()
    if not text:
        return meta
    # A meta line is short: text past its first 1,000 characters is not read (bounded cost on any input).
    text = normalise_spaced_labels(text[:_MAX_TEXT], _TWO_CHARACTER_LABELS)  # 来　源： / 作　者： aligned by spaces
    matches = list(_LABEL.finditer(text))
    for i, m in enumerate(matches):
        label = m["label"] or m["slash_label"] or "字号"  # a widget is a stop label
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        # A value also ends at a "|" separator: 稿源：医务部 | 点击数(1,024).
        value = _SEPARATOR.split(text[m.end():end], 1)[0]
        kind = _KIND[label]
        if kind in ("source", "credit"):
            item = _UNLABELLED_ITEM.search(value)
            if item and item.start() > 0:  # a value that is only a date stays (来源：2024-08-06 is no source either way)
                value = value[:item.start()]
        value = _VALUE_TRIM.sub("", value)
        if kind == "time" and meta.publish_time_raw is None and value:
            meta.publish_time_raw = value
        elif kind == "source" and meta.source_raw is None:
            meta.source_raw = value
        elif kind == "views" and meta.view_count_raw is None and value and any(c.isdigit() for c in value[:40]):
            meta.view_count_raw = value  # a label whose number a script fills in leaves its unit (次): no value
        elif kind == "credit" and value:
            meta.credits.append((label, value))
    return meta
