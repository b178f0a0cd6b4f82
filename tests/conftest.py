import pytest

from hospitalnews.offline import serve_mirrors

from .support import MIRRORS, scrapy_command


@pytest.fixture(scope="session")
def mirror():
    """The offline mirrors (data/mirrors and tests/fixtures/sites) behind a proxy on 127.0.0.1."""
    with serve_mirrors([m for m in MIRRORS if m.exists()]) as proxy:
        yield proxy


@pytest.fixture
def scrapy_run(mirror, tmp_path):
    """``scrapy_run(["crawl", "sd_cancer"], settings={...})`` → CrawlResult; archive in tmp_path/archive."""

    def run(args, **kwargs):
        return scrapy_command(mirror.url, args, tmp_path, **kwargs)

    return run


@pytest.fixture(scope="session")
def sd_cancer_crawl(mirror, tmp_path_factory):
    """One real ``scrapy crawl sd_cancer`` (with its -O feed) → (its directory, CrawlResult), shared by the tests
    that read it or start from a copy of what it wrote (``support.copy_crawl``). Never write into it."""
    work = tmp_path_factory.mktemp("sd_cancer_shared")
    result = scrapy_command(mirror.url, ["crawl", "sd_cancer"], work)
    assert result.returncode == 0, result.log[-3000:]
    return work, result
