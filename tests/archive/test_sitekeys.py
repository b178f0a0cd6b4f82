"""Site keys are [a-z0-9_]+ wherever they come from: nothing is ever written outside ARCHIVE_DIR."""

import pytest

from hospitalnews.archive import SiteArchive
from hospitalnews.papers import load_papers
from hospitalnews.registry import load_sites
from hospitalnews.sitekeys import InvalidSiteKey, check_site_key

BAD = ["../../x", "..", "a/b", "", "Sd_Cancer", "x y", ".staging", "a" * 65, "站点", "a\nb", None]


@pytest.mark.parametrize("key", BAD)
def test_bad_keys_are_refused(key):
    with pytest.raises(InvalidSiteKey, match="not a valid site key"):
        check_site_key(key)


def test_good_keys_pass():
    assert [check_site_key(k) for k in ("sd_cancer", "taianribao", "www_x_test_8080")] == ["sd_cancer", "taianribao", "www_x_test_8080"]


def test_the_archive_refuses_a_path_as_a_site(tmp_path):
    root = tmp_path / "archive"
    with pytest.raises(InvalidSiteKey):
        SiteArchive(root, "../escaped")
    assert not (tmp_path / "escaped").exists()


def test_the_registry_and_the_papers_file_refuse_bad_keys(tmp_path):
    (tmp_path / "sites.toml").write_text('[[site]]\nkey = "../up"\nname = "x"\nstart_urls = ["http://x.test/"]\n', "utf-8")
    with pytest.raises(InvalidSiteKey, match="sites.toml"):
        load_sites(tmp_path / "sites.toml")
    (tmp_path / "papers.toml").write_text(
        '[layouts.l]\nfirst_page = "a"\npage_link = "b"\narticle_link = "c"\ntitle = "d"\nbody = "e"\n'
        '[papers."../p"]\nname = "报"\nroot = "http://p.test/"\nlayout = "l"\n', "utf-8")
    with pytest.raises(InvalidSiteKey):
        load_papers(tmp_path / "papers.toml")


def test_a_site_argument_that_is_a_path_stops_the_crawl_and_writes_nothing(scrapy_run, tmp_path):
    result = scrapy_run(["crawl", "news", "-a", "site=../../escaped", "-a",
                         "start_url=http://www.nightly-hospital.test/news/"],
                        settings={"ARCHIVE_DIR": str(tmp_path / "a" / "b")}, feed=False, timeout=60)
    assert result.returncode == 2   # `scrapy crawl` checks spider arguments first (spiders/args.py): one line
    assert "-a site=../../escaped: a site key is a-z, 0-9 and _ only" in result.log and "Traceback" not in result.log
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "a").exists()


def test_crawlall_with_a_bad_registry_key_says_so_in_one_line(scrapy_run, tmp_path):
    (tmp_path / "sites.toml").write_text('[[site]]\nkey = "a/b"\nname = "x"\nstart_urls = ["http://x.test/"]\n', "utf-8")
    result = scrapy_run(["crawlall", "--registry", str(tmp_path / "sites.toml")],
                        settings={"RUNS_DIR": str(tmp_path / "runs")}, feed=False, timeout=60)
    assert result.returncode == 2
    assert "'a/b' is not a valid site key" in result.log and "Traceback" not in result.log
