from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django.views.decorators.http import require_GET

from .editions import CYRILLIC, content_language, editions_of
from .models import Article, Category

NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most 1,000 URLs a sitemap


class ArticleSitemap(Sitemap):
    """Every published article; pages of 50,000 (?p=2 ...) beyond that."""

    changefreq = "daily"

    def items(self):
        return Article.objects.published().only("pk", "slug", "language", "updated_at").order_by("-published_at", "-pk")

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        with override(item.language):  # its own edition's address, whatever the reader's language
            return item.get_absolute_url()


class CyrillicArticleSitemap(ArticleSitemap):
    """The Uzbek articles once more, at their addresses in the Cyrillic edition."""

    def items(self):
        return super().items().filter(language=content_language(CYRILLIC))

    def location(self, item):
        with override(CYRILLIC):
            return item.get_absolute_url()


class SectionSitemap(Sitemap):
    """Edition home pages and category pages."""

    changefreq = "hourly"
    i18n = True
    languages = [code for code, _name in settings.LANGUAGES]
    alternates = True

    def items(self):
        return ["articles:home"] + list(Category.objects.order_by("position", "pk"))

    def get_languages_for_item(self, item):
        """A section only in the editions where it has a name."""
        languages = super().get_languages_for_item(item)
        return languages if isinstance(item, str) else [code for code in languages if item.in_edition(code)]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()


SITEMAPS = {"sections": SectionSitemap, "articles": ArticleSitemap, "articles-uz-cyrl": CyrillicArticleSitemap}


@require_GET
def news_sitemap(request):
    """Google News sitemap: the articles of the last two days."""
    since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("pk", "slug", "language", "title", "title_cyrl", "published_at")
        .order_by("-published_at")[:NEWS_SITEMAP_LIMIT]
    )
    entries = []
    for article in articles:
        for edition in editions_of(article.language):  # an Uzbek article in both scripts
            with override(edition):
                entries.append({"url": article.get_absolute_url(), "title": article.shown_title, "article": article})
    return render(
        request,
        "sitemaps/news.xml",
        {"entries": entries[:NEWS_SITEMAP_LIMIT]},
        content_type="application/xml; charset=utf-8",
    )
