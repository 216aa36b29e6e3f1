import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, CategoryFactory, TagFactory, UserFactory
from .files import image_bytes

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def head(response) -> str:
    content = response.content.decode()
    return content[: content.index("</head>")]


def test_article_head_has_title_description_canonical_and_social_tags(client):
    author = UserFactory(first_name="Dilnoza", last_name="Karimova")
    article = ArticleFactory(
        title="Tram line approved",
        lead="Nine kilometres.",
        author=author,
        cover=ContentFile(image_bytes(), "c.jpg"),
        cover_alt="A tram",
        tags=[TagFactory(name="transport")],
    )
    url = f"http://testserver{article.get_absolute_url()}"
    markup = head(client.get(article.get_absolute_url() + "?utm_source=x"))
    assert "<title>Tram line approved — Newsportal</title>" in markup
    assert '<meta name="description" content="Nine kilometres.">' in markup
    assert f'<link rel="canonical" href="{url}">' in markup
    assert '<meta property="og:type" content="article">' in markup
    assert f'<meta property="og:image" content="http://testserver{article.social_image["url"]}">' in markup
    assert '<meta property="og:image:width" content="1200">' in markup
    assert '<meta name="twitter:card" content="summary_large_image">' in markup
    assert '<meta property="article:tag" content="transport">' in markup
    assert '<link rel="alternate" type="application/rss+xml"' in markup

    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', markup, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Tram line approved"
    assert data["author"] == {"@type": "Person", "name": "Dilnoza Karimova"}
    assert data["publisher"]["name"] == "Newsportal"
    assert data["image"][0].endswith("-social.jpg")
    assert data["datePublished"] == data["dateModified"] == timezone.localtime(article.published_at).isoformat()
    assert data["mainEntityOfPage"] == url


def test_json_ld_cannot_break_out_of_its_script(client):
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    markup = head(client.get(article.get_absolute_url()))
    assert "</script><script>alert(1)" not in markup
    assert "\\u003C/script\\u003E" in markup


def test_list_pages_have_hreflang_alternates_for_every_edition(client):
    CategoryFactory(slug="sport")
    markup = head(client.get("/ru/category/sport/"))
    for tag, code in (("uz-Latn", "uz"), ("uz-Cyrl", "uz-cyrl"), ("ru", "ru"), ("en", "en")):
        assert f'<link rel="alternate" hreflang="{tag}" href="http://testserver/{code}/category/sport/">' in markup
    assert '<link rel="canonical" href="http://testserver/ru/category/sport/">' in markup


def test_edition_feed_lists_the_newest_published_articles(client):
    ArticleFactory(title="English one", cover=ContentFile(image_bytes(), "c.jpg"), cover_alt="x")
    ArticleFactory(title="Draft one", status=Article.Status.DRAFT)
    ArticleFactory(title="Русская", language="ru")
    response = client.get("/en/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["English one"]
    assert items[0].findtext("link").startswith("http://testserver/en/news/")
    assert items[0].find("enclosure").get("url").startswith("http://testserver/media/renditions/")


def test_category_feed(client):
    sport = CategoryFactory(slug="sport", name_en="Sport")
    ArticleFactory(title="Goal", category=sport)
    ArticleFactory(title="Vote")
    channel = ET.fromstring(client.get("/en/category/sport/rss/").content).find("channel")
    assert channel.findtext("title") == "Newsportal: Sport"
    assert [i.findtext("title") for i in channel.findall("item")] == ["Goal"]


def test_sitemap_lists_every_published_article(client):
    published = ArticleFactory.create_batch(3) + [ArticleFactory(language="ru")]
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(published_at=timezone.now() + timedelta(hours=2))
    CategoryFactory(slug="sport")
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    for article in published:
        assert f"http://testserver{article.get_absolute_url()}" in locations
    assert len([loc for loc in locations if "/news/" in loc]) == 4
    assert {"http://testserver/uz/category/sport/", "http://testserver/en/"} <= locations


def test_news_sitemap_has_the_last_two_days(client):
    fresh = ArticleFactory(title="Fresh & new", language="ru")
    ArticleFactory(title="Old", published_at=timezone.now() - timedelta(days=3))
    root = ET.fromstring(client.get("/news-sitemap.xml").content)
    urls = root.findall(f"{SITEMAP}url")
    assert len(urls) == 1
    assert urls[0].findtext(f"{SITEMAP}loc") == f"http://testserver{fresh.get_absolute_url()}"
    assert urls[0].findtext(f"{NEWS}news/{NEWS}title") == "Fresh & new"
    assert urls[0].findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") == "ru"


def test_robots_txt_points_at_the_sitemaps_and_hides_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
