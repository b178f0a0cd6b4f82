import pytest

from hospitalnews.extract.payload import payload_problem


@pytest.mark.parametrize(("body", "problem"), [
    (b"", "empty"),
    (b"  \r\n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(256)) * 4, "binary"),
    ("<html><body><h1>新闻</h1></body></html>".encode("utf-8"), None),
    ("<html><body>新闻</body></html>".encode("gbk"), None),
    (b"<html>\x0c\r\n<p>form feed is text</p>", None),
])
def test_payload_problem(body, problem):
    assert payload_problem(body) == problem
