"""山东第一医科大学附属肿瘤医院 (Shandong Cancer Hospital): the 医院新闻 column."""

from .base import HospitalNewsSpider


class SdCancerSpider(HospitalNewsSpider):
    """Detail pages live at /news_hos/{year}/{8-character id}.html under www.sd-cancer.com or sd-cancer.com."""

    name = "sd_cancer"
    site_name = "山东第一医科大学附属肿瘤医院"
    category = "医院新闻"
    allowed_domains = ["sd-cancer.com"]
    start_urls = ["http://www.sd-cancer.com/news_hos"]

    article_url_pattern = r"^https?://(?:www\.)?sd-cancer\.com/news_hos/\d{4}/\w{8}\.html$"
    list_entry_css = "ul.newslist > li"
    list_summary_css = ".summary"
    breadcrumb_css = ".location"
    title_css = ".article h1.title"
    # Runs its fields together: 发布时间:2018-06-12 08:42:58本文来源: 院长办公室阅读次数:0
    meta_css = ".article .info"
    body_css = ".article .content"

    def parse_article(self, response, listing=None):
        """Contracts for `scrapy check sd_cancer` (the 2018 page states a source, which most pages leave empty).

        @url http://www.sd-cancer.com/news_hos/2018/jnegXjaw.html
        @returns items 1 1
        @returns requests 0 0
        @scrapes id url title publish_time_raw source view_count_raw content
        """
        return super().parse_article(response, listing)
