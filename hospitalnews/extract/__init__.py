"""Pure extraction functions: text in, values out. Nothing here imports Scrapy."""
