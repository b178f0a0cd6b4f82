"""One spider per file. Shared crawling logic lives in ``base.py``."""
