"""The kind blind batch 242–253 found (docs/extraction.md, "Blind batches"): meta items separated by the
bar-like characters templates print instead of "|" (box drawing │ ┃, the CJK stroke 丨, ︱, ∣)."""

from __future__ import annotations

import pytest

from hospitalnews.extract.article import extract_article
from hospitalnews.extract.metaline import parse_meta_line


@pytest.mark.parametrize("bar", ["│", "┃", "丨", "︱", "∣", "|", "｜"])
@pytest.mark.parametrize("spacing", ["{}", " {} ", "\u3000{}\u3000"])
def test_a_bar_ends_the_value_before_it(bar, spacing):
    line = f"来源：党委办公室{spacing.format(bar)}作者：张三{spacing.format(bar)}发布时间：2024-06-28 10:15"
    meta = parse_meta_line(line)
    assert meta.source_raw == "党委办公室"
    assert ("作者", "张三") in meta.credits
    assert meta.publish_time_raw.startswith("2024-06-28")


@pytest.mark.parametrize("bar", ["│", "丨"])
def test_a_trailing_bar_is_no_part_of_the_source(bar):
    assert parse_meta_line(f"来源：宣传科 {bar}").source_raw == "宣传科"


def test_a_detail_page_with_a_box_drawing_bar_meta_line():
    page = ("<html><head><title>我院召开党风廉政建设工作会议_东岳市人民医院</title></head><body>"
            "<div class='article'><div class='art-tit'>我院召开党风廉政建设工作会议</div>"
            "<div class='art-info'>来源：党委办公室 │ 发布时间：2024-06-28 10:15 │ 浏览：356</div>"
            "<div class='art-con'><p>6月27日下午，我院召开2024年党风廉政建设工作会议，院领导班子成员、各党支部书记参加会议。</p>"
            "<p>会议传达学习了上级有关文件精神，总结了上半年工作，部署了下一阶段重点任务。</p></div></div></body></html>")
    fields = extract_article(page.encode(), "http://www.dyrmyy.test/dj/2024/0628/1234.html")
    assert fields["source"] == "党委办公室"
    assert fields["view_count"] == 356
    assert fields["publish_time"] == "2024-06-28T10:15:00+08:00"
