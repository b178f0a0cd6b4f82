import pytest

from hospitalnews.extract.bylines import authors_from_credits, parse_byline, split_names
from hospitalnews.extract.metaline import parse_meta_line


@pytest.mark.parametrize(
    ("line", "time", "source", "views"),
    [
        ("发布时间:2023-01-28 09:17:57本文来源: 阅读次数:0", "2023-01-28 09:17:57", "", "0"),
        ("发布时间:2018-06-12 08:42:58本文来源: 院长办公室阅读次数:0", "2018-06-12 08:42:58", "院长办公室", "0"),
        ("发布时间：2024-3-18 8:55:27", "2024-3-18 8:55:27", None, None),
        ("来源：健康报 | 发布日期：2023-05-06 | 点击：1,234次 | 字号：大 中 小", "2023-05-06", "健康报", "1,234次"),
        ("【时间：2023-05-06 14:30】【来源：本站】【阅读量：1.2万】", "2023-05-06 14:30", "本站", "1.2万"),
        ("作者：张三 浏览次数：88", None, None, "88"),
        ("发布时间：2024-08-05 15:00　来源：人事科　扫一扫在手机打开当前页", "2024-08-05 15:00", "人事科", None),
        ("来源：医务部【打印】【关闭】", None, "医务部", None),
    ],
)
def test_parse_meta_line(line, time, source, views):
    meta = parse_meta_line(line)
    assert (meta.publish_time_raw, meta.source_raw, meta.view_count_raw) == (time, source, views)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("作者：张三 李四", [("张三", "作者"), ("李四", "作者")]),
        ("作者：文/张三 图/李四", [("张三", "作者"), ("李四", "摄影")]),
        ("撰稿：王五 摄影：赵六 编辑：钱七 审核：孙八",
         [("王五", "作者"), ("赵六", "摄影"), ("钱七", "编辑"), ("孙八", "审核")]),
        ("责任编辑：周九", [("周九", "编辑")]),
        ("发布时间：2023-05-06", []),
    ],
)
def test_authors_from_meta_line_credits(line, authors):
    found = authors_from_credits(parse_meta_line(line).credits)
    assert [(a["name"], a["role"]) for a in found] == authors


@pytest.mark.parametrize(
    ("paragraph", "authors", "rest"),
    [
        ("本报讯 （记者 颜凯 通讯员 吕士琴） 近日，市肿瘤防治院召开",
         [("颜凯", "记者"), ("吕士琴", "通讯员")], "近日，市肿瘤防治院召开"),
        ("本报讯（记者 于冰冰 通讯员 马克） 为保障我市", [("于冰冰", "记者"), ("马克", "通讯员")], "为保障我市"),
        ("（通讯员 张男） 2月2日上午", [("张男", "通讯员")], "2月2日上午"),
        ("本网讯（通讯员 王晓 刘洋） 12月28日，", [("王晓", "通讯员"), ("刘洋", "通讯员")], "12月28日，"),
        ("近日（据悉）我院召开会议", [], "近日（据悉）我院召开会议"),
    ],
)
def test_parse_byline(paragraph, authors, rest):
    found, remainder = parse_byline(paragraph)
    assert [(a["name"], a["role"]) for a in found] == authors
    assert remainder == rest


def test_split_names():
    assert split_names("张三、李四 王五和赵六六") == ["张三", "李四", "王五", "赵六六"]
