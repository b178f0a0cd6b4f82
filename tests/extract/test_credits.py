"""The credit grammar (issue 8): role labels, names with role characters, every position credits take."""

import pytest

from hospitalnews.extract.bylines import (authors_from_credits, parse_byline, parse_closing_byline,
                                          parse_photo_credit, split_names)
from hospitalnews.extract.credits import is_credit_line, normalise_spaced_labels, parse_credits
from hospitalnews.extract.metaline import parse_meta_line

NBSP = "\u00a0"


def pairs(authors):
    return [(a["name"], a["role"]) for a in authors]


@pytest.mark.parametrize("line, authors", [
    # the role lexicon
    ("作者：张三", [("张三", "作者")]),
    ("图文:王晓燕", [("王晓燕", "作者")]),
    ("文/张晓", [("张晓", "作者")]),
    ("图/刘明", [("刘明", "摄影")]),
    ("文/图：韩冰", [("韩冰", "作者")]),
    ("摄影：石磊", [("石磊", "摄影")]),
    ("撰稿人：宋佳", [("宋佳", "作者")]),
    ("实习生 林琳", [("林琳", "实习生")]),
    ("一审:李红", [("李红", "审核")]),
    ("二审：赵敏", [("赵敏", "审核")]),
    ("三审：张强", [("张强", "审核")]),
    ("审核人：冯涛", [("冯涛", "审核")]),
    ("编辑人：罗兰", [("罗兰", "编辑")]),
    ("责编：邓丽　校对：何平", [("邓丽", "编辑"), ("何平", "校对")]),
    ("一校：许敏", [("许敏", "校对")]),
    ("三校：彭飞", [("彭飞", "校对")]),
    ("融媒体记者:刘畅", [("刘畅", "记者")]),
    ("见习记者：韩雪", [("韩雪", "记者")]),
    ("晚报记者 李想 通讯员 王娜", [("李想", "记者"), ("王娜", "通讯员")]),
    ("职工通讯员 王小明 李红", [("王小明", "通讯员"), ("李红", "通讯员")]),
    # names holding the characters of role labels
    ("作者：王文杰", [("王文杰", "作者")]),
    ("记者 文明", [("文明", "记者")]),
    ("文/李文华 图/王图", [("李文华", "作者"), ("王图", "摄影")]),
    ("审核：谭图强", [("谭图强", "审核")]),
    ("责任编辑：范文", [("范文", "编辑")]),
    # letter-spaced labels and names
    ("审" + NBSP * 7 + "核:孙" + NBSP * 4 + "磊", [("孙磊", "审核")]),
    ("作　者：周　洁", [("周洁", "作者")]),
    ("审　　核：郑　洁", [("郑洁", "审核")]),
    # departments fused to names, placeholders
    ("撰稿：医联办王晓燕　编辑：宣传科刘洋", [("王晓燕", "作者"), ("刘洋", "编辑")]),
    ("作者：儿科 刘敏", [("刘敏", "作者")]),
    ("作者：团委", [("团委", "作者")]),
    ("作者：东岳日报社", [("东岳日报社", "作者")]),
    ("作者：东岳市卫生健康委员会", [("东岳市卫生健康委员会", "作者")]),
    ("作者：admin", []),
    ("作者：本站 编辑：未知", []),
    # suppliers: a department, nobody
    ("药学党支部、药学部供稿  摄影/张华  编辑/赵敏", [("张华", "摄影"), ("赵敏", "编辑")]),
    ("心内科供稿", []),
    ("供稿：宣传科", []),
    # closing labels
    ("□记者　周航　通讯员　吴倩　报道", [("周航", "记者"), ("吴倩", "通讯员")]),
    ("■本报记者 林峰 文/图", [("林峰", "记者")]),
    ("胡杰 摄", [("胡杰", "摄影")]),
    ("张华/摄", [("张华", "摄影")]),
    ("记者 张三 李四 摄", [("张三", "摄影"), ("李四", "摄影")]),
    ("文字：吕欣 | 摄影：石磊 | 责任编辑：范文 | 审核：谭图强",
     [("吕欣", "作者"), ("石磊", "摄影"), ("范文", "编辑"), ("谭图强", "审核")]),
    ("（撰稿：李四 审核：王五）", [("李四", "作者"), ("王五", "审核")]),
    ("王五和赵六 摄", [("王五", "摄影"), ("赵六", "摄影")]),
    ("文字：韩梅 摄影：郭峰 视频：罗丹", [("韩梅", "作者"), ("郭峰", "摄影"), ("罗丹", "摄像")]),
    ("摄像：马力 剪辑：孔文", [("马力", "摄像"), ("孔文", "编辑")]),
])
def test_credit_lines(line, authors):
    assert pairs(parse_credits(line)) == authors
    assert is_credit_line(line)


@pytest.mark.parametrize("line", [
    "近日，会议召开。",
    "张三",                                  # a bare name is no credit
    "记者从市卫生健康委获悉",                  # 记者 opening a sentence
    "记者从市卫生健康委获悉，全市医院开展义诊。",
    "我们一起拍摄",
    "编辑部地址：东岳市健康路1号",
    "审核通过后，患者即可办理出院手续。",
    "作者简介：张三，主任医师，从事心血管内科临床工作20余年。",
    "图1 手术现场",
    "联系人：张三",                          # an unknown label: a name never takes a colon
    "编辑：王五 联系人：张三",
    "",
    "记" * 1000,
])
def test_not_credit_lines(line):
    assert parse_credits(line) is None
    assert not is_credit_line(line)


def test_spaced_labels_only_join_known_labels():
    assert normalise_spaced_labels("审　　核：孙磊") == "审核：孙磊"
    assert normalise_spaced_labels("来　源：护理部") == "来源：护理部"
    assert normalise_spaced_labels("张　三：你好") == "张　三：你好"


@pytest.mark.parametrize("line, authors", [
    ("作者：王文杰 来源：本站", [("王文杰", "作者")]),
    ("发布时间：2024年03月15日 10:20　来源：护理部　文/李文华 图/王图", [("李文华", "作者"), ("王图", "摄影")]),
    ("作者：记者 王凯", [("王凯", "记者")]),
    ("作者：admin　来源：本站　编辑：未知", []),
    ("一审：李红 二审：赵敏 三审：张强", [("李红", "审核"), ("赵敏", "审核"), ("张强", "审核")]),
    ("作　者：周洁　审　　核：孙磊", [("周洁", "作者"), ("孙磊", "审核")]),
])
def test_meta_line_credits(line, authors):
    assert pairs(authors_from_credits(parse_meta_line(line).credits)) == authors


def test_letter_spaced_meta_labels():
    meta = parse_meta_line("来　源：门诊部　　发布时间：2024-04-08 09:00")
    assert (meta.source_raw, meta.publish_time_raw) == ("门诊部", "2024-04-08 09:00")


@pytest.mark.parametrize("paragraph, authors, rest", [
    ("本报讯（记者 文明 通讯员 王海涛）6月1日上午，义诊开始。", [("文明", "记者"), ("王海涛", "通讯员")], "6月1日上午，义诊开始。"),
    ("东岳晚报讯（晚报记者 李想 通讯员 王娜）近日，手术成功。", [("李想", "记者"), ("王娜", "通讯员")], "近日，手术成功。"),
    ("新华社北京1月5日电（记者 张三）会议召开。", [("张三", "记者")], "会议召开。"),
    ("东岳日报报道（记者 刘洋 通讯员 何静）近日，会议召开。", [("刘洋", "记者"), ("何静", "通讯员")], "近日，会议召开。"),
    ("（职工通讯员 王小明 李红）为提升技术水平，大赛举行。", [("王小明", "通讯员"), ("李红", "通讯员")], "为提升技术水平，大赛举行。"),
    ("□记者　周航　通讯员　吴倩　报道", [("周航", "记者"), ("吴倩", "通讯员")], ""),
    ("■本报记者 林峰 文/图", [("林峰", "记者")], ""),
    ("本报讯 记者 张三 报道 近日，义诊举行。", [("张三", "记者")], "近日，义诊举行。"),
    ("记者 张三 李四 近日，市立医院开展义诊。", [("张三", "记者"), ("李四", "记者")], "近日，市立医院开展义诊。"),
    ("东岳网讯 元宵至，庆团圆。", [], "东岳网讯 元宵至，庆团圆。"),
    ("文明就医，从我做起。", [], "文明就医，从我做起。"),
])
def test_leading_bylines(paragraph, authors, rest):
    found, remainder = parse_byline(paragraph)
    assert (pairs(found), remainder) == (authors, rest)


@pytest.mark.parametrize("paragraph, authors, rest", [
    ("活动现场洋溢着浓浓的节日氛围，共庆佳节。（记者 孙悦 通讯员 钱程）", [("孙悦", "记者"), ("钱程", "通讯员")],
     "活动现场洋溢着浓浓的节日氛围，共庆佳节。"),
    ("赢得阵阵掌声。（通讯员 马超 实习生 林琳）", [("马超", "通讯员"), ("林琳", "实习生")], "赢得阵阵掌声。"),
    ("演出精彩纷呈。(文/张三 图/李四)", [("张三", "作者"), ("李四", "摄影")], "演出精彩纷呈。"),
    ("患者可通过医院公众号预约（详见附件）", [], "患者可通过医院公众号预约（详见附件）"),
    ("会议由院长主持。（张三）", [], "会议由院长主持。（张三）"),
])
def test_closing_bracket_bylines(paragraph, authors, rest):
    found, remainder = parse_closing_byline(paragraph)
    assert (pairs(found), remainder) == (authors, rest)


@pytest.mark.parametrize("line, caption, authors", [
    ("骨密度检测现场（胡杰 摄）", "骨密度检测现场", [("胡杰", "摄影")]),
    ("记者 马骏 摄", None, [("马骏", "摄影")]),
    ("义诊现场 张华/摄", "义诊现场", [("张华", "摄影")]),
    ("专家为患者义诊。摄影：石磊", "专家为患者义诊。", [("石磊", "摄影")]),
    ("调研组观摩成分血制备流程。 通讯员供图", "调研组观摩成分血制备流程。", []),
])
def test_photo_credits(line, caption, authors):
    got = parse_photo_credit(line)
    assert got is not None and (got[0], pairs(got[1])) == (caption, authors)


def test_split_names():
    assert split_names("张三、李四 王五和赵六六") == ["张三", "李四", "王五", "赵六六"]
    assert split_names("孙    磊") == ["孙磊"]


@pytest.mark.parametrize("line, caption, authors", [
    ("张三 李四 摄", None, [("张三", "摄影"), ("李四", "摄影")]),
    ("新门诊楼外景 王凯摄", "新门诊楼外景", [("王凯", "摄影")]),
    ("（欧阳娜娜 摄）", None, [("欧阳娜娜", "摄影")]),
])
def test_unlabelled_photo_credits(line, caption, authors):
    got = parse_photo_credit(line)
    assert got is not None and (got[0], pairs(got[1])) == (caption, authors)


@pytest.mark.parametrize("line", ["浏览次数：次", "阅读量： 次 来源：院办", "点击："])
def test_views_label_without_a_number_gives_no_value(line):
    assert parse_meta_line(line).view_count_raw is None


# --- in a page: every credit read leaves `content`, editors keep their roles ---------------------------------
from hospitalnews.extract.article import extract_article  # noqa: E402

PAGE = """<html><head><meta charset="utf-8"><title>我院举办健康讲座_东岳医院</title></head><body>
<div class="article"><h1>我院举办健康讲座</h1><div class="info">发布时间：2024-06-01 10:00</div>
<div class="content">{body}</div></div></body></html>"""
FIRST = "6月1日，我院举办健康讲座，200余名市民参加。"
MIDDLE = "讲座结束后，专家现场解答了市民的问题。"
LAST = "专家们耐心解答，市民纷纷表示受益匪浅。"


@pytest.mark.parametrize("body, authors", [
    # one credit per line at the end
    (f"<p>{FIRST}</p><p>{LAST}</p><p>图文:王晓燕</p><p>一审:李红</p><p>二审:赵敏</p><p>三审:张强</p>",
     [("王晓燕", "作者"), ("李红", "审核"), ("赵敏", "审核"), ("张强", "审核")]),
    # a supplier and credits in one line
    (f"<p>{FIRST}</p><p>{LAST}</p><p>药学部供稿&nbsp; 摄影/张华&nbsp; 编辑/赵敏</p>", [("张华", "摄影"), ("赵敏", "编辑")]),
    # a bracket closing the last paragraph
    (f"<p>{FIRST}</p><p>{LAST}（记者 孙悦 通讯员 钱程）</p>", [("孙悦", "记者"), ("钱程", "通讯员")]),
    # a lead byline, and a byline paragraph of its own
    (f"<p>本报讯（记者 文明 通讯员 王海涛）{FIRST}</p><p>{LAST}</p>", [("文明", "记者"), ("王海涛", "通讯员")]),
    (f"<p>□记者　周航　通讯员　吴倩　报道</p><p>{FIRST}</p><p>{LAST}</p>", [("周航", "记者"), ("吴倩", "通讯员")]),
    # letter-spaced trailing credits
    (f"<p>{FIRST}</p><p>{LAST}</p><p>融媒体记者:刘畅</p><p>责任编辑:陈晨</p><p>审&nbsp;&nbsp;&nbsp;&nbsp;核:孙&nbsp;&nbsp;&nbsp;磊</p>",
     [("刘畅", "记者"), ("陈晨", "编辑"), ("孙磊", "审核")]),
    # a photo credit paragraph in the middle of the body
    (f"<p>{FIRST}</p><p>（胡杰 摄）</p><p>{LAST}</p>", [("胡杰", "摄影")]),
])
def test_credits_leave_the_content(body, authors):
    record = extract_article(PAGE.format(body=body).encode("utf-8"), "http://www.dy.test/news/1.html")
    assert pairs(record["authors"]) == authors
    assert record["content"].split("\n")[0].endswith(FIRST) and record["content"].split("\n")[0].startswith(FIRST[:4])
    assert record["content"].split("\n")[-1] == LAST


def test_dialogue_with_role_words_stays_content():
    body = f"<p>{FIRST}</p><p>记者：好的</p><p>{MIDDLE}</p><p>记者从市卫生健康委获悉，全市医院开展义诊。</p><p>{LAST}</p>"
    record = extract_article(PAGE.format(body=body).encode("utf-8"), "http://www.dy.test/news/1.html")
    assert record["authors"] == []
    assert "记者：好的" in record["content"] and "记者从市卫生健康委获悉" in record["content"]
