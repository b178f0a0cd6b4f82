"""The URL forms the walk bounds treat as one page: session ids and cache busters removed, nothing else."""

import pytest

from hospitalnews.crawlbounds import without_session


@pytest.mark.parametrize(("a", "b"), [
    ("http://www.h.test/list.jsp?page=2&sid=8f2a", "http://h.test/list.jsp?page=2&sid=77c1"),
    ("http://h.test/news/list.jsp;jsessionid=0A1B2C?page=3", "http://h.test/news/list.jsp?page=3"),
    ("http://h.test/list.php?PHPSESSID=abc&catid=5", "http://h.test/list.php?catid=5"),
    ("http://h.test/list.asp?ASPSESSIONIDQQTRBSAC=XYZ&page=2", "http://h.test/list.asp?page=2"),
    ("http://h.test/list.do?page=2&_=1700000000000", "http://h.test/list.do?page=2"),
    ("https://h.test/list.html?b=2&a=1#top", "http://h.test/list.html?a=1&b=2"),
])
def test_session_forms_fold_together(a, b):
    assert without_session(a) == without_session(b)


@pytest.mark.parametrize(("a", "b"), [
    ("http://h.test/list.jsp?page=2", "http://h.test/list.jsp?page=3"),
    ("http://h.test/show.asp?id=5", "http://h.test/show.asp?id=6"),
    ("http://h.test/list.php?t=1", "http://h.test/list.php?t=2"),       # t is often a type, not a time
    ("http://h.test:8080/a.html", "http://h.test/a.html"),
])
def test_pages_stay_apart(a, b):
    assert without_session(a) != without_session(b)
