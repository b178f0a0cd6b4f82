"""Institution names, the health-topic test and e-paper page labels (pure functions)."""

import pytest

from hospitalnews.extract.institutions import is_health_story, named_institutions
from hospitalnews.extract.pages import page_label


@pytest.mark.parametrize("text, names", [
    ("近日，市肿瘤防治院召开安全生产述职承诺报告会。", ["市肿瘤防治院"]),
    ("市卫生健康委相关负责人对市中医医院2023年各项工作给予高度评价", ["市卫生健康委", "市中医医院"]),
    # a verb or preposition before 市 is not part of the name
    ("有关负责人到市中心血站进行调研，市卫生健康委医政科及市中心血站主要负责人参加", ["市中心血站", "市卫生健康委"]),
    ("联合市急救中心打造区域协同救治网络", ["市急救中心"]),
    ("泰安市中心医院、山东省立医院和岱岳区妇幼保健院", ["泰安市中心医院", "山东省立医院", "岱岳区妇幼保健院"]),
    ("县疾控中心提醒市民科学防护", ["县疾控中心"]),
    # generic mentions are no names
    ("深化六型医院聚合力，为医院高质量发展保驾护航，开创新时代医院发展新局面", []),
    ("泰山景区迎来春节客流高峰", []),
])
def test_named_institutions(text, names):
    assert named_institutions(text) == names


@pytest.mark.parametrize("text, health", [
    ("市中心血站开展无偿献血宣传", True),
    ("岱岳区妇幼保健院开设孕妇学校", True),
    ("乡镇卫生院送医下乡", True),
    ("泰山景区迎来春节客流高峰", False),
    ("我市召开2024年重点项目建设推进会", False),
])
def test_is_health_story(text, health):
    assert is_health_story(text) is health


@pytest.mark.parametrize("text, label", [
    ("第A3版：健康", "A3 健康"),
    ("第A03版：健康", "A3 健康"),
    ("A03版 健康", "A3 健康"),
    ("第05版:健康生活", "5 健康生活"),
    ("第B2版", "B2"),
    ("健康周刊", "健康周刊"),
    ("", None),
    (None, None),
])
def test_page_label(text, label):
    assert page_label(text) == label
