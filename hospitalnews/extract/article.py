"""All archive fields of one detail page, from its bytes alone (no Scrapy).

Order of evidence, strongest first (a per-site override from data/sites.toml beats all of it):
- text: BOM, the server's charset, ``<meta charset>`` — each only if the bytes decode under it — then
  detection; GBK/GB2312 decode as GB18030 (encoding.py).
- body: the density-based finder (content.py); share bars, prev/next, related lists nested in it are
  dropped; leading title/meta/breadcrumb lines and trailing credit lines are moved out of the text.
- title: ArticleTitle/og:title meta or ``<title>``, matched against the page's headings (title.py); the
  heading wins. Else the heading just above the body; else ``<title>`` without its site-name suffix.
- publish time: the labelled meta line between title and body (or nested in the heading, or the first
  lines of the body, or under the body inside the article container); then date meta tags (PubDate,
  publishdate, article:published_time, itemprop=datePublished …), which also refine a dateless day with
  their time; then an unlabelled date in those lines; then the list page's date. A yearless date takes
  its year from the list date or the URL. Sidebar, prev/next and footer text is never read for dates.
- source: the meta line's 来源 label, then the ContentSource meta tag.
- authors: meta-line credits, a leading credit line (文/… 图/…), a leading newspaper byline (removed
  from the text), trailing credit lines (编辑/责任编辑/审核 keep their roles), then schema.org authors.
- view count: a JavaScript counter endpoint (counters.py) leaves it None for the spider to fetch;
  else the meta line's 阅读次数/点击/浏览量… value.
- summary: the description meta tag, only when it is this article's (its start appears in the text
  or title) and not a copy of the title.
- category: the leaf of the breadcrumb (当前位置/您的位置 … or a crumb-named element), skipping 正文/详细.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, time
from itertools import islice
from urllib.parse import urljoin

from lxml import etree

from .body import attachment_links, extract_body
from .bylines import authors_from_credits, parse_byline, parse_closing_byline, parse_credit_text, parse_photo_credit
from .content import find_main_content, link_density, text_length
from .counters import find_counter_url, same_site
from .counts import parse_view_count
from .credits import is_credit_line
from .dates import find_date_text, is_relative, isoformat, parse_publish_time, plausible
from .document import parse_document
from .encoding import decode_html
from .epaper_systems import StoryFacts, is_epaper_story, story_page_facts
from .lazyre import lazy_compile
from .metaline import MetaLine, bare_label, parse_meta_line
from .text import clean_line, fold_spaces, without_spaces
from .title import find_title, heading_above, heading_meta_lines, similar

# <meta> names that state the publish time, strongest first.
_DATE_META = (
    "article:published_time", "og:release_date", "og:published_time", "pubdate", "publishdate",
    "publish_date", "publishtime", "publish-time", "firstpublishedtime", "datepublished",
    "dc.date.issued", "dc.date", "date", "weibo:article:create_at",
)
_TITLE_META = ("articletitle", "og:title")
_SOURCE_META = ("contentsource", "source", "article:source")
_BREADCRUMB_NAMES = lazy_compile(r"\bpos\b|bread|crumb|mianbao|location|position|weizhi|dqwz|curpos|current|path|where", re.IGNORECASE)
_BREADCRUMB_TEXT = lazy_compile(r"^\s*(?:您|你)?(?:现在|当前|目前)?(?:所在)?(?:的|所)?(?:所在)?(?:位置|路径)\s*[:：]?")
_CRUMB_SPLIT = lazy_compile(r"\s*(?:>>|>|»|＞|›|→|/|\|)\s*")
# A breadcrumb nobody labelled: links separated by arrows (never "|", which menus use).
_CRUMB_ARROWS = lazy_compile(r"(?:>|»|＞|›|→)")
_CRUMB_NOT_CATEGORY = lazy_compile(r"^(?:上一页|下一页|尾页|末页|正文|查看内容|门户|正文内容|详情|详细|详细信息|内容|详细内容|查看内容|文章|文章内容|阅读|浏览|首页|网站首页|主页|返回首页)$")
_PREV_NEXT = lazy_compile(r"^(?:上一[篇条页]|下一[篇条页]|上篇|下篇|返回列表|返回顶部|[【\[]?\s*(?:打印|关闭|收藏))")
# Counts stated without a colon: 阅读 123 次, 浏览(456), 123次浏览, 人气：…
_VIEWS_UNLABELLED = lazy_compile(
    r"(?:阅读|浏览|点击|访问|人气)(?:次数|量|数)?\s*[(（\[【]?\s*(?P<a>\d[\d,，]*(?:\.\d+)?\s*[万千kKwW]?)(?![\d\-/.年月])"
    r"|(?P<b>\d[\d,，]*)\s*(?:次|人次)(?:阅读|浏览|点击|访问)")
_FOOTER = lazy_compile(r"copyright|版权|ICP|©|技术支持|地址[:：]", re.IGNORECASE)
_URL_YEAR = lazy_compile(r"(?<!\d)(20\d{2}|19\d{2})(?:[/\-_]?[01]\d)")
_URL_ID = lazy_compile(r"(\d+)(?!.*\d)")
_META_LINE_MAX = 160


# Widgets that templates nest inside the body element: share bars, prev/next, comments, related lists.
_WIDGET_NAMES = lazy_compile(
    r"share|bdshare|jiathis|addthis|sharedaddy|social|prev|next|pre_?next|comment|related|relate|recommend|"
    r"hot_?news|rank|page_?nav|pagination|\bpages?\b|\bpaging\b|fenye|toolbar|print|dayin|fenxiang|xgwz|xgxw|copyright|footer|"
    # tag links under the text (ThinkCMF/WordPress post-tags, tag-list, keywords; blind batch 6, page 241)
    r"(?:^|[\s_-])tags?(?:$|[\s_-])|keywords?\b|biaoqian", re.IGNORECASE)
# Headings of the link lists templates append to bodies.
# WeChat articles pasted into a CMS bring their own: 往期推荐 / 往期回顾 / 精彩回顾 / 推荐阅读 / 历史文章, often behind
# a marker (▼往期推荐▼, 【推荐阅读】).
_LIST_HEADING = lazy_compile(
    r"^[\s▼▽◆◇●○■□☆★【\[|｜]{0,4}(?:(?:相关|推荐|延伸|热点|热门|最新|更多)(?:新闻|阅读|文章|链接|资讯|动态)|猜你喜欢"
    r"|(?:(?:往期|精彩|历史)(?:推荐|回顾|精选|精彩|文章|阅读)|(?:推荐|精选)(?:文章|内容))[\s▼▽◆◇●○■□☆★】\]|｜:：]{0,4}$)")


def _drop_widgets(content_el):
    for el in list(content_el.iterdescendants()):
        if not isinstance(el.tag, str) or el.getparent() is None or el.tag == "img":
            continue  # an image is never a widget (Toutiao's <img class="syl-page-img">)
        # A widget is short or mostly links; a wrapper named "printArea" around the text is not one.
        if _WIDGET_NAMES.search(f"{el.get('class') or ''} {el.get('id') or ''}") and (
                text_length(el) < 80 or link_density(el) > 0.5):
            el.drop_tree()
    # An unnamed "相关新闻" heading and the link list after it.
    for heading in list(content_el.iterdescendants()):
        if not isinstance(heading.tag, str) or heading.getparent() is None:
            continue
        if heading.tag.lower() in ("h2", "h3", "h4", "h5", "h6", "p", "div", "strong", "b") and \
                len(heading.text_content()) <= 20 and _LIST_HEADING.match(clean_line(heading.text_content())):
            # the links after it: one list, or one link per paragraph (WeChat's 往期推荐)
            following = heading.getnext()
            while following is not None and isinstance(following.tag, str) and link_density(following) > 0.5:
                after = following.getnext()
                following.drop_tree()
                following = after
            heading.drop_tree()


# Icon fonts stand in for labels in modern templates: <i class="fa fa-clock-o"></i> 2024-03-05.
_ICON_LABELS = (
    # likes, never views: fa-thumbs-up 56 beside fa-eye 3298 (ThinkCMF; blind batch 6, pages 237, 241)
    (re.compile(r"thumb|like|zan|heart|dianzan|good", re.IGNORECASE), "点赞："),
    (re.compile(r"clock|calendar|time|date|riqi|shijian", re.IGNORECASE), "时间："),
    (re.compile(r"user|person|author|pencil|edit|zuozhe", re.IGNORECASE), "作者："),
    (re.compile(r"eye|view|hits|read|fire|liulan|dianji", re.IGNORECASE), "浏览："),
    (re.compile(r"source|globe|laiyuan|building|home", re.IGNORECASE), "来源："),
)
# Icon classes of the icon fonts and UI kits: Font Awesome, Bootstrap, iconfont, layui, and prefixed kits
# (Element UI ``el-icon-view``, Ant Design ``anticon-eye``, Vant ``van-icon-eye-o``, ``ri-eye-line``).
_ICON_CLASS = lazy_compile(r"(?:^|\s)(?:fa|fas|far|glyphicon|iconfont|icon|layui-icon|bi|anticon|ri)(?:[-\s]|$)"
                         r"|(?:^|\s)[a-z]{1,8}-icon(?:[-\s]|$)", re.IGNORECASE)
# A label already printed after the icon (<i class="el-icon-office-building"></i>来源：…, or 来源 with no colon, its
# value in the next element): no second one.
_LABELLED_AFTER = lazy_compile(r"^\s{0,3}[\u4e00-\u9fff]{1,6}\s{0,3}[:：]")


def _meta_branches(content_el, title_el) -> list:
    """When the chosen body element also holds the headline (ThinkCMF's ``article-box``: ``<h2>``, an info box, then the
    text), the short blocks right after the headline's branch — the meta line's; at most four, and none once
    a block holds more than a meta line of text. Icons there are labels; elsewhere in the body they are not."""
    if title_el is None or not any(a is content_el for a in title_el.iterancestors()):
        return []
    branch = title_el
    while branch.getparent() is not content_el:
        branch = branch.getparent()
    found: list = []
    for sibling in branch.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if len(found) >= 4 or text_length(sibling) > _META_LINE_MAX:
            break
        found.append(sibling)
    return found


def _label_icons(root, content_el, title_el=None):
    meta_blocks = _meta_branches(content_el, title_el)
    for el in root.iter("i", "span", "em"):
        names = el.get("class") or ""
        if len(el) or (el.text or "").strip() or not _ICON_CLASS.search(names) \
                or _LABELLED_AFTER.match(el.tail or "") or bare_label(el.tail):
            continue
        ancestors = list(el.iterancestors())
        if any(a is content_el for a in ancestors) and not any(a is b for a in ancestors for b in meta_blocks):
            continue  # an icon in the body text is decoration
        for pattern, label in _ICON_LABELS:
            if pattern.search(names.replace("icon", "")):
                el.text = label
                break


_DATE_ELEMENTS = etree.XPath("//*[@itemprop='datePublished'][@datetime or @content]|//time[@pubdate][@datetime]")
_TIME_PUBDATE = etree.XPath("//time[@pubdate][@datetime]")
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", etree.Comment)


def _meta_tags(root, html_text: str | None = None) -> dict[str, str]:
    """The page's meta values by lower-cased name (``<meta name|property|itemprop|http-equiv>``), plus
    ``datepublished`` from schema.org microdata, ``<time pubdate>``, hAtom and JSON-LD. ``html_text``, the
    page the tree was parsed from, lets the microdata query (a test of every element's attributes) be
    skipped when the page never says ``datePublished`` (attribute values keep their case)."""
    tags: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or meta.get("http-equiv") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key and value and key not in tags:
            tags[key] = value
    query = _DATE_ELEMENTS if html_text is None or "datePublished" in html_text else _TIME_PUBDATE
    for el in query(root):
        tags.setdefault("datepublished", el.get("datetime") or el.get("content"))
    # hAtom / WordPress themes: <time class="entry-date published" datetime="…">, printed above the headline
    # (twentyseventeen and its children), so the title-to-body region never sees it; "updated" is no publish time.
    for el in root.xpath("//time[@datetime][contains(concat(' ', normalize-space(@class), ' '), ' published ')]"
                         "|//time[@datetime][contains(concat(' ', normalize-space(@class), ' '), ' entry-date ')]"
                         "[not(contains(concat(' ', normalize-space(@class), ' '), ' updated '))]"):
        tags.setdefault("datepublished", el.get("datetime"))
    for script in root.xpath("//script[@type='application/ld+json']"):
        published = _jsonld_value(script.text or "", "datePublished")
        if published:
            tags.setdefault("datepublished", published)
    return tags


def _jsonld_value(text: str, key: str) -> str | None:
    """The first string ``key`` of a JSON-LD block (schema.org NewsArticle), searching @graph and lists."""
    try:
        pending = [json.loads(text)]
    except ValueError:
        return None
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            if isinstance(node.get(key), str) and node[key].strip():
                return node[key].strip()
            pending.extend(v for v in node.values() if isinstance(v, (list, dict)))
    return None


def _first(tags: dict[str, str], names) -> str | None:
    return next((tags[n] for n in names if tags.get(n)), None)


def _drop_invisible(root):
    for el in list(root.iter(*_INVISIBLE_TAGS)):
        if el.getparent() is not None:
            # 发布时间：<script>document.write(fmt("2024-03-25 10:00:00"))</script>: keep the date it prints.
            written = find_date_text(el.text) if el.tag == "script" and "document.write" in (el.text or "") else None
            if written:
                el.tail = written + (el.tail or "")
            el.drop_tree()
    for el in root.xpath("//*[@style]"):
        if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", el.get("style") or "", re.I) and el.getparent() is not None:
            el.drop_tree()


_INLINE = frozenset({"a", "span", "font", "b", "strong", "em", "i", "label", "small", "u", "time", "abbr", "cite",
                     "code", "sub", "sup", "q", "s", "big", "mark", "var", "bdi", "data", "img", ""})


_DOUBLE_COLON = lazy_compile(r"：\s{0,3}[:：]")


def _is_label_element(el) -> bool:
    """Whether ``el`` holds only a meta label with no colon (``metaline.bare_label``): its own text, beside at most
    three children without text (an icon ``<i class="icon-source"></i>来源``)."""
    if len(el) > 3 or any((child.text or "").strip() or len(child) for child in el):
        return False
    text = "".join(el.itertext())
    return bare_label(text) is not None


_LABEL_VALUE_MAX = 40
_PROSE = lazy_compile(r"[，。！？；]")


def _join_label_pairs(paragraphs: list[str]) -> list[str]:
    """A meta label alone in its paragraph and its value in the next, before the body's first sentence or after its
    last (a ``<dl>``/``<table>`` of fields the finder swept in: ``来源`` / ``医务部``) → one line ``来源：医务部``, read
    as a meta or credit line. A value is short and has no sentence punctuation; the prose between stays as it is."""
    n = len(paragraphs)
    prose = [i for i in range(n) if _PROSE.search(paragraphs[i][:_LABEL_VALUE_MAX * 4])]
    first, last = (prose[0], prose[-1]) if prose else (n, -1)
    out: list[str] = []
    i = 0
    while i < n:
        if (i < first or i > last) and i + 1 < n and (i + 1 < first or i > last) and bare_label(paragraphs[i]) \
                and len(paragraphs[i + 1]) <= _LABEL_VALUE_MAX and not bare_label(paragraphs[i + 1]):
            out.append(f"{paragraphs[i].strip()}：{paragraphs[i + 1].lstrip(':： ')}")
            i += 2
            continue
        out.append(paragraphs[i])
        i += 1
    return out


def _text_between(root, start, stop) -> list[str]:
    """Text lines after element ``start`` (or from the top when None) up to element ``stop``. An element that is
    only a meta label with no colon (a Drupal ``field__label``, a ``<dt>``/``<th>``) gets one: ``来源：``."""
    lines: list[str] = []
    state = {"on": start is None, "done": False}
    line: list[str] = []

    def flush():
        if not line:
            return
        text = fold_spaces("".join(line))
        if "：" in text:  # a label given its colon whose value element opens with one (<dt>来源</dt><dd>：医务部</dd>)
            text = _DOUBLE_COLON.sub("：", text)
        line.clear()
        if text:
            lines.append(text)

    def walk(el):
        if state["done"]:
            return
        if el is stop:
            flush()
            state["done"] = True
            return
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag not in _INLINE
        if block:
            flush()
        if state["on"] and el.text:
            line.append(el.text)
        for child in el:
            walk(child)
            if state["done"]:
                return
            if state["on"] and child.tail:
                line.append(child.tail)
        if state["on"] and tag and _is_label_element(el):
            line.append("：")  # <div class="field__label">来源</div><div class="field__item">医务部</div>: 来源：医务部
        if el is start:
            flush()
            line.clear()
            state["on"] = True
        elif block:
            flush()

    walk(_common_ancestor(root, start, stop))
    flush()
    return lines


def _common_ancestor(root, start, stop):
    """The innermost element holding both ``start`` and ``stop`` (``root`` when either is None or outside it).
    Before ``start`` the walk of ``_text_between`` collects nothing, and it ends at ``stop``, so walking this
    element instead of ``root`` gives the same lines without reading the page's header and sidebars."""
    if start is None or stop is None:
        return root
    above_start = set(start.iterancestors())   # a set of the elements themselves keeps their lxml proxies
    above_start.add(start)                     # alive, so identity holds
    for el in (stop, *stop.iterancestors()):
        if el is root:
            return root
        if el in above_start:
            return el if any(a is root for a in el.iterancestors()) else root
    return root


_LEAD_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "center", "section", "td", "li"})
_SENTENCE_END = lazy_compile(r"[。！？!?；;]$")
_SUBTITLE = lazy_compile(r"^(?:——|—|－－|--)")
_ENUMERATED_LINE = lazy_compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")


def _emphasised(el, content_el) -> bool:
    """Centred (align/style/<center>) or wholly bold (strong/b/h*): how bodies print a headline again."""
    node = el
    while node is not None:
        style = (node.get("style") or "").replace(" ", "").lower()
        if (node.get("align") or "").lower() == "center" or "text-align:center" in style or node.tag == "center":
            return True
        if node is content_el:
            break
        node = node.getparent()
    if el.tag.lower() in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return True
    bold = "".join(b.text_content() for b in el.iter("strong", "b") if not any(a.tag in ("strong", "b") for a in b.iterancestors() if a is not el))
    return bool(bold.strip()) and clean_line(bold) == clean_line(el.text_content())


def _repeated_headline(content_el, title: str) -> list:
    """The body's opening blocks that only repeat the headline: one or two emphasised short lines, one of
    them the headline (the other its kicker or subtitle, ``——…``). Meta lines among them stay (they are read)."""
    if clean_line(content_el.text or ""):
        return []
    blocks = []
    for el in content_el.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() == "img":
            break
        if el.tag.lower() in _LEAD_BLOCKS and not any(isinstance(c.tag, str) and c.tag.lower() in _LEAD_BLOCKS for c in el):
            if clean_line(el.text_content()):
                blocks.append(el)
                if len(blocks) == 3:
                    break
    lead: list = []
    for el in blocks:
        text = clean_line(el.text_content())
        if len(text) > 80 or _SENTENCE_END.search(text) or _is_meta_line(text) or not _emphasised(el, content_el):
            break
        lead.append((el, similar(text, title)))
    hits = [i for i, (_, same) in enumerate(lead) if same]
    if not hits or hits[0] > 1:
        return []
    drop = [el for el, _ in lead[:hits[0] + 1]]  # the headline, and the kicker line above it
    after = lead[hits[0] + 1:hits[0] + 2]
    if after and _SUBTITLE.match(clean_line(after[0][0].text_content())):
        drop.append(after[0][0])  # ——subtitle
    return drop


_DATE_LINE = lazy_compile(r"^[\s【\[（(]*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}\s*[:：时]\s*\d{1,2}(?:\s*[:：分]\s*\d{1,2})?\s*[分秒]?)?[\s】\]）)]*$")


def _is_meta_line(text: str, bare_date: bool = True) -> bool:
    if len(text) > _META_LINE_MAX:
        return False
    if _DATE_LINE.match(text):  # a bare date under the title (at the end it is a notice's signature date)
        return bare_date
    if bare_date and len(text) <= 60 and find_date_text(text) and re.match(r"^[\s【\[（(]*(?:19|20)\d{2}\s*[-/.年]", text):
        return True  # "2019年5月6日 9时30分 护理部供稿": a short line that opens with the date
    meta = parse_meta_line(text)
    fields = sum(1 for v in (meta.publish_time_raw, meta.source_raw, meta.view_count_raw) if v is not None) + len(meta.credits)
    # Prose that merely mentions 时间： is no meta line: a meta line opens with its label or date.
    opens = re.match(r"^[\s【\[（(]*(?:[\u4e00-\u9fff]{1,4}\s*[:：/]|\d{4}[-/.年])", text)
    return bool(opens) and (fields >= 2 or meta.publish_time_raw is not None or meta.view_count_raw is not None
                            or meta.source_raw is not None)


def _parse_meta_lines(lines: list[str]) -> MetaLine:
    """Each line parsed on its own (a value never runs into the next line); the first value of each field wins."""
    merged = MetaLine()
    joined: list[str] = []
    for line in lines:  # a label alone in its cell ("来源：" | "疼痛科") takes the next line as its value
        if joined and re.search(r"[:：]$", joined[-1]):
            joined[-1] += line.lstrip(":： ")  # <dt>来源</dt><dd>：医务部</dd>: one colon
        else:
            joined.append(line)
    for line in joined:
        meta = parse_meta_line(line)
        merged.publish_time_raw = merged.publish_time_raw or meta.publish_time_raw
        if merged.source_raw is None:
            merged.source_raw = meta.source_raw
        merged.view_count_raw = merged.view_count_raw or meta.view_count_raw
        merged.credits += [c for c in meta.credits if c not in merged.credits]
    return merged


_CRUMB_TAGS = frozenset(("div", "p", "span", "td", "nav", "ol", "ul"))
# _BREADCRUMB_TEXT reads at most this many characters after the leading spaces (您现在所在的位置, 10).
_CRUMB_LABEL_REACH = 16


def _text_start(el) -> str:
    """The start of ``el.text_content()``: its leading spaces and at least _CRUMB_LABEL_REACH characters
    more (all of it when shorter). Reading a whole page's text per block was quadratic in nesting depth."""
    pieces: list[str] = []
    seen = -1  # characters after the leading spaces; -1 while still in them
    for piece in el.itertext():
        pieces.append(piece)
        if seen < 0:
            stripped = piece.lstrip()
            seen = len(stripped) if stripped else -1
        else:
            seen += len(piece)
        if seen > _CRUMB_LABEL_REACH:
            break
    return "".join(pieces)


def _is_crumb_candidate(el, labelled: set | None = None) -> bool:
    """``labelled``: the elements whose text holds 位置 or 路径 (``_label_holders``); only those can start
    with a breadcrumb label, so the others' text is not read (None: read every element's)."""
    if not isinstance(el.tag, str) or el.tag.lower() not in _CRUMB_TAGS:
        return False
    if _BREADCRUMB_NAMES.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return True
    if (labelled is None or el in labelled) and _BREADCRUMB_TEXT.match(_text_start(el)):
        return True
    # links separated by arrows: two child <a> first (cheap), then the text
    if sum(1 for child in el if child.tag == "a") < 2:
        return False
    text = el.text_content() or ""
    return len(text) <= 120 and len(_CRUMB_ARROWS.findall(text)) >= 2


_NOT_WORD = lazy_compile(r"[\W_]+")


def _crumb_free(el) -> str:
    """The text of breadcrumb part ``el`` less the breadcrumb label and separators (``""`` for a part that is only
    ``当前位置：`` or a separator ``>`` ``»`` ``/`` ``·`` ``-``). A long text is returned as it is (a label or separator
    is a few characters)."""
    text = el.text_content()
    return text if len(text) > 200 else _NOT_WORD.sub("", _BREADCRUMB_TEXT.sub("", clean_line(text)))


def _crumb_part(el) -> bool:
    """Whether link-less breadcrumb candidate ``el`` is a part of its parent's breadcrumb: a label or separator only,
    or one short crumb whose parent is a breadcrumb of links."""
    free = _crumb_free(el)
    if not free:
        return True
    parent = el.getparent()
    return len(free) <= 20 and any(child.tag == "a" for child in parent) and _is_crumb_candidate(parent)


_LABEL_TEXT = etree.XPath("//text()[contains(., '位置') or contains(., '路径')]")


def _label_holders(root) -> set:
    """The elements whose text holds a breadcrumb label's 位置/路径 (found by one XPath pass in C)."""
    holders: set = set()
    for text in _LABEL_TEXT(root):
        owner = text.getparent()
        if owner is not None and text.is_tail:
            owner = owner.getparent()
        while owner is not None and owner not in holders:
            holders.add(owner)
            owner = owner.getparent()
    return holders


def _category(root, title: str | None = None) -> str | None:
    labelled = _label_holders(root)
    candidates = [el for el in root.iter(*_CRUMB_TAGS) if _is_crumb_candidate(el, labelled)]  # lxml.html tags are lower case
    # A label or a separator in its own element, named like the breadcrumb or not (<span>当前位置：</span><a>首页</a>
    # > …; PageAdmin's <span class="pa_location_t">当前位置：</span>…<span class="pa_location_d">&gt;</span>): no
    # breadcrumb of its own, the crumbs are its parent's.
    # So is the current crumb in an element of its own inside a breadcrumb of links (<span class="location-here">正文</span>).
    candidates = [el.getparent() if el.getparent() is not None and not el.xpath(".//a") and _crumb_part(el) else el
                  for el in candidates]
    # A link-less breadcrumb whose crumbs are elements named like it (el-breadcrumb__item): the crumbs are no
    # breadcrumbs of their own.
    wholes = {el for el in candidates if _element_crumbs(el)}
    if wholes:
        candidates = [el for el in candidates if not any(a in wholes for a in el.iterancestors())]
    nested = set(candidates)
    # The innermost element is the breadcrumb; its container merely starts with it.
    candidates = [el for el in candidates if not any(d in nested for d in el.iterdescendants())]
    for el in candidates:
        text = fold_spaces(el.text_content())
        if not text or len(text) > 160 or not (el.xpath(".//a") or (_BREADCRUMB_TEXT.match(text) and _CRUMB_ARROWS.search(text))
                                               or _element_crumbs(el)):
            continue
        leaf = _crumb_leaf(el, title)
        if leaf:
            return leaf
    return None


def _rel_category(root) -> str | None:
    """WordPress and other blog engines: the post's category link ``<a rel="category tag">医院新闻</a>``
    (in the entry footer or meta line), the first one when a post has several; ``None`` without one."""
    for el in root.xpath("//a[@rel='category tag' or @rel='category']"):
        name = clean_line(el.text_content())
        if name and len(name) <= 20:
            return name
    return None


def _signature_date(paragraphs: list[str]) -> tuple[str | None, datetime | None]:
    """A notice dated only by its signature: the last lines of the body hold the issuer and a line that is only a
    date (``2024年9月27日``, ``二〇二四年九月二十七日``). Returns ``(raw, moment)`` or ``(None, None)``."""
    for line in reversed(paragraphs[-3:]):
        found = find_date_text(line)
        if found and found == line.strip() and len(line) <= 20:
            moment = parse_publish_time(found, use_dateparser=False)
            if _plausible(moment):
                return found, moment
    return None, None


_CRUMB_ELEMENTS = 60
_STRONG_CRUMB_NAMES = lazy_compile(r"bread|crumb|mianbao", re.IGNORECASE)


def _element_crumbs(el) -> list:
    """The crumbs of a breadcrumb without links, one element each: Element UI / Vue server-rendered
    ``<div class="el-breadcrumb"><span class="el-breadcrumb__item"><span role="link">首页</span><i …></i></span>…``
    (the separator an icon, so the text has no arrows). Only for an element named for a breadcrumb (or
    ``aria-label="Breadcrumb"``); the crumbs are its ``role="link"`` elements, else its childless elements
    with text. ``[]`` for anything else (two crumbs at least)."""
    names = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('aria-label') or ''}"
    if not _STRONG_CRUMB_NAMES.search(names) or el.find(".//a") is not None:
        return []
    inside = list(islice(el.iterdescendants(), _CRUMB_ELEMENTS + 1))
    if len(inside) > _CRUMB_ELEMENTS:
        return []  # a breadcrumb is a few elements, never a page section
    crumbs = [d for d in inside if isinstance(d.tag, str) and d.get("role") == "link"]
    if not crumbs:
        crumbs = [d for d in inside if isinstance(d.tag, str) and not len(d) and (d.text or "").strip()]
    return crumbs if len(crumbs) >= 2 else []


def _crumb_leaf(el, title: str | None) -> str | None:
    """The last crumb of breadcrumb element ``el`` that names a column (not 正文/首页 nor the title)."""
    # Crumbs are the links plus the bare text between them ("首页 > 新闻中心 > 正文").
    pieces = [el.text or ""]
    spans = _element_crumbs(el)
    for child in el.iterdescendants():
        if child.tag == "a" or child in spans:
            pieces.append("\x00" + child.text_content() + "\x00")
        if child.tail and child.getparent() is el:
            pieces.append(child.tail)  # 首页 > 新闻中心 > 医院新闻: the leaf is often bare text after the last link
    crumbs = re.split(r"\x00|" + _CRUMB_SPLIT.pattern, _BREADCRUMB_TEXT.sub("", "".join(pieces)))
    crumbs = [clean_line(c) for c in crumbs if clean_line(c)]
    crumbs = [c for c in crumbs if not _CRUMB_NOT_CATEGORY.match(c) and c != title]
    return crumbs[-1] if crumbs else None


_CATEGORY_LABEL = lazy_compile(r"(?:所属栏目|所属分类|栏目|分类|类别)\s*[:：]\s*(?P<value>[^\s|｜,，;；]{2,20})")


def _labelled_category(lines: list[str]) -> str | None:
    """Blogs name the column in the meta line (分类：医院新闻) when they print no breadcrumb."""
    for line in lines:
        m = _CATEGORY_LABEL.search(line)
        if m:
            return m["value"]
    return None


# "神经内科 赵磊 ｜ 2024年1月8日 ｜ 阅读 2.3k": a segment of a dated, |-separated meta line that is a
# person's name, optionally after the department.
_PERSON_SEGMENT = lazy_compile(r"^(?:[\u4e00-\u9fff]{1,10}(?:科|部|处|室|中心|病区)\s+)?(?P<name>[\u4e00-\u9fff]{2,3})$")
_NOT_A_NAME = lazy_compile(r"^(?:原创|转载|置顶|推荐|热门|本站|本网|头条|图文|视频|新闻|动态|公告|通知|[\u4e00-\u9fff]*(?:科|部|处|室|办|院))$")


def _unlabelled_author(lines: list[str]) -> list[dict]:
    for line in lines:
        segments = [s.strip() for s in re.split(r"[|｜]", line)]
        if len(segments) < 2 or not find_date_text(line) or parse_meta_line(line).credits:
            continue
        for segment in segments:
            m = _PERSON_SEGMENT.match(segment)
            if m and not _NOT_A_NAME.match(m["name"]):
                return [{"name": m["name"], "role": "作者"}]
    return []


def _photo_credits(images: list[dict], authors: list[dict]) -> list[dict]:
    """Captions without their photo credit (骨密度检测现场（胡杰 摄） → 骨密度检测现场; a caption that is only
    ``记者 马骏 摄`` → None); the photographers join ``authors`` (in place)."""
    cleaned = []
    for image in images:
        credit = parse_photo_credit(image["caption"]) if image.get("caption") else None
        if credit is not None:
            image = {**image, "caption": credit[0]}
            authors += [a for a in credit[1] if a not in authors]
        cleaned.append(image)
    return cleaned


def _visible_same_time(meta_lines: list[str], moment: datetime, year: int | None) -> str | None:
    """The date a line between headline and body prints for the very time a meta tag states (``2024年03月08日10:12:45``
    for ``2024-03-08T02:12:45+00:00``), else None. A tag supplies ``publish_time_raw`` only for what the page does not
    print (the time for a stated day, page 193); the day and time printed in full are the raw (blind batch 6, page 230)."""
    for line in meta_lines[:8]:
        found_text = find_date_text(line) if len(line) <= 80 else None
        found = parse_publish_time(found_text, default_year=year, use_dateparser=False) if found_text else None
        if found is not None and found.time() != time(0) and found == moment:
            return found_text
    return None


def _views_in(lines: list[str]) -> str | None:
    """The first colonless view count of ``lines`` (``阅读 1.3万``, ``浏览(456)``, ``256次浏览``), as printed."""
    for line in lines:
        m = _VIEWS_UNLABELLED.search(line)
        if m:
            return (m["a"] or m["b"]).strip()
    return None


def _views_below(lines: list[str]) -> str | None:
    """A view count printed in a short line under the body, inside the article's container (a news client's
    share page: ``<span class="read-num">阅读 3.6万</span>`` beside the likes; blind batch 6, page 237): a labelled
    value (``浏览：1,234``) or a colonless one. ``lines`` are the first lines under the body; a line of 40 or more
    characters is prose (阅读全文…), never a count."""
    for line in lines:
        if len(line) >= 40:
            continue
        labelled = parse_meta_line(line).view_count_raw
        if labelled and re.search(r"\d", labelled):
            return labelled
        found = _views_in([line])
        if found:
            return found
    return None


def _year_hint(listing_date: str | None, url: str) -> int | None:
    if listing_date:
        moment = parse_publish_time(listing_date, use_dateparser=False)
        if moment:
            return moment.year
    m = _URL_YEAR.search(url or "")
    return int(m[1]) if m else None


# A labelled time value worth dateparser's time: two numbers apart (28/01/2023) or a month word (Jan 28).
_DATEPARSER_WORTHY = lazy_compile(r"\d\D{1,3}\d|[A-Za-z]{3}")


def _plausible(moment: datetime | None) -> bool:
    return plausible(moment)  # 1990 … now + 1 day (dates.py)


# Parts of one date printed in sibling elements: <em>2023</em><em>11/02</em><em>14:05:09</em>.
_DATE_PART = lazy_compile(r"^[\d\s/\-.:：年月日]{1,12}$")
# Elements with two or more child elements, none of which has children of its own (one XPath pass in C).
_DATE_PART_PARENTS = etree.XPath("descendant-or-self::*[*[2]][not(*/*)]")


def _space_date_parts(root) -> None:
    """Put a space between sibling inline elements that each hold a piece of one date, so the meta line
    reads ``2023 11/02 14:05:09`` rather than ``202311/0214:05:09``."""
    for el in _DATE_PART_PARENTS(root):
        children = [c for c in el if isinstance(c.tag, str)]
        if len(children) < 2 or len(children) != len(el) or any(
                c.tag.lower() not in _INLINE or len(c) or not _DATE_PART.match(c.text or "") for c in children):
            continue
        if any((c.tail or "").strip() for c in children[:-1]):
            continue
        joined = " ".join((c.text or "").strip() for c in children)
        if find_date_text(joined):
            for c in children[:-1]:
                c.tail = " " + (c.tail or "")


def _select(root, css: str | None):
    if not css:
        return None
    found = root.cssselect(css)
    return found[0] if found else None


_LINK_SEPARATORS = frozenset("|/>·•-»›")


def _without_link_lines(paragraphs: list[str], element) -> list[str]:
    """``paragraphs`` less those made only of ``element``'s link texts (a menu ``首页 医院概况``, a trail of
    links): the page frame of a template whose article never loaded (fault matrix 'chrome' page)."""
    words = {w for a in element.iter("a") for w in (a.text_content() or "").split()}
    return [p for p in paragraphs if not all(w in words or w in _LINK_SEPARATORS for w in p.split())]


def extract_article(body: bytes | str, url: str, *, encoding: str | None = None,
                    listing_date: str | None = None, overrides: dict | None = None) -> dict:
    """Archive fields of one detail page (see docs/extraction.md), plus ``counter_url``."""
    overrides = overrides or {}
    text = decode_html(body, overrides.get("encoding") or encoding)
    # An empty page still parses (to empty fields): the caller decides whether that is an error.
    root = parse_document(text)
    page_url = url
    base = root.find(".//base[@href]")
    if base is not None:  # <base href> resolves every relative link of the page
        url = urljoin(url, base.get("href").strip())
    counter_url = find_counter_url(text, url, root)
    if counter_url and not same_site(counter_url, page_url):
        counter_url = None  # <base href> on another host: still a third party's counter
    if overrides.get("counter_url"):
        # The article id is the last run of digits in the URL: show.asp?id=4321, art_4584_60353.html.
        m = _URL_ID.search(page_url.split("#")[0])
        if m:
            counter_url = urljoin(page_url, overrides["counter_url"].format(id=m[1]))
    tags = _meta_tags(root, text)
    _drop_invisible(root)
    _space_date_parts(root)

    # Body element first: it anchors the title and the meta line
    # A heading that matches <title> anchors the body finder (the body follows its title).
    title_el = _select(root, overrides.get("title_css"))
    if title_el is not None:
        title = fold_spaces(title_el.text_content())  # word spaces stay for clean_heading
    else:
        title, title_el = find_title(root, _first(tags, _TITLE_META))
    content_el = _select(root, overrides.get("body_css"))
    if content_el is None:
        content_el = find_main_content(root, after=title_el)
    # no block of sentences anywhere (an empty article frame, a photo page): the body is the page itself
    unscored = content_el is root
    if title_el is None and not overrides.get("title_css"):
        title, title_el = find_title(root, _first(tags, _TITLE_META), content_el)
    if title_el is not None and title and any(a is content_el for a in title_el.iterancestors()):
        above = heading_above(root, content_el, title)  # the body repeats the headline printed above it
        if above is not None:
            title_el = above
    _label_icons(root, content_el, title_el)

    _drop_widgets(content_el)
    if title:
        for el in _repeated_headline(content_el, title):
            el.drop_tree()
    parsed = extract_body(content_el, url, title)
    paragraphs = list(parsed.paragraphs)
    if unscored:  # then its menus are not body text
        paragraphs = _without_link_lines(paragraphs, content_el)
    meta_lines: list[str] = []
    weak_lines: list[str] = []
    if title_el is not None:
        meta_lines += heading_meta_lines(title_el)
    meta_el = _select(root, overrides.get("meta_css"))
    if meta_el is not None:
        meta_lines.append(fold_spaces(" ".join(meta_el.itertext())))
    else:
        inside = title_el is not None and any(a is content_el for a in title_el.iterancestors())
        if title_el is not None and not inside:
            meta_lines += [t for t in _text_between(root, title_el, content_el) if len(t) <= _META_LINE_MAX][:8]
        elif title_el is None:  # no heading found: the lines right above the body, as weaker evidence
            weak_lines = [t for t in _text_between(root, None, content_el) if len(t) <= _META_LINE_MAX][-3:]
    # No recognised heading: a short unpunctuated first line followed by a date line is the title.
    if title_el is None and len(paragraphs) >= 2 and 4 <= len(paragraphs[0]) <= 80 \
            and not re.search(r"[。！？!?；;，,]$", paragraphs[0]) and _is_meta_line(paragraphs[1]):
        title = clean_line(paragraphs[0])
    paragraphs = _join_label_pairs(paragraphs)
    # Title, meta lines and prev/next links the finder swept into the body.
    repeated = False  # the headline printed again at the top of the body: its ——subtitle and kicker go too
    while paragraphs and (similar(clean_line(paragraphs[0]), title or "") or _is_meta_line(paragraphs[0])
                          or (_BREADCRUMB_TEXT.match(paragraphs[0]) and len(paragraphs[0]) <= 80)
                          or (title and clean_line(paragraphs[0]).startswith(clean_line(title)) and len(paragraphs[0]) <= len(title) + 40 and _is_meta_line(paragraphs[0][len(title):].strip() or "x"))
                          or (repeated and _SUBTITLE.match(paragraphs[0]) and len(paragraphs[0]) <= 60)
                          or (title and len(paragraphs) > 1 and len(paragraphs[0]) <= 20 and not _SENTENCE_END.search(paragraphs[0])
                              and not _ENUMERATED_LINE.match(paragraphs[0]) and similar(clean_line(paragraphs[1]), title))):
        first = paragraphs.pop(0)
        repeated = similar(clean_line(first), title or "")
        if _is_meta_line(first):
            meta_lines.append(first)
    trailing_credits: list[str | list[dict]] = []  # credit lines, or credits already read (a closing bracket)
    while paragraphs and (is_credit_line(paragraphs[-1]) or _PREV_NEXT.match(paragraphs[-1])
                          or (_is_meta_line(paragraphs[-1], bare_date=False) and len(paragraphs[-1]) <= 60)
                          or (_FOOTER.search(paragraphs[-1]) and len(paragraphs[-1]) <= 120)):
        last = paragraphs.pop()
        if is_credit_line(last):
            trailing_credits.insert(0, last)
        elif _is_meta_line(last, bare_date=False):
            meta_lines.append(last)
    meta_lines += weak_lines
    meta = _parse_meta_lines(meta_lines)
    container = content_el.getparent()
    if meta_el is None and container is not None and container.tag != "body":
        # Some templates print the meta line or the credits under the body, inside the article's container
        # (never the page footer's 更新时间): labelled lines only, as prev/next dates are bare.
        below_lines = [t for t in _text_between(container, content_el, None)[:4]
                       if len(t) <= _META_LINE_MAX and not _PREV_NEXT.match(t) and not _FOOTER.search(t)]
        below = [parse_meta_line(t) and t for t in below_lines]
        dated = [t for t in below if t and parse_meta_line(t).publish_time_raw]
        credited = [t for t in below if t and parse_meta_line(t).credits and t not in dated]
        extra = dated[:1] if not meta.publish_time_raw else []
        if extra:
            meta_lines += extra
            meta = _parse_meta_lines(meta_lines)
        below_credits = [c for line in credited for c in parse_meta_line(line).credits]
    else:
        below_credits, below_lines = [], []

    # Authors: meta-line credits, a leading byline or credit line, trailing editor lines
    # A paragraph that is only a photo credit (（胡杰 摄）, 记者 马骏 摄, 通讯员供图) is a credit, wherever it stands
    # in the body (the credit lines closing the body were taken above, in their order).
    photo_credits: list[dict] = []
    for line in [p for p in paragraphs if len(p) <= 40]:
        credit = parse_photo_credit(line)
        if credit is not None and credit[0] is None:
            paragraphs.remove(line)
            photo_credits += [a for a in credit[1] if a not in photo_credits]
    authors = authors_from_credits(meta.credits)
    # An e-paper story page (Founder content_N.htm …): page bar, issue date and the photo above the text
    epaper = story_page_facts(root, url, title_el, content_el) if title_el is not None and is_epaper_story(text) \
        else StoryFacts()
    above_images = _photo_credits([dict(i) for i in epaper.images], authors)  # printed above the story: credited first
    if paragraphs and is_credit_line(paragraphs[0]):
        trailing_credits.insert(0, paragraphs.pop(0))
    if paragraphs:
        byline, first = parse_byline(paragraphs[0])
        if byline:
            paragraphs[0:1] = [first] if first else []
            authors += [a for a in byline if a not in authors]
    if not authors and not below_credits:
        authors = _unlabelled_author(meta_lines)
    if not authors and not below_credits:  # schema.org markup: <span itemprop="author">, <a rel="author">
        for el in root.xpath("//*[@itemprop='author']|//a[@rel='author']"):
            names = el.xpath(".//*[@itemprop='name']")
            name = clean_line((names[0] if names else el).text_content())
            if name and len(name) <= 20 and {"name": name, "role": "作者"} not in authors:
                authors.append({"name": name, "role": "作者"})
    images = above_images + [i for i in _photo_credits(parsed.images, authors) if i not in above_images]  # photographers in page order, before the closing credits
    authors += [a for a in photo_credits if a not in authors]
    if paragraphs:  # …共庆佳节。（记者 孙悦 通讯员 钱程）: a bracketed byline closing the last paragraph
        closing, rest = parse_closing_byline(paragraphs[-1])
        if closing:
            paragraphs[-1] = rest
            trailing_credits.insert(0, closing)
    for line in trailing_credits:
        authors += [a for a in (line if isinstance(line, list) else parse_credit_text(line)) if a not in authors]
    # credits printed under the body (（责任编辑：周洁） in the article container) come after the body's own, in page order
    authors += [a for a in authors_from_credits(below_credits) if a not in authors]

    # Publish time: the visible labelled line, meta tags, an unlabelled date near the title, the list date
    year = _year_hint(listing_date, page_url)
    raw = meta.publish_time_raw
    if raw and find_date_text(raw):
        raw = find_date_text(raw)  # "2024-03-18 浏览(456)": the value ran on past an unlabelled field
    # A labelled value the patterns cannot read (28/01/2023) goes to dateparser: it follows a time label.
    moment = parse_publish_time(raw, default_year=year, use_dateparser=bool(_DATEPARSER_WORTHY.search(raw))) if raw else None
    tagged_raw = _first(tags, _DATE_META)
    tagged = parse_publish_time(tagged_raw, default_year=year, use_dateparser=False) if tagged_raw else None
    # A stated date that cannot be a publish time (1970-01-01 08:00, a typo in the future): kept as raw text
    # when nothing better is found, publish_time stays null (PublishTimePipeline counts it).
    rejected = raw if raw and not _plausible(moment) and (find_date_text(raw) or moment is not None) else None
    if not _plausible(moment):
        raw, moment = None, None
        for candidate in (tagged_raw, *[find_date_text(line) for line in meta_lines if len(line) <= 80]):
            found = parse_publish_time(candidate, default_year=year, use_dateparser=False) if candidate else None
            if _plausible(found):
                if moment is not None:  # a date-only meta tag: the visible line may state the same day with its time
                    if found.date() == moment.date() and found.time() != time(0):
                        raw, moment = candidate, found
                        break
                    continue
                raw, moment = candidate, found
                if candidate != tagged_raw or found.time() != time(0):
                    break
    elif _plausible(tagged) and tagged.date() == moment.date() and moment.time() == time(0) and tagged.time() != time(0):
        raw, moment = tagged_raw, tagged  # the page states the day, its meta tag the time too
    if raw is not None and raw == tagged_raw and moment is not None and moment.time() != time(0):
        raw = _visible_same_time(meta_lines, moment, year) or raw
    if moment is None and raw is None and epaper.issue_date:  # the issue bar of an e-paper story page
        found = parse_publish_time(epaper.issue_date, default_year=year, use_dateparser=False)
        if _plausible(found):
            raw, moment = epaper.issue_date, found
    if (moment is None or is_relative(raw)) and listing_date:  # 3天前 on a saved page: the list date is better
        found = parse_publish_time(listing_date, default_year=year, use_dateparser=False)
        if _plausible(found):
            raw, moment = listing_date, found
    if moment is None and raw is None:
        raw, moment = _signature_date(paragraphs)
    if moment is None and raw is None:
        raw = rejected

    source = meta.source_raw if meta.source_raw else _first(tags, _SOURCE_META)

    # View count: stated inline, unless a counter script fills it in (then the spider fetches it)
    view_count_raw = None if counter_url else meta.view_count_raw
    if view_count_raw is not None and not re.search(r"\d", view_count_raw):
        view_count_raw = None  # 浏览次数：<script …></script>次: a label whose number a script writes states none
    if view_count_raw is None and not counter_url:
        view_count_raw = _views_in(meta_lines) or _views_below(below_lines)
    view_count = parse_view_count(view_count_raw)

    summary = tags.get("description")
    content = "\n".join(paragraphs) or None
    page_title = clean_line(" ".join((root.findtext(".//title") or "").split()))
    if summary and (similar(clean_line(summary), title or "") or len(clean_line(summary)) < 12
                    or clean_line(summary) in page_title):
        summary = None  # a description that only repeats the title or names the site
    if summary:
        probe = without_spaces(summary)[:10]
        if not probe or (probe not in without_spaces(content) and probe not in without_spaces(title)):
            summary = None  # a site-wide description, not this article's

    attachments = list(parsed.attachments)
    # Attachment lists often follow the body element, inside the same article container.
    for holder in (content_el, content_el.getparent()):
        if holder is None or holder is root or holder.tag == "body":
            break
        for sibling in holder.itersiblings():
            for entry in attachment_links(sibling, url):
                if entry not in attachments:
                    attachments.append(entry)

    crumb_el = _select(root, overrides.get("breadcrumb_css"))
    category = (_crumb_leaf(crumb_el, title) if crumb_el is not None else None) or epaper.page
    return {
        "title": title or None,
        "category": category or _category(root, title) or _labelled_category(meta_lines) or _rel_category(root),
        "publish_time": isoformat(moment),
        "publish_time_raw": raw,
        "source": source,
        "authors": authors,
        "view_count": view_count,
        "view_count_raw": view_count_raw,
        "summary": summary,
        "content": content,
        "images": images,
        "attachments": attachments,
        "counter_url": counter_url,
    }
