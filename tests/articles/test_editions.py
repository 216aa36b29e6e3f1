from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client

from .factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize(
    ("headers", "cookie", "edition"),
    [
        ({"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}, None, "ru"),
        ({"Accept-Language": "en-GB,en;q=0.9"}, None, "en"),
        ({"Accept-Language": "de-DE"}, None, "uz"),
        ({}, None, "uz"),
        ({"Accept-Language": "ru"}, "en", "en"),
    ],
)
def test_root_redirects_to_the_readers_edition(headers, cookie, edition):
    browser = Client(headers=headers)
    if cookie:
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = browser.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{edition}/"


@pytest.mark.parametrize(
    ("edition", "phrases"),
    [
        ("uz", ["So‘nggi yangiliklar", "Eng ko‘p o‘qilgan", "Izlash", 'lang="uz"']),
        ("ru", ["Последние новости", "Самое читаемое", "Найти", 'lang="ru"']),
        ("en", ["Latest news", "Most read", "Search", 'lang="en"']),
    ],
)
def test_every_edition_speaks_its_language(client, edition, phrases):
    ArticleFactory(language=edition)
    from django.utils import timezone

    from articles.models import Article, DailyViews

    DailyViews.objects.create(article=Article.objects.get(), day=timezone.localdate(), views=3)
    content = client.get(f"/{edition}/").content.decode()
    for phrase in phrases:
        assert phrase in content


def test_category_names_follow_the_edition(client):
    CategoryFactory(name_en="World", name_ru="Мир", name_uz="Dunyo", slug="world")
    assert ">Мир</a>" in client.get("/ru/").content.decode()
    assert ">Dunyo</a>" in client.get("/uz/").content.decode()


def test_switcher_keeps_the_reader_on_the_same_section(client):
    CategoryFactory(slug="sport")
    content = client.get("/en/category/sport/?page=1").content.decode()
    assert 'href="/language/ru/?next=%2Fru%2Fcategory%2Fsport%2F%3Fpage%3D1"' in content


def test_switcher_on_an_article_leads_to_its_translation_or_the_edition_home(client):
    original = ArticleFactory(language="uz", title="Yangi tramvay")
    translation = ArticleFactory(language="ru", title="Новый трамвай", translation_of=original)
    content = client.get(translation.get_absolute_url()).content.decode()
    assert f"next=%2Fuz%2Fnews%2F{original.pk}-yangi-tramvay%2F" in content
    assert 'href="/language/en/?next=%2Fen%2F"' in content, "no English version: the English home"
    latin = f"http://testserver/uz/news/{original.pk}-yangi-tramvay/"
    assert f'<link rel="alternate" hreflang="uz-Latn" href="{latin}">' in content
    assert 'hreflang="en" href="http://testserver/en/' not in content.split("</head>")[0]


def test_switching_language_remembers_the_choice_for_the_root_address(client):
    response = client.get("/language/ru/", {"next": "/ru/category/sport/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/ru/category/sport/"
    assert client.get("/").headers["Location"] == "/ru/"


def test_switching_language_never_redirects_to_another_site(client):
    response = client.get("/language/ru/", {"next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert client.get("/language/de/").status_code == 404


@pytest.mark.parametrize("language", ["ru", "uz"])
def test_translation_catalogues_are_complete(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as file:
        catalog = read_po(file, locale=language)
    untranslated = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalog) > 100
