"""A generated hospital news site for the crawl benchmark: several CMS styles, Chinese text, sidebars.

    python -m bench.sitegen OUT_DIR [--articles N]

Writes ``OUT_DIR/<style>/list_<n>.html`` (20 dated links per page, a pager with 下一页, a nav menu, a
hot-news sidebar, a footer) and ``OUT_DIR/<style>/<yyyy>/<mmdd>/<id>.html`` detail pages of 30–80 KB
(breadcrumb, heading, meta line, long Chinese paragraphs, images, a related-news sidebar, share bar,
prev/next, footer). Styles imitate DedeCMS (GBK, /plus/count.php counter script), TRS WCM
(TRS_Editor body), PHPCMS, 博达 VSB (vsb_content, _showDynClicks) and WordPress. Everything is
deterministic for a given N, so two runs serve the same bytes.

``manifest.json`` lists the start URL path of each style's column and the number of pages written.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

STYLES = ("dede", "trs", "phpcms", "vsb", "wordpress")
PER_LIST_PAGE = 20

_WORDS = (
    "医院", "党委", "书记", "院长", "召开", "专题", "会议", "深入", "学习", "贯彻", "精神", "全面", "推进", "高质量", "发展",
    "患者", "护理", "门诊", "住院", "手术", "成功", "实施", "疑难", "病例", "多学科", "会诊", "团队", "专家", "教授", "主任",
    "医师", "科室", "开展", "义诊", "活动", "群众", "健康", "宣教", "知识", "讲座", "培训", "考核", "质量", "安全", "管理",
    "持续", "改进", "服务", "流程", "优化", "就医", "体验", "提升", "信息化", "建设", "智慧", "平台", "上线", "运行", "数据",
    "科研", "项目", "获批", "国家", "自然科学", "基金", "论文", "发表", "期刊", "学术", "交流", "合作", "签约", "仪式", "举行",
    "急诊", "抢救", "生命", "通道", "心内科", "神经内科", "肿瘤", "中心", "影像", "检验", "药学", "康复", "儿科", "妇产科",
)
_PUNCT = ("，", "，", "，", "、", "。", "。", "；")
_SIDEBAR_TITLES = ("热点新闻", "最新动态", "通知公告", "医院新闻", "媒体报道", "专家风采")


def sentence(rng: random.Random, words: int) -> str:
    out = []
    for i in range(words):
        out.append(rng.choice(_WORDS))
        if i % 5 == 4 and i != words - 1:
            out.append(rng.choice(_PUNCT[:4]))
    return "".join(out) + "。"


def paragraph(rng: random.Random, chars: int) -> str:
    text = ""
    while len(text) < chars:
        text += sentence(rng, rng.randint(8, 24))
    return text


def title_of(rng: random.Random) -> str:
    return "".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 9)))


def _nav(style: str) -> str:
    items = "".join(f'<li><a href="/{style}/list_1.html">{w}</a></li>' for w in _WORDS[:40])
    return f'<div class="nav"><ul class="menu">{items}</ul></div>'


def _sidebar(rng: random.Random, style: str, n_articles: int, heading: str, count: int = 12) -> str:
    links = "".join(
        f'<li><a href="/{style}/list_1.html" title="{t}">{t}</a><span>2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}</span></li>'
        for t in (title_of(rng) for _ in range(count)))
    return f'<div class="side-box"><h3>{heading}</h3><ul class="side-list">{links}</ul></div>'


def _footer() -> str:
    return ('<div class="footer"><p>版权所有 © 2024 某某市第一人民医院 地址：某某市人民路88号 电话：0531-12345678</p>'
            '<p>鲁ICP备12345678号 技术支持：某某网络</p></div>')


def article_path(style: str, i: int) -> str:
    return f"/{style}/2024/{1 + i % 12:02d}{1 + i % 28:02d}/{10000 + i}.html"


def detail_page(style: str, i: int, n: int) -> str:
    rng = random.Random(f"{style}-{i}")
    title = title_of(rng)
    date = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} {8 + i % 10:02d}:{i % 60:02d}:00"
    target = rng.randint(30_000, 80_000)
    paragraphs: list[str] = []
    chrome = 22_000  # nav, sidebars and footer, in bytes
    size = chrome
    while size < target:
        chars = rng.choice((120, 200, 300, 400, 600)) if rng.random() > 0.1 else 2000
        p = paragraph(rng, chars)
        paragraphs.append(p)
        size += len(p.encode("utf-8")) + 40
        if rng.random() < 0.08:
            paragraphs.append(f'<img src="/{style}/images/{i}_{len(paragraphs)}.jpg" alt="">')
    body = "".join(p if p.startswith("<img") else f"<p>{p}</p>" for p in paragraphs)
    counter = ""
    if style == "dede":
        counter = f'<script src="/plus/count.php?view=yes&aid={10000 + i}&mid=1"></script>'
    elif style == "vsb":
        counter = f'<script>_showDynClicks("wbnews", 1234567, {10000 + i})</script>'
    meta_line = f"发布时间：{date}　来源：党委宣传部　作者：张三　浏览次数：{counter or i}"
    prev_next = (f'<div class="pre_next"><p>上一篇：<a href="{article_path(style, max(i - 1, 0))}">{title_of(rng)}</a></p>'
                 f'<p>下一篇：<a href="{article_path(style, min(i + 1, n - 1))}">{title_of(rng)}</a></p></div>')
    share = '<div class="share bdshare"><a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>'
    crumb = f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/{style}/list_1.html">医院新闻</a> &gt; 正文</div>'
    sides = "".join(_sidebar(rng, style, n, h) for h in _SIDEBAR_TITLES[:4])
    charset = "gbk" if style == "dede" else "utf-8"
    head = (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f'<title>{title}-医院新闻-某某市第一人民医院</title><meta name="keywords" content="医院,新闻">'
            f'<meta name="description" content="{paragraphs[0][:60]}">'
            '<link rel="stylesheet" href="/css/style.css"><script src="/js/jquery.min.js"></script></head>')
    if style == "trs":
        main = (f'<div class="article"><h2 class="title">{title}</h2><div class="info">{meta_line}</div>'
                f'<div class="TRS_Editor">{body}</div>{share}{prev_next}</div>')
    elif style == "phpcms":
        main = (f'<div class="main"><h1>{title}</h1><div class="tit_bar"><span>{meta_line}</span></div>'
                f'<div class="content" id="Article">{body}</div>{prev_next}</div>')
    elif style == "vsb":
        main = (f'<form name="_newscontent_fromname"><div class="main_con"><h1 align="center">{title}</h1>'
                f'<div class="ny_time">{meta_line}</div><div id="vsb_content"><div class="v_news_content">{body}</div></div>'
                f'{prev_next}</div></form>')
    elif style == "wordpress":
        main = (f'<article class="post"><header class="entry-header"><h1 class="entry-title">{title}</h1>'
                f'<div class="entry-meta">{meta_line}</div></header><div class="entry-content">{body}</div>'
                f'<nav class="post-navigation">{prev_next}</nav></article>')
    else:
        main = (f'<div class="viewbox"><div class="title"><h2>{title}</h2></div><div class="info">{meta_line}</div>'
                f'<div class="content"><table><tr><td>{body}</td></tr></table></div>{share}{prev_next}</div>')
    page = (f'{head}<body><div class="header"><div class="logo"><img src="/logo.png" alt="logo"></div>{_nav(style)}</div>'
            f'<div class="wrap">{crumb}<div class="left">{main}</div><div class="right">{sides}</div></div>'
            f'{_footer()}{counter}</body></html>')
    return page


def list_page(style: str, page: int, pages: int, ids: list[int]) -> str:
    rng = random.Random(f"{style}-list-{page}")
    items = "".join(
        f'<li><a href="{article_path(style, i)}" title="{title_of(random.Random(f"{style}-{i}"))}">'
        f'{title_of(random.Random(f"{style}-{i}"))}</a><span class="date">2024-{1 + i % 12:02d}-{1 + i % 28:02d}</span></li>'
        for i in ids)
    pager = [f'<a href="/{style}/list_1.html">首页</a>']
    if page > 1:
        pager.append(f'<a href="/{style}/list_{page - 1}.html">上一页</a>')
    pager += [f'<a href="/{style}/list_{k}.html">{k}</a>' for k in range(max(1, page - 2), min(pages, page + 2) + 1)]
    if page < pages:
        pager.append(f'<a href="/{style}/list_{page + 1}.html">下一页</a>')
    pager.append(f'<a href="/{style}/list_{pages}.html">尾页</a>')
    charset = "gbk" if style == "dede" else "utf-8"
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>医院新闻-某某市第一人民医院</title></head><body>'
            f'<div class="header">{_nav(style)}</div><div class="wrap"><div class="position">当前位置：<a href="/">首页</a> &gt; 医院新闻</div>'
            f'<div class="left"><div class="list-box"><h2>医院新闻</h2><ul class="news-list">{items}</ul>'
            f'<div class="pages">{"".join(pager)}</div></div></div>'
            f'<div class="right">{_sidebar(rng, style, 0, "热点新闻")}{_sidebar(rng, style, 0, "通知公告")}</div></div>'
            f'{_footer()}</body></html>')


def generate(out: Path, articles: int) -> dict:
    """Write the site under ``out``; ``articles`` are shared out over the styles. Returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"articles": 0, "list_pages": 0, "detail_bytes": 0, "columns": {}}
    per_style = max(1, articles // len(STYLES))
    for style in STYLES:
        ids = list(range(per_style))
        pages = max(1, -(-per_style // PER_LIST_PAGE))
        for page in range(1, pages + 1):
            chunk = ids[(page - 1) * PER_LIST_PAGE:page * PER_LIST_PAGE]
            encoding = "gbk" if style == "dede" else "utf-8"
            target = out / style / f"list_{page}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(list_page(style, page, pages, chunk).encode(encoding, "replace"))
        for i in ids:
            encoding = "gbk" if style == "dede" else "utf-8"
            data = detail_page(style, i, per_style).encode(encoding, "replace")
            target = out / article_path(style, i).lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            manifest["detail_bytes"] += len(data)
        manifest["columns"][style] = f"/{style}/list_1.html"
        manifest["articles"] += per_style
        manifest["list_pages"] += pages
    (out / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    print(json.dumps(generate(args.out, args.articles)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
