"""Authors with roles, from credit fields (``作者：张三``) and newspaper bylines (``本报讯（记者 颜凯 通讯员 吕士琴）``)."""

from __future__ import annotations

import re

# The role each credit word stands for in the archive's ``authors[].role``.
ROLE_OF = {
    "作者": "作者", "原作者": "作者", "文": "作者", "文字": "作者", "图文": "作者", "文图": "作者", "撰稿": "作者", "撰文": "作者",
    "记者": "记者", "本报记者": "记者", "见习记者": "记者", "特约记者": "记者",
    "通讯员": "通讯员", "特约通讯员": "通讯员",
    "摄影": "摄影", "图": "摄影", "图片": "摄影", "摄像": "摄像", "供图": "供图",
    "编辑": "编辑", "责任编辑": "编辑", "责编": "编辑", "美编": "编辑",
    "审核": "审核", "审稿": "审核", "初审": "审核", "复审": "审核", "终审": "审核",
    "校对": "校对",
}
_ROLE_WORDS = sorted(ROLE_OF, key=len, reverse=True)
_ROLE_PATTERN = "|".join(_ROLE_WORDS)
_ROLE_TOKEN = re.compile(rf"({_ROLE_PATTERN})\s*[:：/／]?\s*")
_NAME_SEPARATORS = re.compile(r"[\s、,，;；/／|]+|(?<=[\u4e00-\u9fff]{2})和(?=[\u4e00-\u9fff]{2})")
# A leading newspaper byline: 本报讯（记者 颜凯 通讯员 吕士琴）, 本报泰安2月2日讯（…）, （通讯员 张男）.
_LEADING_BYLINE = re.compile(
    r"^\s*(?P<tag>(?:本报|本台|本网|新华社|[\u4e00-\u9fff]{2,6}网)?[^\s（(。，]{0,12}讯)?\s*"
    r"[（(](?P<credits>[^）)]{1,80})[）)]\s*"
)
_LEADING_REPORTER = re.compile(rf"^\s*(?:本报讯\s*)?(?P<credits>(?:{_ROLE_PATTERN})\s*[\u4e00-\u9fff]{{2,4}}(?:\s+[\u4e00-\u9fff]{{2,4}})*)\s+")
_NAME = re.compile(r"^[\u4e00-\u9fff·A-Za-z]{1,12}$")


# A department credited beside a person (作者：儿科 刘敏) is where the person works, not an author.
_DEPARTMENT = re.compile(r"(?:科|室|部|处|中心|办|病区|医院)$")


# What CMSs print when nobody is credited: 作者：佚名 / 未知 / admin.
_PLACEHOLDER = re.compile(r"^(?:佚名|未知|不详|匿名|无|暂无|admin|administrator|管理员|系统管理员|超级管理员|网站管理员|本站|本网|编辑部)$",
                          re.IGNORECASE)


def split_names(value: str) -> list[str]:
    """``张三、李四`` / ``张三 李四`` / ``张三和李四`` → ``["张三", "李四"]``; ``儿科 刘敏`` → ``["刘敏"]``."""
    names = [name for name in _NAME_SEPARATORS.split(value.strip())
             if name and _NAME.match(name) and not _PLACEHOLDER.match(name)]
    people = [name for name in names if not _DEPARTMENT.search(name)]
    return people if people and len(people) < len(names) else names


def authors_from_credits(credits: list[tuple[str, str]]) -> list[dict]:
    """``[("作者", "张三 李四"), ("编辑", "王五")]`` → authors with roles, page order, no repeats."""
    authors: list[dict] = []
    for label, value in credits:
        role = ROLE_OF.get(label, label)
        # A credit value can itself hold more roles: 作者：文/张三 图/李四.
        inner = parse_credit_text(value) if _ROLE_TOKEN.search(value) else []
        pairs = inner or [{"name": name, "role": role} for name in split_names(value)]
        for pair in pairs:
            if pair not in authors:
                authors.append(pair)
    return authors


def parse_credit_text(text: str) -> list[dict]:
    """``记者 颜凯 通讯员 吕士琴`` → ``[{"name": "颜凯", "role": "记者"}, {"name": "吕士琴", "role": "通讯员"}]``."""
    authors: list[dict] = []
    tokens = list(_ROLE_TOKEN.finditer(text))
    for i, m in enumerate(tokens):
        end = tokens[i + 1].start() if i + 1 < len(tokens) else len(text)
        role = ROLE_OF[m[1]]
        for name in split_names(text[m.end():end]):
            pair = {"name": name, "role": role}
            if pair not in authors:
                authors.append(pair)
    return authors


def parse_byline(paragraph: str) -> tuple[list[dict], str]:
    """Split a leading byline off a first paragraph: (authors, the paragraph without it).

    Returns ``([], paragraph)`` unchanged when the paragraph does not open with a byline.
    """
    m = _LEADING_BYLINE.match(paragraph)
    # a byline wrapped by print layout (通讯\n员 马克) reads as one line
    credits = m["credits"].replace("\n", "") if m else ""
    if m and _ROLE_TOKEN.search(credits):
        authors = parse_credit_text(credits)
        if authors:
            return authors, paragraph[m.end():].lstrip()
    m = _LEADING_REPORTER.match(paragraph)
    if m:
        authors = parse_credit_text(m["credits"])
        if authors:
            return authors, paragraph[m.end():].lstrip()
    return [], paragraph


# A photo credit closing a caption: 通讯员供图, 记者 张三 摄, （记者 张三 李四 摄）, 张三/摄, 图片由市中心血站提供.
_PHOTO_CREDIT = re.compile(
    r"(?:^|(?<=[。！？”\s]))(?P<credit>[（(]?\s*(?:(?P<role>本报记者|记者|通讯员|特约通讯员)\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:\s*[、\s]\s*[\u4e00-\u9fff]{2,4})*)?\s*[/／]?\s*(?P<verb>摄|供图)"
    r"|(?P<names2>[\u4e00-\u9fff]{2,4}(?:\s*[、\s]\s*[\u4e00-\u9fff]{2,4})*)\s*[/／]?\s*摄)\s*[）)]?)\s*$"
)


def parse_photo_credit(line: str) -> tuple[str | None, list[dict]] | None:
    """``调研组观摩调研成分血制备流程。 通讯员供图`` → (caption, authors); ``None`` when no credit ends the line.

    ``通讯员供图`` names nobody: the author is recorded as ``{"name": "通讯员", "role": "供图"}``.
    """
    m = _PHOTO_CREDIT.search(line)
    if not m:
        return None
    caption = line[:m.start()].strip() or None
    if m["names2"]:
        return caption, [{"name": n, "role": "摄影"} for n in split_names(m["names2"])]
    role = "供图" if m["verb"] == "供图" else "摄影"
    names = split_names(m["names"]) if m["names"] else []
    if not names:
        return caption, [{"name": ROLE_OF[m["role"]], "role": role}]
    return caption, [{"name": n, "role": role} for n in names]
