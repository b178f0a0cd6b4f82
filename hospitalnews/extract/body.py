"""Article body → clean paragraphs, images with captions, attachments.

Works on an lxml element (``selector.root`` of a parsel Selector) that holds the article body. Which
element that is comes from a site's selector or from the main-content finder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .lazyre import lazy_compile
from .text import fold_spaces, without_spaces

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table",
    "tbody", "thead", "tr", "td", "th", "blockquote", "pre", "figure", "figcaption", "center", "dl",
    "dt", "dd", "br", "hr", "header", "footer", "form",
})
SKIP_TAGS = frozenset({"script", "style", "noscript", "iframe", "button", "select", "input", "textarea", "svg", "template"})
ATTACHMENT_EXTENSIONS = frozenset({
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "rar", "7z", "wps", "et", "txt", "csv",
})
# Share bars and print/close widgets that templates drop into bodies.
_BOILERPLATE_LINE = lazy_compile(
    r"^(?:分享到|分享至|【?\s*打印\s*】?|【?\s*关闭\s*】?|【?\s*(?:关闭窗口|打印本页|返回顶部)\s*】?|"
    r"扫一扫|微信扫一扫|字号[:：]|上一篇[:：]|下一篇[:：]).*$"
)
_ATTACHMENT_LABEL = lazy_compile(r"^(?:相关)?附件\s*\d*\s*[:：.、]?\s*")
_CAPTION_MAX = 60
# Placeholder text editors (UEditor, 135editor, 秀米, WeChat) put under an inserted image and authors
# leave in place: "请输入图片描述", "图片描述", "点击输入图片标题（最多18字）". Neither caption nor text.
_CAPTION_PLACEHOLDER = lazy_compile(
    r"^[（(【\[]?\s{0,3}(?:(?:请|点击|在此|此处)?(?:输入|添加|填写)(?:图片|图像|照片)?|图片|图像|照片)(?:描述|说明|标题|注释|名称)"
    r"(?:\s{0,3}[（(]?\s{0,3}(?:最多|不超过|限)?\s{0,3}\d{1,3}\s{0,3}(?:个)?字(?:以内)?\s{0,3}[）)]?)?\s{0,3}[）)】\]]?$|^image\s?(?:caption|description)$",
    re.IGNORECASE)


# An image's title/alt that only names its file: 18a9c3e5f1d2b7.jpg, IMG_2034, DSC01234.JPG, 微信图片_20240412.png,
# mmexport1712345678901 (editors copy the file name into title and alt when nobody types a caption).
_FILE_NAME = lazy_compile(
    r"^[^\s/\\]{0,80}\.(?:jpe?g|png|gif|bmp|webp|tiff?|heic)$"
    r"|^(?:IMG|DSCN?|DSCF|PIC|P|mmexport|微信图片|image|截图)[_-]?\d[0-9A-Za-z_-]{2,63}$|^[0-9A-Fa-f_-]{6,64}$", re.IGNORECASE)


def _file_name_caption(text: str, url: str) -> bool:
    """Whether an image's title/alt ``text`` is only its file name (or the last segment of its URL)."""
    stem = urlsplit(url).path.rsplit("/", 1)[-1]
    return bool(_FILE_NAME.match(text)) or text in (stem, stem.rsplit(".", 1)[0])


def is_caption_placeholder(text: str | None) -> bool:
    """Whether ``text`` is an editor's caption placeholder left in the page (see ``_CAPTION_PLACEHOLDER``)."""
    return bool(text) and len(text) <= 40 and bool(_CAPTION_PLACEHOLDER.match(text.strip()))
_SENTENCE_END = lazy_compile(r"[。！？!?；;][”’\"』」）)]{0,2}$")  # …最大的满足。”: a quoted sentence ends too
# Numbered subheadings (一、注意保暖 / （二） / 1. / 第三) follow images too, but are no captions.
_ENUMERATED = lazy_compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]\D|第[一二三四五六七八九十\d]+)")


@dataclass
class Body:
    paragraphs: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    attachments: list[dict] = field(default_factory=list)

    @property
    def content(self) -> str:
        return "\n".join(self.paragraphs)


# Decoration, not pictures: file-type icons beside attachments, spacers, share buttons.
_DECORATION = lazy_compile(r"(?:^|[/_.-])(?:icon|icons|ico|spacer|blank|loading|arrow|dot|line|bullet|share|fenxiang|"
                         r"(?:doc|docx|xls|xlsx|pdf|zip|rar|ppt|txt|word|excel|file|attach)(?:_?icon)?)\.(?:gif|png|jpg|svg)$|/icons?/",
                         re.IGNORECASE)
# "Scan to read on your phone" QR codes that templates print beside the meta line or under the body.
_QR_CODE = lazy_compile(r"qr_?code|erweima|(?:^|[/_.-])ewm(?:[_.-]|$)|二维码|wx_?code|weixin_?code|扫一扫|扫码", re.IGNORECASE)
_SMALL = 40  # px: anything this small in width or height is an icon


def _is_decoration(img, url: str) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().lower().removesuffix("px")
        if value.isdigit() and int(value) <= _SMALL:
            return True
    if _QR_CODE.search(" ".join((urlsplit(url).path, img.get("alt") or "", img.get("title") or "", img.get("class") or ""))):
        return True
    return bool(_DECORATION.search(urlsplit(url).path))


def _image_url(img, base_url: str) -> str | None:
    for attr in ("data-original", "data-src", "data-echo", "src"):
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return urljoin(base_url, value)
    return None


def attachment_extension(url: str) -> str | None:
    path = urlsplit(url).path.lower()
    ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return ext if ext in ATTACHMENT_EXTENSIONS else None


def _attachment(a, base_url: str) -> dict | None:
    """``{url, name}`` when link ``a`` is a file download: by the URL's extension, or by the name's
    (download scripts such as ``download.jsp?wbfileid=…`` hide the file name in the link text)."""
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("javascript:", "#", "mailto:")):
        return None
    url = urljoin(base_url, href)
    name = fold_spaces(a.text_content()) or None
    if attachment_extension(url) or (name and attachment_extension("/" + name)):
        return {"url": url, "name": name}
    return None


def attachment_links(element, base_url: str) -> list[dict]:
    """Every attachment link under ``element``, in page order."""
    found: list[dict] = []
    for a in element.iter("a"):
        entry = _attachment(a, base_url)
        if entry and entry not in found:
            found.append(entry)
    return found


# Elements whose source newlines are line breaks: HTML's preformatted elements (<textarea> is skipped) and
# any element styled ``white-space: pre | pre-wrap | pre-line | break-spaces`` (WeChat/135editor spans);
# ``white-space: normal | nowrap`` makes them white space again inside those.
_PREFORMATTED = frozenset({"pre", "listing", "xmp", "plaintext"})
_WHITE_SPACE = lazy_compile(r"white-space\s{0,8}:\s{0,8}([a-z-]{1,16})", re.IGNORECASE)
_NEWLINES = lazy_compile(r"[\r\n]")


class _Walker:
    """Flattens the body into a sequence of text blocks and images, in document order."""

    def __init__(self, base_url: str, title: str | None = None):
        self.base_url = base_url
        self.title = _squeeze(title)
        self.blocks: list[tuple[str, object]] = []  # ("text", str) | ("image", dict) | ("caption", str)
        self._line: list[str] = []
        self.attachments: list[dict] = []
        self._pre = False  # inside a preformatted element, where source newlines are line breaks
        self._bold = 0  # inside <strong>/<b>/<h1>–<h6>
        self._emph = self._plain = False  # the current line holds emphasised / plain text
        # block index → the look (tag, class, style of the line's element and its parent) of a wholly emphasised line
        self.looks: dict[int, tuple] = {}

    def _text(self, text: str):
        """Append a text node. Outside preformatted elements a source newline is white space, as in a
        browser (HTML pasted from Word and old ASP/JSP editors wrap long lines in the middle of a
        sentence: ``正常医疗\n秩序``); line breaks come only from ``<br>`` and block boundaries."""
        self._line.append(text if self._pre or "\n" not in text and "\r" not in text else _NEWLINES.sub(" ", text))
        if not text.isspace():
            if self._bold:
                self._emph = True
            else:
                self._plain = True

    def flush(self, el=None):
        if not self._line:   # (then _emph and _plain are False too: _text sets them as it appends)
            return
        text = fold_spaces("".join(self._line))
        emphasised = self._emph and not self._plain
        self._line, self._emph, self._plain = [], False, False
        if text:
            if emphasised and el is not None:
                self.looks[len(self.blocks)] = _look(el)
            self.blocks.append(("text", text))

    def _after_image(self) -> bool:
        """Whether nothing but spaces was read since the last image (a caption element follows its photo)."""
        return bool(self.blocks) and self.blocks[-1][0] == "image" and not "".join(self._line).strip()

    def walk(self, el):
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # comment or processing instruction
            if el.tail:
                self._text(el.tail)
            return
        tag = tag.lower()
        if tag in SKIP_TAGS:
            if el.tail:
                self._text(el.tail)
            return
        if tag == "img":
            url = _image_url(el, self.base_url)
            if url and not _is_decoration(el, url):
                self.flush()
                caption = (el.get("title") or "").strip() or None
                if caption and (is_caption_placeholder(caption) or _file_name_caption(caption, url)
                                or (self.title and _squeeze(caption) == self.title)):
                    caption = None  # a file name or the headline again: wait for the line under the photo
                self.blocks.append(("image", {"url": url, "caption": caption}))
        elif tag == "figcaption" or (_CAPTION_CLASS.search(el.get("class") or "") and self._after_image()
                                     and el.find(".//img") is None):
            self.flush()
            text = fold_spaces(el.text_content())
            if text:
                self.blocks.append(("caption", text))
            if el.tail:
                self._text(el.tail)
            return
        elif tag == "a" and el.get("href"):
            entry = _attachment(el, self.base_url)
            if entry and entry not in self.attachments:
                self.attachments.append(entry)
        block = tag in BLOCK_TAGS
        outer_pre = self._pre
        style = el.get("style")
        white_space = _WHITE_SPACE.search(style) if style else None
        self._pre = (white_space[1].lower().startswith(("pre", "break")) if white_space
                     else outer_pre or tag in _PREFORMATTED)
        if block:
            self.flush()
        emphasis = tag in _EMPHASIS
        self._bold += emphasis
        if el.text:
            self._text(el.text)
        for child in el:
            self.walk(child)
        self._bold -= emphasis
        self._pre = outer_pre
        if block:
            self.flush(el)
        if el.tail:
            self._text(el.tail)


_EMPHASIS = frozenset({"strong", "b", "h1", "h2", "h3", "h4", "h5", "h6"})


def _look(el) -> tuple:
    """How a line is printed: tag, class and style of its element and of the element around it."""
    parent = el.getparent()
    outer = (parent.tag, parent.get("class"), parent.get("style")) if parent is not None else None
    return el.tag, el.get("class"), el.get("style"), outer


def _section_heading_looks(blocks: list, looks: dict[int, tuple]) -> set:
    """Looks of the emphasised lines that stand under no photo: the body's section headings (秀米's pill-shaped
    bold 贴敷时间 / 禁忌人群 / 温馨提示). A bold line under a photo printed the same way is one of them, no caption
    (blind batch 6, page 241)."""
    return {look for i, look in looks.items() if i == 0 or blocks[i - 1][0] != "image"}


def _squeeze(text: str | None) -> str:
    return without_spaces(text)


# Caption elements named for it: Toutiao <p class="pgc-img-caption">, WordPress wp-caption-text,
# img-caption / image-caption / pic-caption, 秀米/135editor "caption" sections.
_CAPTION_CLASS = lazy_compile(r"caption", re.IGNORECASE)


def extract_body(element, base_url: str, title: str | None = None) -> Body:
    """Paragraphs, images and attachments of the body ``element``.

    An image's caption is a ``<figcaption>`` or an element named for captions (Toutiao
    ``pgc-img-caption``, WordPress ``wp-caption-text``), or else the short unpunctuated paragraph right
    after an image (how Chinese CMS editors caption photos); captions are kept with the image, not in
    the text; a bold line printed like the body's section headings (the same element look as a bold line under no
    photo) is a heading, not a caption. An ``<img title>`` is the caption only when it is neither the image's file name
    (``18a9c3e5f1d2b7.jpg``, ``IMG_2034``, SiteServer/UEditor uploads) nor the headline ``title`` again (EyouCMS
    and DedeCMS fill it with the article title): then the line under the photo is.
    """
    walker = _Walker(base_url, title)
    walker.walk(element)
    walker.flush()
    body = Body(attachments=walker.attachments)
    last_image: dict | None = None
    headings = _section_heading_looks(walker.blocks, walker.looks) if walker.looks else set()
    for index, (kind, value) in enumerate(walker.blocks):
        if kind != "image" and is_caption_placeholder(value):
            continue  # the placeholder goes; the image keeps waiting for a real caption
        if kind == "image":
            last_image = dict(value)
            body.images.append(last_image)
            continue
        if last_image is not None and last_image["caption"] is None and (
            kind == "caption" or (len(value) <= _CAPTION_MAX and not _SENTENCE_END.search(value) and not _ENUMERATED.match(value)
                                  and walker.looks.get(index) not in headings)
        ):
            last_image["caption"] = value
            last_image = None
            continue
        last_image = None
        if kind == "caption" or _BOILERPLATE_LINE.match(value):
            continue
        body.paragraphs.append(value)
    # A paragraph that only lists attachment links ("附件：简章.pdf") is navigation: the links are
    # kept in `attachments`.
    names = {a["name"] for a in body.attachments if a["name"]}
    body.paragraphs = [p for p in body.paragraphs if _ATTACHMENT_LABEL.sub("", p) not in names and not (
        names and _ATTACHMENT_LABEL.match(p) and not _ATTACHMENT_LABEL.sub("", p))]
    return body


def parse_html(text: str) -> etree._Element:
    """The lxml root of ``text``, parsed as a browser would (an empty text gives an empty ``<html>``)."""
    from .document import parse_document

    return parse_document(text)
