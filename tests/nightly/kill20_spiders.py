"""The spider of the kill-20 test (its own module, so crawlall tests do not run it)."""

from .site import HOST
from .spiders import NightlySiteSpider


class Kill20Spider(NightlySiteSpider):
    """The 2,080-article generated site: four sections of 520."""

    name = "kill20_site"
    start_urls = [f"http://{HOST}/{section}/" for section in ("news", "notice", "kepu", "dangjian")]
