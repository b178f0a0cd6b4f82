"""Print-layout repair: seed 000 against the hand-written expected text, a table of the damage kinds,
split_page on seed 000, and a round-trip property test (clean → damaged like print → repaired)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hospitalnews.extract.printlayout import display_width, headline_fields, lead_title, repair_print_text, split_page

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "epaper"
SEED = (FIXTURES / "seed_000.txt").read_text("utf-8")


def test_seed_000_repaired_to_the_hand_written_text():
    expected = (FIXTURES / "seed_000.repaired.txt").read_text("utf-8").rstrip("\n")
    assert repair_print_text(SEED) == expected


def test_seed_000_repair_loses_and_reorders_nothing():
    assert re.sub(r"\s", "", repair_print_text(SEED)) == re.sub(r"\s", "", SEED)


@pytest.mark.parametrize("damaged, repaired", [
    # justification spacing, CJK↔digit spacing
    ("总 结 分 析 2023 年 度 安 全 生 产 工作。", "总结分析2023年度安全生产工作。"),
    # spaces next to full-width punctuation and book-title marks
    ("认真履行 《中华人民共和国献血法》 赋予的职责。", "认真履行《中华人民共和国献血法》赋予的职责。"),
    # a word space between two CJK words survives (bylines, two-part headlines); Latin spaces too
    ("（记者 张三 李四）", "（记者 张三 李四）"),
    ("使用 PET CT 检 查 患 者。", "使用PET CT检查患者。"),
    # hard wraps joined; a Latin word split from the next by a wrap gets its space back
    ("医院引进了PET\nCT设备，投入使用。", "医院引进了PET CT设备，投入使用。"),
    # a blank line after an unfinished line is a column break: one paragraph
    ("以 制 度 促 进 整\n\n改，进一步明确。", "以制度促进整改，进一步明确。"),
    # a blank line after a finished sentence is a paragraph break
    ("第一段到此结束。\n\n第二段开始了。", "第一段到此结束。\n第二段开始了。"),
    # a short finished line with no blank line after it still ends its paragraph
    ("时代医院高质量发展新局面作出新\n\n的更大贡献。\n会上，医院相关负责人与科室\n\n负责人代表签订了责任书。",
     "时代医院高质量发展新局面作出新的更大贡献。\n会上，医院相关负责人与科室负责人代表签订了责任书。"),
    # a column-wide finished line inside a paragraph is just a wrap
    ("他说这是第一个句子。第二个句\n子开始了。第三个句子在这里\n结束。", "他说这是第一个句子。第二个句子开始了。第三个句子在这里结束。"),
    # headline lines after a story stay, each its own paragraph; 本报讯 starts a paragraph
    ("全文完。\n\n标题 第二部分\n\n副标题一行\n\n本报讯 （记者 王五） 新故事。", "全文完。\n标题 第二部分\n副标题一行\n本报讯（记者 王五）新故事。"),
    # a headline may hold a comma
    ("报告会召开。\n\n革故鼎新，凝心聚力\n\n本报讯 （记者 王五） 新故事。", "报告会召开。\n革故鼎新，凝心聚力\n本报讯（记者 王五）新故事。"),
    # a one-line block after a finished paragraph that the text then continues is no headline
    ("上一段结束。\n\n市政协对我市无偿献血工作取得\n\n的显著成绩给予肯定。", "上一段结束。\n市政协对我市无偿献血工作取得的显著成绩给予肯定。"),
    # a byline on a line of its own opens the story under it
    ("上一篇到此结束。\n\n记者 张三 李四\n\n近日，市立医院开 展 义 诊。", "上一篇到此结束。\n记者 张三 李四 近日，市立医院开展义诊。"),
    ("（通讯员 张男）\n近日，市中医医院开展义诊。", "（通讯员 张男）近日，市中医医院开展义诊。"),
    ("", ""),
])
def test_repair_table(damaged, repaired):
    assert repair_print_text(damaged) == repaired


def test_split_page_seed_000_three_stories():
    stories = split_page(SEED, paper="泰安日报", date="2024-02-05")
    expected_paragraphs = (FIXTURES / "seed_000.repaired.txt").read_text("utf-8").splitlines()
    assert [(s["title"], s["kicker"], s["subtitle"]) for s in stories] == [
        ("市肿瘤防治院召开安全生产述职承诺报告会", None, None),   # headline not on this page: lead clause
        ("凯歌高奏催奋进 万象更新谱新篇", None, "市中医医院召开第十一届五次职工代表大会"),
        ("开展临床用血调研 筑牢“红色生命线”", None, "市政协一行到市中心血站进行调研指导"),
    ]
    assert [s["title_from_lead"] for s in stories] == [True, False, False]
    assert [s["authors"] for s in stories] == [
        [{"name": "颜凯", "role": "记者"}, {"name": "吕士琴", "role": "通讯员"}],
        [{"name": "颜凯", "role": "记者"}, {"name": "张男", "role": "通讯员"}],
        [{"name": "于冰冰", "role": "记者"}, {"name": "马克", "role": "通讯员"}],
    ]
    assert [s["captions"] for s in stories] == [[], [], ["调研组观摩调研成分血制备流程。"]]
    # bodies: the repaired paragraphs, byline cut off the first one, headlines and credit moved out
    bodies = [expected_paragraphs[0:3], expected_paragraphs[3:9], expected_paragraphs[11:14]]
    for story, paragraphs in zip(stories, bodies):
        first = re.sub(r"^本报讯（[^）]*）", "", paragraphs[0])
        assert story["content"] == "\n".join([first, *paragraphs[1:]])
    assert stories[0]["content"].startswith("近日，市肿瘤防治院召开")
    assert all(s["source"] == s["site_name"] == "泰安日报" and s["publish_time_raw"] == "2024-02-05" for s in stories)


def test_split_page_headlines_above_the_first_story_are_kept():
    page = "市立医院开展义诊\n\n本报讯（记者 王五） 市立医院开 展 义 诊。"
    [story] = split_page(page, paper="泰安日报", date="2024-02-05")
    assert (story["title"], story["title_from_lead"], story["content"]) == ("市立医院开展义诊", False, "市立医院开展义诊。")
    assert story["authors"] == [{"name": "王五", "role": "记者"}]


@pytest.mark.parametrize("lines, fields", [
    (["主题"], {"title": "主题", "kicker": None, "subtitle": None}),
    (["主题", "副题"], {"title": "主题", "kicker": None, "subtitle": "副题"}),
    (["引题", "主题", "副题"], {"title": "主题", "kicker": "引题", "subtitle": "副题"}),
    ([], {"title": None, "kicker": None, "subtitle": None}),
])
def test_headline_fields(lines, fields):
    assert headline_fields(lines) == fields


def test_display_width_counts_ascii_as_half():
    assert display_width("作，并就2024 年") == 7.0


# -- round trip ------------------------------------------------------------------------------------

# Characters of ordinary news prose (no 讯/摄/供: those would make story starts or photo credits).
_HANZI = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
_CLAUSE_MARKS = "，，，、；："
_SENTENCE_ENDS = ["。", "。", "！", "？", "。”"]
_ASCII_WORDS = ["2024", "230", "6S", "CT", "PET CT", "ICU", "5G"]


def _sentence(rng: random.Random) -> list[str]:
    """A sentence as units: one CJK character, one punctuation mark, or one ASCII run each."""
    units: list[str] = []
    for c in range(rng.randint(1, 3)):
        if c:
            units.append(rng.choice(_CLAUSE_MARKS))
        for _ in range(rng.randint(3, 12)):
            if rng.random() < 0.06:
                units.extend(rng.choice(_ASCII_WORDS).split(" ") if rng.random() < 0.5 else [rng.choice(_ASCII_WORDS).replace(" ", "")])
            else:
                units.append(rng.choice(_HANZI))
    if units[0].isascii():
        units.insert(0, rng.choice(_HANZI))
    # Two bare numbers side by side ("230 230") cannot survive a wrap between them: a wrapped number
    # joins without a space (20 / 24年 → 2024年). Real text puts a word between them.
    for i in range(len(units) - 1, 0, -1):
        if units[i].isdigit() and units[i - 1].isdigit():
            units.insert(i, rng.choice(_HANZI))
    units.extend(rng.choice(_SENTENCE_ENDS))  # "。”" → two units
    return units


def _render(units: list[str]) -> str:
    """Units as clean text: a space only between two ASCII runs."""
    out = ""
    for prev, unit in zip([None, *units], units):
        if prev is not None and prev.isascii() and unit.isascii():
            out += " "
        out += unit
    return out


_NO_LINE_START = set("，、；：。！？”")


def _wrap(units: list[str], width: int) -> list[list[str]]:
    """Lines of at most ``width`` em; like print, closing punctuation never starts a line."""
    lines: list[list[str]] = [[]]
    for unit in units:
        if lines[-1] and display_width("".join(lines[-1]) + unit) > width and unit not in _NO_LINE_START:
            lines.append([])
        lines[-1].append(unit)
    return lines


def _damage_line(units: list[str], rng: random.Random, *, justify: bool) -> str:
    """One printed line: letter-spaced when justified, else random spaces at punctuation and digits."""
    out = ""
    for prev, unit in zip([None, *units], units):
        if prev is not None:
            ascii_pair = prev.isascii() and unit.isascii()
            at_mark = not ascii_pair and (prev.isascii() or unit.isascii() or not prev.isalpha() or not unit.isalpha())
            if ascii_pair:
                out += " " * rng.randint(1, 2)
            elif justify or (at_mark and rng.random() < 0.5):
                out += " " * rng.randint(1, 3)
        out += unit
    return out


def damage(paragraphs: list[list[str]], rng: random.Random) -> str:
    """Clean paragraphs (as units) → text as a PDF text layer gives it."""
    width = rng.randint(10, 16)
    chunks: list[str] = []
    for p, units in enumerate(paragraphs):
        lines = _wrap(units, width)
        text = ""
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            # print justifies every line but a paragraph's last one
            text += _damage_line(line, rng, justify=not last and rng.random() < 0.4)
            if last:
                break
            unfinished = not re.search(r"[。！？]”?$", "".join(line))
            # a column or page ends after a full line that does not end a sentence
            text += "\n\n" if unfinished and rng.random() < 0.15 else "\n"
        chunks.append(text)
        if p < len(paragraphs) - 1:
            short = display_width("".join(lines[-1])) <= 0.4 * width
            chunks.append("\n" if short and rng.random() < 0.5 else "\n" + "\n" * rng.randint(1, 2))
    return "".join(chunks)


@settings(max_examples=300, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_round_trip_clean_damaged_repaired(seed):
    rng = random.Random(seed)
    paragraphs = []
    for _ in range(rng.randint(1, 5)):
        units: list[str] = []
        while len(units) < 40:
            units += _sentence(rng)
        paragraphs.append(units)
    clean = "\n".join(_render(units) for units in paragraphs)
    damaged = damage(paragraphs, rng)
    assert repair_print_text(damaged) == clean, damaged


def test_split_page_a_headline_with_a_comma_is_still_a_headline():
    page = "本报讯（记者 王五）报告会召开。\n\n革故鼎新，凝心聚力\n\n本报讯（记者 赵六）新故事。"
    stories = split_page(page, paper="泰安日报", date="2024-02-05")
    assert [(s["title"], s["content"]) for s in stories] == [
        ("革故鼎新，凝心聚力", "报告会召开。"), ("新故事", "新故事。")]


@pytest.mark.parametrize("content, title", [
    ("近日，市肿瘤防治院召开安全生产述职承诺报告会，总结分析。", "市肿瘤防治院召开安全生产述职承诺报告会"),
    ("2月2日上午，市中医医院职工代表大会召开。\n第二段。", "市中医医院职工代表大会召开"),
    ("新故事。", "新故事"),
    ("", None),
])
def test_lead_title(content, title):
    assert lead_title(content) == title
