"""Writes the bundled mirror data/mirrors/epaper.my0538.com/ (Tai'an daily, two issues) and the two small
Founder-layout fixture papers under tests/fixtures/sites/. Re-run after editing the stories below:

    python scripts/build_epaper_mirror.py

The A3 健康 page of 2024-02-05 carries the three stories of seed 000 with their print-damaged text layer
exactly as the seed has it (tests/fixtures/epaper/seed_000.txt). The other stories are invented.
"""

from __future__ import annotations

import html
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = (REPO / "tests" / "fixtures" / "epaper" / "seed_000.txt").read_text("utf-8").split("\n")


def seed_lines(first: str, last: str) -> list[str]:
    start = next(i for i, line in enumerate(SEED) if line.strip().startswith(first))
    end = next(i for i in range(start, len(SEED)) if SEED[i].strip().endswith(last))
    return SEED[start:end + 1]


def wrap(text: str, width: int = 13) -> list[str]:
    """Clean paragraphs → print-like lines: hard wraps, a blank line between paragraphs."""
    lines: list[str] = []
    for paragraph in text.strip().split("\n"):
        lines += [paragraph[i:i + width] for i in range(0, len(paragraph), width)] + [""]
    return lines[:-1]


# (page file, page label, [(article file, kicker, title, subtitle, print lines)])
ISSUES = {
    "20240205": ("utf-8", [
        ("Page01YF.htm", "第A01版：要闻", [
            ("Articel01001YF.htm", None, "我市召开2024年重点项目建设推进会", None, wrap(
                "本报讯（记者 王强）2月4日，全市重点项目建设推进会召开，总结2023年项目建设情况，部署今年重点工作。\n"
                "会议要求，各级各部门要强化要素保障，加快项目落地见效。")),
            ("Articel01002YF.htm", "守护群众生命健康", "泰安市中心医院胸痛中心通过国家认证", None, wrap(
                "本报讯（记者 颜凯 通讯员 刘洋）近日，泰安市中心医院胸痛中心顺利通过国家标准版胸痛中心认证。\n"
                "该院将持续优化急救流程，联合市急救中心打造区域协同救治网络。")),
        ]),
        ("Page02YF.htm", "第A02版：城事", [
            ("Articel02001YF.htm", None, "泰山景区迎来春节客流高峰", "景区推出多项便民举措", wrap(
                "本报讯（记者 于冰冰）春节临近，泰山景区游客数量明显增加。\n景区增开接驳车辆，延长索道运营时间。")),
        ]),
        ("Page03YF.htm", "第A03版：健康", [
            # The seed page does not print this story's headline; the mirror's title is reconstructed.
            ("Articel03001YF.htm", None, "市肿瘤防治院召开安全生产述职承诺报告会", None,
             seed_lines("本报讯 （记者 颜凯", "健康泰安建设贡献力量。")),
            ("Articel03002YF.htm", None, "凯歌高奏催奋进 万象更新谱新篇", "市中医医院召开第十一届五次职工代表大会",
             seed_lines("本报讯（记者 颜凯 通讯员 张", "主人翁意识和强烈的责任感。")),
            ("Articel03003YF.htm", None, "开展临床用血调研 筑牢“红色生命线”", "市政协一行到市中心血站进行调研指导",
             seed_lines("本报讯 （记者 于冰冰", "作出新的更大贡献。")),
        ]),
    ]),
    "20240206": ("gbk", [
        ("Page01YF.htm", "第A01版：要闻", [
            ("Articel01001YF.htm", None, "全市春季农业生产工作会议召开", None, wrap(
                "本报讯（记者 王强）2月5日，全市春季农业生产工作会议召开。\n会议强调，要抓好春耕备播，确保粮食稳产增产。")),
            ("Articel01002YF.htm", "节日期间食品安全不放松", "市疾控中心开展食品安全风险监测", None, wrap(
                "本报讯（通讯员 张男）春节前夕，市疾控中心在全市开展食品安全风险监测，共采集样品120份。\n"
                "市卫生健康委提醒市民注意饮食卫生。")),
        ]),
        ("Page02YF.htm", "第A02版：城事", [
            ("Articel02001YF.htm", None, "老城区改造项目年内开工", None, wrap(
                "本报讯（记者 于冰冰）记者从市住建局获悉，老城区改造项目计划年内开工。\n项目涉及居民三千余户。")),
        ]),
        ("Page03YF.htm", "第A03版：健康", [
            ("Articel03001YF.htm", None, "岱岳区妇幼保健院开设孕妇学校", None, wrap(
                "（通讯员 吕士琴）日前，岱岳区妇幼保健院孕妇学校开课，为准妈妈讲解孕期营养知识。\n"
                "课程每月举办两次，免费向市民开放。")),
            ("Articel03002YF.htm", None, "基层卫生院送医下乡", "义诊活动覆盖二十个村", wrap(
                "本报讯（记者 王强 通讯员 马克）近日，肥城市安驾庄镇卫生院组织医生走进乡村开展义诊。\n"
                "活动共服务群众八百余人次。")),
        ]),
    ]),
}

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"><title>泰安日报数字报</title></head>
<body>
<div class="header"><span class="date">{date_cn}</span></div>
<div class="pageName" id="pagename">{label}</div>
<div class="pagelist">{pagelist}</div>
<map name="PagePicMap">{areas}</map>
<ul class="titlelist">{titles}</ul>
</body></html>
"""

ARTICLE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"><title>{title}</title></head>
<body>
<div class="pageName" id="pagename">{label}</div>
<table class="article">
<tr><td class="yinti" id="yinti">{kicker}</td></tr>
<tr><td class="biaoti" id="biaoti">{title}</td></tr>
<tr><td class="futi" id="futi">{subtitle}</td></tr>
</table>
{photo}<div id="ozoom">{body}</div>
<div class="back"><a href="{page}">返回版面</a></div>
</body></html>
"""


# GBK pages that declare no charset anywhere (no <meta>, no header): the paper's configured encoding must apply.
UNDECLARED = {("20240206", "Page03YF.htm"), ("20240206", "Articel03001YF.htm")}


def _declare(page: str, charset: str, name: str, day: str) -> str:
    if (day, name) in UNDECLARED:
        return page.replace(f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">', "")
    return page


# Photos beside a story's text block: (paper folder, day, article) → (image path, caption as printed, with
# its credit). The first is seed 000's blood-station photo: 调研组观摩调研成分血制备流程。 通讯员供图
PHOTOS = {
    ("taianribao", "20240205", "Articel03003YF.htm"): ("/epaper/taianribao/res/20240205/xuezhan.jpg",
                                                       next(line.strip() for line in SEED if "供图" in line)),
    ("tswb", "20240205", "Articel05001YF.htm"): ("/epaper/tswb/res/20240205/yizhen.jpg", "义诊现场。记者 张三 摄"),
}


def _photo(paper: str, day: str, file: str) -> str:
    if (paper, day, file) not in PHOTOS:
        return ""
    src, caption = PHOTOS[(paper, day, file)]
    return (f'<table class="pic"><tr><td><img src="{src}"></td></tr>'
            f'<tr><td class="caption">{html.escape(caption)}</td></tr></table>\n')


def build_taian(root: Path) -> None:
    for day, (charset, pages) in ISSUES.items():
        folder = root / "epaper" / "taianribao" / "content" / day
        folder.mkdir(parents=True, exist_ok=True)
        date_cn = f"{int(day[:4])}年{int(day[4:6])}月{int(day[6:])}日"
        pagelist = " ".join(f'<a href="{name}">{html.escape(label)}</a>' for name, label, _ in pages)
        for name, label, stories in pages:
            areas = "".join(f'<area shape="rect" coords="0,0,10,10" href="{s[0]}">' for s in stories)
            titles = "".join(f'<li><a href="{s[0]}">{html.escape(s[2])}</a></li>' for s in stories)
            page = PAGE.format(charset=charset, date_cn=date_cn, label=label, pagelist=pagelist, areas=areas, titles=titles)
            (folder / name).write_bytes(_declare(page, charset, name, day).encode(charset))
            for file, kicker, title, subtitle, lines in stories:
                body = "<br>\n".join(html.escape(line) for line in lines)
                article = ARTICLE.format(charset=charset, label=label, kicker=html.escape(kicker or ""),
                                         photo=_photo("taianribao", day, file),
                                         title=html.escape(title), subtitle=html.escape(subtitle or ""),
                                         body=body, page=name)
                (folder / file).write_bytes(_declare(article, charset, file, day).encode(charset))


# 泰山晚报 (the sister paper, tswb): same e-paper system; bylines without 本报讯 and brackets.
TSWB = {
    "20240205": [
        ("Page01YF.htm", "第01版：要闻", [
            ("Articel01001YF.htm", None, "冬季赏雪好去处", None, [
                "近日，泰山迎来今冬第一场雪，吸引众多游客前来观赏。"]),
        ]),
        ("Page05YF.htm", "第05版：健康生活", [
            ("Articel05001YF.htm", None, "市第一人民医院开展冬季健康义诊", None, [
                "记者 张三 李四 近日，市第一人民医院组织专家在社区开展冬季健康义诊，为居民免费测量血压血糖。",
                "活动共服务居民三百余人次。"]),
        ]),
    ],
}

def build_tswb(root: Path) -> None:
    for day, pages in TSWB.items():
        folder = root / "epaper" / "tswb" / "content" / day
        folder.mkdir(parents=True, exist_ok=True)
        date_cn = f"{int(day[:4])}年{int(day[4:6])}月{int(day[6:])}日"
        pagelist = " ".join(f'<a href="{name}">{html.escape(label)}</a>' for name, label, _ in pages)
        for name, label, stories in pages:
            titles = "".join(f'<li><a href="{s[0]}">{html.escape(s[2])}</a></li>' for s in stories)
            page = PAGE.format(charset="utf-8", date_cn=date_cn, label=label, pagelist=pagelist, areas="", titles=titles)
            (folder / name).write_text(page, "utf-8")
            for file, kicker, title, subtitle, paragraphs in stories:
                # its text layer: one <br>-ended line per printed paragraph, a blank line between them
                body = "<br>\n<br>\n".join(html.escape(p) for p in paragraphs)
                article = ARTICLE.format(charset="utf-8", label=label, kicker=html.escape(kicker or ""),
                                         photo=_photo("tswb", day, file),
                                         title=html.escape(title), subtitle=html.escape(subtitle or ""),
                                         body=body, page=name)
                (folder / file).write_text(article, "utf-8")


FOUNDER_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{paper}</title></head>
<body>
<div class="pagelist">{pagelist}</div>
<span id="{label_id}">{label}</span>
<map name="PagePicMap">{areas}</map>
<ul>{titles}</ul>
</body></html>
"""


def _story_paragraphs(paragraphs: list[str]) -> str:
    return "".join(p if p.startswith("<table") else f"<p>{html.escape(p)}</p>" for p in paragraphs)


def build_founder(root: Path) -> None:
    """www.founder-daily.test: html/2024-02/05/node_2.htm → content_101_1.htm (the older Founder layout)."""
    folder = root / "html" / "2024-02" / "05"
    folder.mkdir(parents=True, exist_ok=True)
    pages = [("node_2.htm", "第A01版：要闻", ["content_101_1.htm", "content_101_2.htm"]),
             ("node_3.htm", "第A02版：健康", ["content_102_1.htm"])]
    pagelist = " ".join(f'<a href="{name}">{label}</a>' for name, label, _ in pages)
    for name, label, stories in pages:
        areas = "".join(f'<area coords="0,0,1,1" href="{s}">' for s in stories)
        titles = "".join(f'<li><a href="{s}">{s}</a></li>' for s in stories)
        (folder / name).write_text(FOUNDER_PAGE.format(paper="方正测试日报", pagelist=pagelist, label_id="pagename",
                                                       label=label, areas=areas, titles=titles), "utf-8")
    # founder-* elements with a kicker, a subtitle and a photo
    (folder / "content_101_1.htm").write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<span id="pagename">第A01版：要闻</span>
<founder-pretitle>健康中国在行动</founder-pretitle>
<founder-title>市人民医院开通夜间门诊</founder-title>
<founder-subtitle>内科、儿科等六个科室晚间接诊</founder-subtitle>
<founder-content>{_story_paragraphs([
        "本报讯（记者 孙丽 通讯员 周涛）即日起，市人民医院开通夜间门诊，方便上班族就医。",
        '<table class="pic"><tr><td><img src="../../../res/1/20240205/night.jpg"></td></tr>'
        '<tr><td class="caption">夜间门诊就诊的市民。通讯员供图</td></tr></table>',
        "夜间门诊开放时间为每天17时30分至21时。"])}</founder-content>
</body></html>""", "utf-8")
    # no founder-content: the body is div#ozoom; not about health care
    (folder / "content_101_2.htm").write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<founder-title>春节假期全市接待游客创新高</founder-title>
<div id="ozoom">{_story_paragraphs(["本报讯（记者 孙丽）春节假期，全市共接待游客120万人次。", "文旅消费持续升温。"])}</div>
</body></html>""", "utf-8")
    # the older page: the body is only marked by enpcontent comments
    (folder / "content_102_1.htm").write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<table><tr><td class="font01"><founder-title>县疾控中心提醒做好流感防护</founder-title></td></tr>
<tr><td class="font02"><!--enpcontent-->{_story_paragraphs(["（通讯员 周涛）近期流感进入高发期，县疾控中心提醒市民科学防护。", "老年人和儿童可及时接种流感疫苗。"])}<!--/enpcontent--></td></tr></table>
</body></html>""", "utf-8")
    (root / "res" / "1" / "20240205").mkdir(parents=True, exist_ok=True)
    (root / "res" / "1" / "20240205" / "night.jpg").write_bytes(b"\xff\xd8\xff\xd9")


def build_founder_pc(root: Path) -> None:
    """www.founder-pc.test: pc/layout/202402/05/node_A01.html → pc/c/202402/05/content_1234.html (newer Founder)."""
    layout = root / "pc" / "layout" / "202402" / "05"
    articles = root / "pc" / "c" / "202402" / "05"
    layout.mkdir(parents=True, exist_ok=True)
    articles.mkdir(parents=True, exist_ok=True)
    pages = [("node_A01.html", "A01版：要闻", ["content_1234.html", "content_1235.html"]),
             ("node_A02.html", "A02版：民生", ["content_1236.html"])]
    pagelist = " ".join(f'<a href="{name}">{label}</a>' for name, label, _ in pages)
    for name, label, stories in pages:
        titles = "".join(f'<li><a href="../../../c/202402/05/{s}">{s}</a></li>' for s in stories)
        (layout / name).write_text(FOUNDER_PAGE.format(paper="方正新版日报", pagelist=pagelist, label_id="layout-name",
                                                       label=label, areas="", titles=titles), "utf-8")
    stories = {
        "content_1234.html": ("守护生命线", "市急救中心新增十辆负压救护车", None,
                              ["本报讯（记者 韩梅）2月4日，市急救中心新增的十辆负压救护车投入使用。", "全市急救平均反应时间缩短至12分钟。"]),
        "content_1235.html": (None, "新能源公交线路开通", "覆盖城区主要干道",
                              ["本报讯（记者 韩梅）2月5日起，三条新能源公交线路开通运营。"]),
        "content_1236.html": (None, "社区卫生服务中心上门随访", None,
                              ["记者 韩梅 李雷 近日，市南区社区卫生服务中心的家庭医生为辖区老人上门随访。", "随访覆盖高血压、糖尿病患者四百余人。"]),
    }
    for name, (kicker, title, subtitle, paragraphs) in stories.items():
        (articles / name).write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<p id="PreTitle">{kicker or ""}</p><h2 id="Title">{title}</h2><p id="SubTitle">{subtitle or ""}</p>
<div id="ozoom">{_story_paragraphs(paragraphs)}</div>
</body></html>""", "utf-8")


def build_founder_pc_broken_issue(root: Path) -> None:
    """2024-02-06 of www.founder-pc.test: one good story, one story page whose markup has changed (no #Title,
    no #ozoom) and a page that links no story — the crawl must log and count them and go on."""
    layout = root / "pc" / "layout" / "202402" / "06"
    articles = root / "pc" / "c" / "202402" / "06"
    layout.mkdir(parents=True, exist_ok=True)
    articles.mkdir(parents=True, exist_ok=True)
    pagelist = '<a href="node_A01.html">A01版：要闻</a> <a href="node_A02.html">A02版：专版</a>'
    titles = "".join(f'<li><a href="../../../c/202402/06/{s}">{s}</a></li>' for s in ("content_2001.html", "content_2002.html"))
    (layout / "node_A01.html").write_text(FOUNDER_PAGE.format(paper="方正新版日报", pagelist=pagelist, label_id="layout-name",
                                                              label="A01版：要闻", areas="", titles=titles), "utf-8")
    (layout / "node_A02.html").write_text(FOUNDER_PAGE.format(paper="方正新版日报", pagelist=pagelist, label_id="layout-name",
                                                              label="A02版：专版", areas="", titles=""), "utf-8")
    (articles / "content_2001.html").write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<p id="PreTitle"></p><h2 id="Title">市妇幼保健院开设母乳喂养咨询门诊</h2><p id="SubTitle"></p>
<div id="ozoom">{_story_paragraphs(["本报讯（通讯员 周涛）市妇幼保健院母乳喂养咨询门诊近日开诊。"])}</div>
</body></html>""", "utf-8")
    (articles / "content_2002.html").write_text("""<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>
<div class="new-template"><h3>改版后的页面</h3></div>
</body></html>""", "utf-8")


if __name__ == "__main__":
    for src, _ in PHOTOS.values():  # placeholder JPEGs (the crawl records image URLs, it never fetches them)
        image = REPO / "data" / "mirrors" / "epaper.my0538.com" / src.lstrip("/")
        image.parent.mkdir(parents=True, exist_ok=True)
        image.write_bytes(b"\xff\xd8\xff\xd9")
    build_founder_pc_broken_issue(REPO / "tests" / "fixtures" / "sites" / "www.founder-pc.test")
    build_founder(REPO / "tests" / "fixtures" / "sites" / "www.founder-daily.test")
    build_founder_pc(REPO / "tests" / "fixtures" / "sites" / "www.founder-pc.test")
    build_taian(REPO / "data" / "mirrors" / "epaper.my0538.com")
    build_tswb(REPO / "data" / "mirrors" / "epaper.my0538.com")
