"""Newspaper bylines and photo credits (issue 4): authors with roles, byline cut from the paragraph."""

import pytest

from hospitalnews.extract.bylines import parse_byline, parse_photo_credit

JI, TONG = "记者", "通讯员"


@pytest.mark.parametrize("paragraph, authors, rest", [
    ("本报讯 （记者 颜凯 通讯员 吕士琴） 近日，市肿瘤防治院召开会议。",
     [("颜凯", JI), ("吕士琴", TONG)], "近日，市肿瘤防治院召开会议。"),
    ("本报讯（记者 于冰冰 通讯员 马克）为保障我市春节期间临床医疗用血。",
     [("于冰冰", JI), ("马克", TONG)], "为保障我市春节期间临床医疗用血。"),
    # repaired print text: the wrap glued a role word to its name
    ("本报讯（记者 颜凯 通讯员吕士琴）近日，会议召开。", [("颜凯", JI), ("吕士琴", TONG)], "近日，会议召开。"),
    # still wrapped: the line break inside 通讯员 / inside a name
    ("本报讯 （记者 于冰冰 通讯\n员 马克） 为保障用血。", [("于冰冰", JI), ("马克", TONG)], "为保障用血。"),
    ("本报讯（记者 颜凯 通讯员 张\n男） 2月2日上午，大会召开。", [("颜凯", JI), ("张男", TONG)], "2月2日上午，大会召开。"),
    ("记者 张三 李四 近日，市立医院开展义诊。", [("张三", JI), ("李四", JI)], "近日，市立医院开展义诊。"),
    ("（通讯员 张男） 近日，市中医医院开展义诊。", [("张男", TONG)], "近日，市中医医院开展义诊。"),
    ("本报泰安2月2日讯（记者 王五）市妇幼保健院开诊。", [("王五", JI)], "市妇幼保健院开诊。"),
    # no byline: unchanged
    ("近日，市中心血站召开会议。", [], "近日，市中心血站召开会议。"),
    ("记者从市卫生健康委获悉，全市医院开展义诊。", [], "记者从市卫生健康委获悉，全市医院开展义诊。"),
])
def test_parse_byline(paragraph, authors, rest):
    assert parse_byline(paragraph) == ([{"name": n, "role": r} for n, r in authors], rest)


@pytest.mark.parametrize("line, expected", [
    ("调研组观摩调研成分血制备流程。 通讯员供图", ("调研组观摩调研成分血制备流程。", [])),
    ("通讯员供图", (None, [])),
    ("记者 张三 摄", (None, [("张三", "摄影")])),
    ("义诊现场。（记者 张三 李四 摄）", ("义诊现场。", [("张三", "摄影"), ("李四", "摄影")])),
    ("会议现场。记者 张三摄", ("会议现场。", [("张三", "摄影")])),
    ("张三/摄", (None, [("张三", "摄影")])),
    ("我们一起拍摄", None),
    ("市政协一行到市中心血站进行调研指导", None),
])
def test_parse_photo_credit(line, expected):
    got = parse_photo_credit(line)
    if expected is None:
        assert got is None
    else:
        assert got == (expected[0], [{"name": n, "role": r} for n, r in expected[1]])
