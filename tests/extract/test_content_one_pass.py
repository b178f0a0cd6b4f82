"""find_main_content's one pass over the page (content._page_facts) gives, for every node, what the
per-element functions give: text_length, link_density's link text, "inside a skipped or link element",
"has sentence punctuation in its text" and document order. (A speed change: the body it picks must not change.)"""

from __future__ import annotations

import pytest
from lxml import html

from hospitalnews.extract.content import _SENTENCE, _SKIP, _page_facts, _text, link_density, text_length

from ..support import FIXTURES

PAGES = sorted((FIXTURES / "detail_pages").glob("*.html"))[::7]
HANDMADE = [
    "<html><body><div>甲<a href='#'>链接<b>粗</b></a> 尾 <button><a>按钮里的链接</a></button>"
    "<!-- 注释 --><script>var x = 1;</script>后文，<a><a>套</a></a></div></body></html>",
    "<html><body><select><option>一</option></select><p>\u3000全角\u00a0空格\t制表</p></body></html>",
    # sentence punctuation only in a script, a comment, a tail, a link: the prose set follows text_length's reading
    "<html><body><div><script>a，b</script><!-- 注释。 --><span>无标点</span>尾巴，</div>"
    "<div><p><a>链接。</a></p><style>x；</style></div><ul><li>标题</li></ul></body></html>",
]


def roots():
    for page in PAGES:
        yield html.fromstring(page.read_bytes())
    for text in HANDMADE:
        yield html.fromstring(text)


@pytest.mark.parametrize("root", list(roots()))
def test_one_pass_equals_the_per_element_functions(root):
    order, blocked, text_len, link_len, sentences = _page_facts(root)
    nodes = list(root.iter())
    assert [n for n, _ in sorted(order.items(), key=lambda kv: kv[1])] == nodes
    for node in nodes:
        inside = any((a.tag.lower() if isinstance(a.tag, str) else "") in _SKIP or a.tag == "a"
                     for a in node.iterancestors())
        assert (node in blocked) == inside
        assert text_len[node] == text_length(node)
        assert (node in sentences) == bool(_SENTENCE.search("".join(_text(node))))
        total = text_length(node)
        if total:
            assert min(1.0, link_len[node] / total) == link_density(node)
