def test_scrapy_check_passes_for_every_spider_with_contracts(scrapy_run):
    result = scrapy_run(["check"], feed=False)
    assert result.returncode == 0, result.log[-3000:]
    assert "OK" in result.log and "FAILED" not in result.log
