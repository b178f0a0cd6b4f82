"""Read the inline JavaScript of a list page as a program, not as text.

List templates keep their pager and their data endpoint in scripts (TRS ``var countPage = 3``,
``location.href = '/yydt/?page=' + $(this).attr('page')``, ``$.ajax({url: …, data: {…}})``).
A pattern over the raw text is fooled by a commented-out older call or by the variables' order; these
helpers first drop comments (``//…``, ``/*…*/``, ``<!--``/``-->`` lines) with a scanner that knows
string literals (so ``"http://…"`` survives), then read declarations, string literals and
``'prefix' + expr + 'suffix'`` concatenations.

Pure and linear in the script's length; no regex here has adjacent unbounded quantifiers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .lazyre import lazy_compile

_MAX_SCRIPT = 400_000   # characters of script read per page (minified libraries are not pagers)


def strip_comments(source: str) -> str:
    """``source`` without JavaScript comments; string literals (and their ``//``) are kept as they are.

    A regex literal is not recognised: a ``//`` inside one would start a comment (pager scripts
    seldom carry regexes; the damage is limited to that line).
    """
    source = (source or "")[:_MAX_SCRIPT]
    out: list[str] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in "\"'`":
            j = i + 1
            while j < n and source[j] != ch:
                if source[j] == "\\":
                    j += 1
                elif source[j] == "\n" and ch != "`":
                    break   # an unterminated literal ends at the line
                j += 1
            out.append(source[i:j + 1])
            i = j + 1
        elif source.startswith("//", i) or source.startswith("<!--", i):
            j = source.find("\n", i)
            i = n if j < 0 else j
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            out.append(" ")
            i = n if j < 0 else j + 2
        elif source.startswith("-->", i):
            i += 3
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class Literal:
    """A string literal of a script: its value and where it sits (``start``/``end`` index the quotes)."""

    value: str
    start: int
    end: int


def string_literals(code: str) -> list[Literal]:
    """Every ``'…'``/``"…"``/`` `…` `` literal of comment-free ``code``, escapes resolved for quotes."""
    found = []
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch in "\"'`":
            j = i + 1
            while j < n and code[j] != ch and not (code[j] == "\n" and ch != "`"):
                j += 2 if code[j] == "\\" else 1
            raw = code[i + 1:min(j, n)]
            found.append(Literal(raw.replace("\\/", "/").replace(f"\\{ch}", ch), i, min(j, n)))
            i = j + 1
        else:
            i += 1
    return found


def _number(code: str, name: str, declared_only: bool) -> int | None:
    pattern = (r"\bvar\s+" if declared_only else r"(?<![\w.$])") + re.escape(name) + r"\s*=(?!=)\s*(\d{1,7})\b"
    m = re.search(pattern, code)
    return int(m[1]) if m else None


def number_variable(code: str, name: str) -> int | None:
    """The integer a comment-free script assigns to ``name`` (``var countPage = 3``, ``countPage=3;``);
    a ``var`` declaration wins over a later plain assignment."""
    value = _number(code, name, True)
    return value if value is not None else _number(code, name, False)


def string_variable(code: str, name: str) -> str | None:
    """The string a comment-free script assigns to ``name`` (``var prefix = "index"``)."""
    m = re.search(r"(?<![\w.$])" + re.escape(name) + r"""\s*=(?!=)\s*(["'])([^"'\n]{0,200})\1""", code)
    return m[2] if m else None


_CALL_ARGS = 2000


def call_arguments(code: str, function: str) -> list[list[str]]:
    """The argument lists (raw, split at top-level commas) of every call of ``function`` in ``code``."""
    calls = []
    for m in re.finditer(r"(?<![\w.$])" + re.escape(function) + r"\s*\(", code):
        args, depth, current, i = [], 0, [], m.end()
        end = min(len(code), i + _CALL_ARGS)
        quote = None
        while i < end:
            ch = code[i]
            if quote:
                current.append(ch)
                if ch == "\\" and i + 1 < end:
                    current.append(code[i + 1])
                    i += 1
                elif ch == quote:
                    quote = None
            elif ch in "\"'`":
                quote = ch
                current.append(ch)
            elif ch in "([{":
                depth += 1
                current.append(ch)
            elif ch in ")]}":
                if depth == 0:
                    args.append("".join(current).strip())
                    break
                depth -= 1
                current.append(ch)
            elif ch == "," and depth == 0:
                args.append("".join(current).strip())
                current = []
            else:
                current.append(ch)
            i += 1
        else:
            continue
        # a declaration ``function createPageHTML(a, b)`` names parameters, not values
        if not re.search(r"function\s+$", code[max(0, m.start() - 12):m.start()]):
            calls.append([a for a in args if a != ""] if args != [""] else [])
    return calls


def literal_value(arg: str):
    """The value of a literal argument: int, str, or ``None`` for anything else (a variable, an expression)."""
    arg = arg.strip()
    if re.fullmatch(r"-?\d{1,9}", arg):
        return int(arg)
    m = re.fullmatch(r"""(["'])([^"'\n]{0,500})\1""", arg)
    return m[2] if m else None


@dataclass(frozen=True)
class Concatenation:
    """``'prefix' + expression [+ 'suffix']`` in a script: how a page URL is built from a number."""

    prefix: str
    expression: str
    suffix: str


_PLUS = lazy_compile(r"[ \t]{0,20}\+[ \t]{0,20}")


def _expression_at(code: str, i: int, limit: int = 200) -> str:
    """The operand starting at ``code[i]``: up to a top-level ``+ ; ,`` newline or closing bracket."""
    start, depth, quote = i, 0, None
    end = min(len(code), i + limit)
    while i < end:
        ch = code[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'`":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and ch in "+;,\n}":
            break
        i += 1
    return code[start:i].strip()


_TEMPLATE_SLOT = lazy_compile(r"\$\{([^{}`]{1,80})\}")


def concatenations(code: str) -> list[Concatenation]:
    """Every ``'literal' + expr`` of comment-free ``code``, with the literal added after it if any;
    an ES2015 template literal `` `/news/${item.id}.html` `` counts as ``'/news/' + item.id + '.html'``."""
    found = []
    for literal in string_literals(code):
        if code[literal.start] == "`":
            slots = list(_TEMPLATE_SLOT.finditer(literal.value))
            for index, slot in enumerate(slots):
                end = slots[index + 1].start() if index + 1 < len(slots) else len(literal.value)
                start = slots[index - 1].end() if index else 0
                found.append(Concatenation(literal.value[start:slot.start()], slot[1].strip(), literal.value[slot.end():end]))
            continue
        m = _PLUS.match(code, literal.end + 1)
        if not m or code[m.end():m.end() + 1] in "\"'`":
            continue
        expression = _expression_at(code, m.end())
        if not expression:
            continue
        after = code.find(expression, m.end()) + len(expression)
        suffix = ""
        plus = _PLUS.match(code, after)
        if plus and code[plus.end():plus.end() + 1] in "\"'`":
            quote, start = code[plus.end()], plus.end() + 1
            end = start
            while end < min(len(code), start + 200) and code[end] != quote and code[end] != "\n":
                end += 2 if code[end] == "\\" else 1
            suffix = code[start:end].replace(f"\\{quote}", quote)
        found.append(Concatenation(literal.value, expression, suffix))
    return found


def js_object(text: str):
    """A JavaScript object literal as Python data, when it is plain enough (``{a: 'x', b: 1}``):
    unquoted keys and single quotes are accepted; identifiers and calls become ``{"$expr": source}``;
    ``JSON.stringify({...})`` becomes ``{"$json": {...}}``. ``None`` when it cannot be read."""
    parser = _ObjectReader(text)
    try:
        value = parser.value()
    except ValueError:
        return None
    return value


class _ObjectReader:
    _LIMIT = 20_000

    def __init__(self, text: str):
        self.s = (text or "")[:self._LIMIT]
        self.i = 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\r\n":
            self.i += 1

    def value(self):
        self.ws()
        if self.i >= len(self.s):
            raise ValueError("end")
        ch = self.s[self.i]
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.arr()
        if ch in "\"'":
            start = self.i
            value = self.string()
            self.ws()
            if self.s[self.i:self.i + 1] != "+":
                return value
            self.i = start   # 'literal' + variable: an expression
            return {"$expr": self.expression()}
        m = re.compile(r"-?\d{1,12}(?:\.\d{1,6})?").match(self.s, self.i)
        if m:
            self.i = m.end()
            return json.loads(m[0])
        if self.s.startswith("JSON.stringify(", self.i):
            self.i += len("JSON.stringify(")
            inner = self.value()
            self.ws()
            if self.s[self.i:self.i + 1] != ")":
                raise ValueError("stringify")
            self.i += 1
            return {"$json": inner}
        return {"$expr": self.expression()}

    def expression(self) -> str:
        start, depth = self.i, 0
        while self.i < len(self.s):
            ch = self.s[self.i]
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif ch == "," and depth == 0:
                break
            self.i += 1
        source = self.s[start:self.i].strip()
        if not source:
            raise ValueError("empty")
        return source

    def string(self) -> str:
        quote = self.s[self.i]
        j = self.i + 1
        out = []
        while j < len(self.s) and self.s[j] != quote:
            if self.s[j] == "\\" and j + 1 < len(self.s):
                j += 1
            out.append(self.s[j])
            j += 1
        if j >= len(self.s):
            raise ValueError("string")
        self.i = j + 1
        return "".join(out)

    def obj(self) -> dict:
        self.i += 1
        result = {}
        while True:
            self.ws()
            if self.s[self.i:self.i + 1] == "}":
                self.i += 1
                return result
            if self.s[self.i:self.i + 1] in ("'", '"'):
                key = self.string()
            else:
                m = re.compile(r"[\w$]{1,60}").match(self.s, self.i)
                if not m:
                    raise ValueError("key")
                key, self.i = m[0], m.end()
            self.ws()
            if self.s[self.i:self.i + 1] != ":":
                raise ValueError("colon")
            self.i += 1
            result[key] = self.value()
            self.ws()
            if self.s[self.i:self.i + 1] == ",":
                self.i += 1
            elif self.s[self.i:self.i + 1] != "}":
                raise ValueError("object")

    def arr(self) -> list:
        self.i += 1
        result = []
        while True:
            self.ws()
            if self.s[self.i:self.i + 1] == "]":
                self.i += 1
                return result
            result.append(self.value())
            self.ws()
            if self.s[self.i:self.i + 1] == ",":
                self.i += 1
            elif self.s[self.i:self.i + 1] != "]":
                raise ValueError("array")


def balanced(code: str, start: int, limit: int = 20_000) -> str | None:
    """The ``{…}``/``(…)``/``[…]`` group opening at ``code[start]``, string literals respected."""
    opening = code[start:start + 1]
    closing = {"{": "}", "(": ")", "[": "]"}.get(opening)
    if not closing:
        return None
    depth, i, quote = 0, start, None
    end = min(len(code), start + limit)
    while i < end:
        ch = code[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return code[start:i + 1]
        i += 1
    return None
