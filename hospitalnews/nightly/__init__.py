"""Nightly operation: list walks that survive crashes, failure records, run reports, the crawlall lock."""
