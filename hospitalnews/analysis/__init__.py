"""Reading the archive as typed tables, and the analyst's report and the operator's health page.

- ``table``: the archive as an Arrow table with documented column types; Parquet/CSV export.
- ``charts``: matplotlib charts rendered to inline SVG (text as paths: legible offline, CJK included).
- ``report``: the analyst's self-contained HTML report.
- ``health``: crawl health per night and site, from the run reports of ``scrapy crawlall``.
- ``page``: the HTML shell and table helpers the two pages share.

Nothing here imports Scrapy.
"""
