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
