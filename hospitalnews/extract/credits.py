"""One grammar for credits, wherever a page prints them: ``role label`` + ``names``, or ``names`` + a
closing label.

A credit run is a sequence of items over a lexicon of role labels (``LEXICON``)::

    run    := item (SEP item)*
    item   := LABEL SEP? names          作者：张三 / 文/李文华 / 记者 孙悦 钱程 / 审　　核:孙    磊
            | names SEP? POST           胡杰 摄 / 张华/摄 / 药学部供稿 / 记者 周航 报道 / 林峰 文/图
    names  := name (SEP name)*          张三、李四 / 张三 李四 / 孙    磊 (single characters join into one name)

Where credits appear (the same grammar each time; article.py, bylines.py and printlayout.py decide
where to look): a meta line (``作者：…``), a paragraph that is only credits (first or last lines:
``图文:王晓燕`` / ``一审:李红``, ``药学部供稿  摄影/张华  编辑/赵敏``), a newspaper lead
(``本报讯（记者 … 通讯员 …）``, ``□记者　张三　通讯员　李四　报道``, ``■本报记者 林峰 文/图``), a bracket
closing the last paragraph (``…共庆佳节。（记者 孙悦 通讯员 钱程）``), a photo credit (``（胡杰 摄）``).

Rules that make names with role characters safe: a one-character label (文, 图, 摄) counts only when a
colon or slash follows it (``文/李文华`` is 李文华, ``作者：王文杰`` is 王文杰), or as a closing ``摄``;
multi-character labels count anywhere, also glued to a name by print layout (``通讯员吕士琴``). A
department fused to a name (``医联办王晓燕``) gives the person; CMS placeholders (``admin``, 本站, 未知)
give nobody; a supplier (``…供稿``) is a department, never a person. The scanner is a plain loop over the
text, linear in its length (no backtracking regex).
"""

from __future__ import annotations

from .lazyre import lazy_compile

# Label → the role it gives in ``authors[].role``. A role of None marks a supplier (供稿: a department).
LEXICON: dict[str, str | None] = {
    # writers
    "作者": "作者", "原作者": "作者", "文": "作者", "文字": "作者", "撰稿": "作者", "撰稿人": "作者", "撰文": "作者",
    "图文": "作者", "文图": "作者", "文/图": "作者", "图/文": "作者", "文·图": "作者", "采写": "作者", "整理": "作者",
    # reporters, with the prefixes papers and broadcasters print
    "记者": "记者", "本报记者": "记者", "本台记者": "记者", "本网记者": "记者", "晚报记者": "记者", "日报记者": "记者",
    "融媒体记者": "记者", "全媒体记者": "记者", "融媒记者": "记者", "见习记者": "记者", "特约记者": "记者",
    "首席记者": "记者", "实习记者": "记者", "本报见习记者": "记者", "本报融媒体记者": "记者", "本报全媒体记者": "记者",
    "通讯员": "通讯员", "特约通讯员": "通讯员", "职工通讯员": "通讯员", "本报通讯员": "通讯员",
    "实习生": "实习生",
    # pictures
    "摄影": "摄影", "图": "摄影", "图片": "摄影", "摄": "摄影", "摄像": "摄像", "供图": "供图",
    "视频": "摄像", "视频制作": "摄像", "剪辑": "编辑",
    # editors, reviewers, proofreaders: never 作者
    "编辑": "编辑", "责任编辑": "编辑", "责编": "编辑", "编辑人": "编辑", "美编": "编辑", "网络编辑": "编辑",
    "值班编辑": "编辑", "编审": "审核",
    "审核": "审核", "审核人": "审核", "审稿": "审核", "初审": "审核", "复审": "审核", "终审": "审核",
    "一审": "审核", "二审": "审核", "三审": "审核", "审签": "审核", "签发": "审核",
    "校对": "校对", "一校": "校对", "二校": "校对", "三校": "校对",
    # suppliers: a department, recorded as nobody
    "供稿": None, "来稿": None,
}
# Labels that close an item, after the names: 胡杰 摄, 药学部供稿, 记者 周航 报道, 林峰 文/图.
POST_LABELS: dict[str, str | None] = {
    "摄": "摄影", "摄影": "摄影", "供图": "供图", "供稿": None, "报道": "", "文/图": "", "图/文": "", "整理": "",
    "提供": None,
}
# One-character labels: only before a colon or slash (文/张三), never inside a name (王文杰, 王图).
_SHORT = frozenset(label for label in LEXICON if len(label) == 1)
_LABELS = sorted(set(LEXICON) | set(POST_LABELS), key=len, reverse=True)
_MAX_LABEL = max(map(len, _LABELS))

_SPACE = " \t\r\n\u00a0\u3000\u2002\u2003\u2009\u200b"
_SEPARATORS = frozenset(_SPACE + "、,，;；|｜:：/／()（）【】[]<>•-—_■□▲△●○◆◇☆★▪◎")
_COLONS = frozenset(":：/／")
_CJK = lazy_compile(r"^[\u3400-\u9fff\U00020000-\U0002ffff]+$")
# A person's name: 2–4 Han characters (compound surnames included), a transliterated name with ·, or Latin.
_PERSON = lazy_compile(r"^(?:[\u3400-\u9fff\U00020000-\U0002ffff]{2,4}|[\u3400-\u9fff]{1,8}·[\u3400-\u9fff·]{1,12}|[A-Za-z][A-Za-z .'-]{1,30})$")
# A department printed before the person (医联办王晓燕, 宣传科刘洋, 儿科 刘敏): the tail is the person.
_DEPARTMENT_PREFIX = lazy_compile(r"^(?P<dept>[\u4e00-\u9fff]{1,10}?(?:科|部|处|室|办|中心|病区|支部))(?P<name>[\u4e00-\u9fff]{2,4})$")
_DEPARTMENT = lazy_compile(r"(?:科|部|处|室|办|中心|病区|支部|党委|团委|工会|委员会|医院|分院|站|所|组)$")
# An organisation credited as the author (作者：东岳日报社, 作者：市卫生健康委员会): kept whole.
_ORGANISATION = lazy_compile(r"(?:社|局|委|会|院|馆|台|网|报|站|所|队|团|集团|公司|中心)$")
# What CMSs print when nobody is credited.
PLACEHOLDERS = frozenset({
    "佚名", "未知", "不详", "匿名", "无", "暂无", "admin", "administrator", "管理员", "系统管理员", "超级管理员",
    "网站管理员", "本站", "本网", "本站原创", "原创", "编辑部", "网站编辑", "小编", "root", "webmaster", "system",
})
_MAX_RUN = 400  # longer text is prose, not credits
# The outlet a reporter works for, glued to the label with no separator (健康时报记者 孙亚慧, 爱东岳新闻客户端记者 孙悦,
# 东岳电视台记者 …): a paper, client app, site, station or media centre — never a person (blind batch 6, pages 237, 238).
_OUTLET = lazy_compile(r"(?:报|报社|客户端|新闻|网|电视台|广播电视台|台|融媒|传媒|杂志|杂志社|通讯社|社|频道)$")
_OUTLET_ROLES = frozenset({"记者", "通讯员", "实习生"})


def normalise_spaced_labels(text: str, labels: frozenset[str] | None = None) -> str:
    """Join labels letter-spaced for alignment: ``审　　核：`` → ``审核：``, ``来　源：`` → ``来源：``.

    Only two single characters whose join is a known two-character label (``labels``, default: the
    credit labels plus 来源/时间/日期…), right before a colon, are joined.
    """
    known = labels if labels is not None else _SPACED_LABELS
    if not text or ":" not in text and "：" not in text:
        return text
    return _SPACED_PAIR.sub(lambda m: m[1] + m[2] if m[1] + m[2] in known else m[0], text) \
        if _SPACED_PAIR.search(text) else text


# One Han character, 1–12 spaces, one Han character, then (after at most 3 spaces) a colon.
_SPACED_PAIR = lazy_compile(r"(?<![\u3400-\u9fff])([\u3400-\u9fff])[ \t\u00a0\u3000\u2002\u2003]{1,12}([\u3400-\u9fff])"
                          r"(?=[ \t\u00a0\u3000\u2002\u2003]{0,3}[:：])")
_SPACED_LABELS = frozenset({label for label in LEXICON if len(label) == 2} | {"来源", "时间", "日期", "出处", "点击", "浏览", "阅读", "稿源"})


def _is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def label_at(text: str, i: int) -> str | None:
    """The longest label starting at ``text[i]`` that counts there (one-character labels need a colon or slash)."""
    for size in range(min(_MAX_LABEL, len(text) - i), 0, -1):
        label = text[i:i + size]
        if label not in LEXICON and label not in POST_LABELS:
            continue
        after = text[i + size:i + size + 1]
        if label in _SHORT and label != "摄":
            if after and after in _COLONS:
                return label
            continue
        if label == "摄":
            # closing 摄 only: 胡杰 摄 / 胡杰摄） / 张三/摄 — never 摄影师's first character (摄影 is longer)
            if not after or after in _SEPARATORS:
                return label
            continue
        return label
    return None


def _tokens(text: str) -> list[tuple[str, str]] | None:
    """``[("label", 记者), ("word", 孙悦), ("gap", " ") …]``, or None when the text holds a sentence."""
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SEPARATORS:
            j = i
            while j < n and text[j] in _SEPARATORS:
                j += 1
            tokens.append(("gap", text[i:j]))
            i = j
            continue
        label = label_at(text, i)
        if label:
            tokens.append(("label", label))
            i += len(label)
            continue
        j = i + 1
        # a word runs to the next separator or the next label (print layout glues 通讯员吕士琴记者颜凯)
        while j < n and j - i <= _MAX_WORD and text[j] not in _SEPARATORS and not label_at(text, j):
            j += 1
        word = text[i:j]
        if len(word) > _MAX_WORD or not (_CJK.match(word) or _LATIN.match(word)):
            return None  # digits, sentence punctuation, quotes, long runs: prose, not credits
        tokens.append(("word", word))
        i = j
    return tokens


_MAX_WORD = 16
_LATIN = lazy_compile(r"^[A-Za-z][A-Za-z.'-]{0,30}$")


def _merge_letter_spaced(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """孙    磊 → one word 孙磊: single Han characters separated only by spaces are one name (up to 4)."""
    merged: list[tuple[str, str]] = []
    joinable = False  # the last word is one character, or was joined from single characters
    for kind, value in tokens:
        if kind == "word" and len(value) == 1 and _is_han(value) and joinable and len(merged) >= 2 \
                and merged[-1][0] == "gap" and not merged[-1][1].strip() and len(merged[-2][1]) < 4:
            merged.pop()
            merged[-1] = ("word", merged[-1][1] + value)
            continue
        if kind != "gap":
            joinable = kind == "word" and len(value) == 1 and _is_han(value)
        merged.append((kind, value))
    return merged


def _person(word: str) -> str | bool | None:
    """A word → the person it names; None for a placeholder; False when it is no name at all."""
    if word.lower() in PLACEHOLDERS:
        return None
    m = _DEPARTMENT_PREFIX.match(word)
    if m and len(word) >= 5 and not _DEPARTMENT.search(word):
        return m["name"]
    if _PERSON.match(word) or (_CJK.match(word) and len(word) <= 12 and (_DEPARTMENT.search(word) or _ORGANISATION.search(word))):
        return word
    return False


def _people(word: str) -> list[str] | None:
    """The people a word names (``王五和赵六六`` is two); None when it is no name."""
    person = _person(word)
    if person is not False:
        return [person] if person else []
    for i in range(2, len(word) - 1):
        if word[i] in "和及与":
            first, second = _person(word[:i]), _person(word[i + 1:])
            if first is not False and second is not False:
                return [p for p in (first, second) if p]
    return None


def _colon_follows(tokens: list[tuple[str, str]], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1][0] == "gap" and tokens[i + 1][1].lstrip(_SPACE)[:1] in (":", "：")


def _next_is_word(tokens: list[tuple[str, str]], i: int) -> bool:
    for kind, _ in tokens[i + 1:]:
        if kind != "gap":
            return kind == "word"
    return False


def parse_credits(text: str | None) -> list[dict] | None:
    """Every credit of a text that is *only* credits, in order, no repeats; None when it is anything else.

    ``图文:王晓燕`` → ``[{"name": "王晓燕", "role": "作者"}]``; ``一审:李红`` → ``[{"name": "李红", "role": "审核"}]``;
    ``药学部供稿  摄影/张华  编辑/赵敏`` → 张华 (摄影), 赵敏 (编辑); ``通讯员供图`` → ``[]`` (a credit naming
    nobody); ``近日，会议召开。`` → None. A text with no role label, or with names no label claims, is None.
    """
    parsed = parse_credit_labels(text)
    return parsed[0] if parsed else None


def parse_credit_labels(text: str | None) -> tuple[list[dict], list[str]] | None:
    """:func:`parse_credits` plus the labels read, in order (``通讯员供图`` → ``([], ["通讯员", "供图"])``)."""
    return _parse(text)


def _parse(text: str | None) -> tuple[list[dict], list[str]] | None:
    if not text or len(text) > _MAX_RUN:
        return None
    tokens = _tokens(normalise_spaced_labels(text.strip()))
    if not tokens or not any(kind == "label" for kind, _ in tokens):
        return None
    tokens = _merge_letter_spaced(tokens)
    if len(tokens) > 2 and tokens[0][0] == "word" and tokens[1][0] == "label" and tokens[2][0] == "gap" \
            and is_outlet(tokens[0][1], tokens[1][1]):
        tokens = tokens[1:]  # 健康时报记者 孙亚慧: the outlet glued to the reporter's label names nobody
    labels = [value for kind, value in tokens if kind == "label"]
    authors: list[dict] = []
    group: list[dict] = []          # the authors named since the last label
    role: str | None = "?"          # "?": no label yet; None: a supplier label (供稿：…)
    after_label = False
    for i, (kind, value) in enumerate(tokens):
        if kind == "gap":
            continue
        if kind == "word":
            if _colon_follows(tokens, i):
                return None  # an unknown label (联系人：…, 地址：…): a name never takes a colon
            people = _people(value)
            if people is None:
                return None
            after_label = False
            for person in people if role is not None else []:
                author = {"name": person, "role": role}
                group.append(author)
                authors.append(author)
            continue
        closing = value in POST_LABELS and (value not in LEXICON or not _next_is_word(tokens, i)) and (group or after_label)
        if closing:
            post = POST_LABELS[value]
            for author in group:
                if post is None:  # 药学部供稿: the names before it are suppliers, not people
                    authors.remove(author)
                elif post in ("摄影", "供图") or author["role"] == "?":
                    author["role"] = post or "作者"
            group, role, after_label = [], "?", False
            continue
        group, role, after_label = [], LEXICON[value] if value in LEXICON else "?", True
    if any(a["role"] == "?" for a in authors):
        return None  # bare names no label claims: not a credit text
    unique: list[dict] = []
    for author in authors:
        if author not in unique:
            unique.append(author)
    # A department credited beside a person (作者：儿科 刘敏) is where the person works.
    people = [a for a in unique if not _DEPARTMENT.search(a["name"])]
    if people and len(people) < len(unique):
        unique = [a for a in unique if a in people or not any(p["role"] == a["role"] for p in people)]
    return unique, labels


def is_outlet(word: str, label: str) -> bool:
    """Whether ``word``, printed glued before the credit ``label``, is the reporter's outlet: ``健康时报`` before
    ``记者``, ``爱东岳新闻客户端`` before ``记者``, ``东岳电视台`` before ``通讯员`` (2–16 characters ending in a media
    word, before a reporter's, correspondent's or intern's label). Source: blind batch 6 (pages 237, 238)."""
    return LEXICON.get(label) in _OUTLET_ROLES and 2 <= len(word) <= 16 and bool(_OUTLET.search(word))


def is_credit_line(text: str | None) -> bool:
    """True for a line that holds only credits (and at least one role label)."""
    return parse_credits(text) is not None
