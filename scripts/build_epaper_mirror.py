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
<div class="pageName">{label}</div>
<div class="pagelist">{pagelist}</div>
<map name="PagePicMap">{areas}</map>
<ul class="titlelist">{titles}</ul>
</body></html>
"""

ARTICLE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"><title>{title}</title></head>
<body>
<div class="pageName">{label}</div>
<table class="article">
<tr><td class="yinti">{kicker}</td></tr>
<tr><td class="biaoti">{title}</td></tr>
<tr><td class="futi">{subtitle}</td></tr>
</table>
<div id="ozoom">{body}</div>
<div class="back"><a href="{page}">返回版面</a></div>
</body></html>
"""


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
            (folder / name).write_bytes(page.encode(charset))
            for file, kicker, title, subtitle, lines in stories:
                body = "<br>\n".join(html.escape(line) for line in lines)
                article = ARTICLE.format(charset=charset, label=label, kicker=html.escape(kicker or ""),
                                         title=html.escape(title), subtitle=html.escape(subtitle or ""),
                                         body=body, page=name)
                (folder / file).write_bytes(article.encode(charset))


# 泰山晚报 (the sister paper, tswb): its article pages carry real <p> paragraphs, not a print text layer.
TSWB = {
    "20240205": [("Page05YF.htm", "第05版：健康生活", [
        ("Articel05001YF.htm", None, "市第一人民医院开展冬季健康义诊", None, [
            "记者 张三 李四 近日，市第一人民医院组织专家在社区开展冬季健康义诊，为居民免费测量血压血糖。",
            '<img src="/epaper/tswb/res/20240205/yizhen.jpg"><br>义诊现场。记者 张三 摄',
            "活动共服务居民三百余人次。"]),
        ("Articel05002YF.htm", None, "冬季赏雪好去处", None, [
            "近日，泰山迎来今冬第一场雪，吸引众多游客前来观赏。"]),
    ])],
}

TSWB_ARTICLE = ARTICLE.replace("{body}", "{paragraphs}")


def build_tswb(root: Path) -> None:
    for day, pages in TSWB.items():
        folder = root / "epaper" / "tswb" / "content" / day
        folder.mkdir(parents=True, exist_ok=True)
        pagelist = " ".join(f'<a href="{name}">{html.escape(label)}</a>' for name, label, _ in pages)
        for name, label, stories in pages:
            titles = "".join(f'<li><a href="{s[0]}">{html.escape(s[2])}</a></li>' for s in stories)
            page = PAGE.format(charset="utf-8", date_cn=day, label=label, pagelist=pagelist, areas="", titles=titles)
            (folder / name).write_text(page, "utf-8")
            for file, kicker, title, subtitle, paragraphs in stories:
                body = "".join(f"<p>{p if p.startswith('<img') else html.escape(p)}</p>" for p in paragraphs)
                article = TSWB_ARTICLE.format(charset="utf-8", label=label, kicker=html.escape(kicker or ""),
                                              title=html.escape(title), subtitle=html.escape(subtitle or ""),
                                              paragraphs=body, page=name)
                (folder / file).write_text(article, "utf-8")


if __name__ == "__main__":
    build_taian(REPO / "data" / "mirrors" / "epaper.my0538.com")
    build_tswb(REPO / "data" / "mirrors" / "epaper.my0538.com")
