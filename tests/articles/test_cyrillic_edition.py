"""The Uzbek Cyrillic edition (/uz-cyrl/): the Uzbek articles, written in Latin, read in Cyrillic."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles import pages, services
from articles.management.commands.cyrillic_catalogue import message_to_cyrillic
from articles.models import Article, ArticlePage, Category, CyrillicException, Tag
from caching import local

from ..caching.test_invalidation import backend, cached, fresh  # noqa: F401 - fixtures
from .factories import ArticleFactory, CategoryFactory, TagFactory, UserFactory
from .test_admin import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("midday")]

BODY = (
    '<p>Toshkent shahrida yangi <a href="https://example.org/yo‘l?shahar=toshkent" title="Yo‘l xaritasi">yo‘l</a> '
    "ochildi.</p><p>Oktabrda qurilish boshlangan edi.</p>"
)


@pytest.fixture
def section():
    return CategoryFactory(slug="city", name_uz="Shahar", name_ru="Город", name_en="City")


@pytest.fixture
def story(section):
    tag = TagFactory(language="uz", name="Toshkent")
    return ArticleFactory(
        language="uz",
        title="Toshkentda yangi yo‘l ochildi",
        lead="Shahar markazi bilan aeroport o‘rtasidagi yo‘l qisqardi.",
        body=BODY,
        category=section,
        tags=[tag],
    )


def reader(language: str = "en") -> Client:
    return Client(headers={"Accept-Language": language})


def read(url: str, client: Client | None = None) -> str:
    response = (client or reader()).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def cyrillic_url(article) -> str:
    with translation.override("uz-cyrl"):
        return article.get_absolute_url()


def latin_url(article) -> str:
    with translation.override("uz"):
        return article.get_absolute_url()


def edit_data(article, **overrides) -> dict:
    """The admin form of ``article`` as it stands, with ``overrides``."""
    article.refresh_from_db()
    data = form_data(
        article.category, title=article.title, slug=article.slug, lead=article.lead, body=article.body,
        language=article.language, loaded_version=article.lock_version, tags=[t.pk for t in article.tags.all()],
    )  # fmt: skip
    for copy in Article.CYRILLIC_FIELDS.values():
        if copy != "excerpt_cyrl":
            data[copy] = getattr(article, copy)
    for inline in ("related_pins", "related_exclusions", "bylines_set", "notes", "gallery"):
        data.update({f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0})
    data.update(overrides)
    return data


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_uzbek_article_is_kept_in_cyrillic_on_save(story):
    assert story.title_cyrl == "Тошкентда янги йўл очилди"
    assert story.lead_cyrl == "Шаҳар маркази билан аэропорт ўртасидаги йўл қисқарди."
    assert story.excerpt_cyrl == story.lead_cyrl
    # The body's text only: the address, its query and the title attribute stay as written.
    assert story.body_cyrl == (
        '<p>Тошкент шаҳрида янги <a href="https://example.org/yo‘l?shahar=toshkent" title="Yo‘l xaritasi" '
        'rel="noopener noreferrer">йўл</a> '
        "очилди.</p><p>Октябрда қурилиш бошланган эди.</p>"
    )
    assert story.tags.get().name_cyrl == "Тошкент"
    assert story.category.name_cyrl == "Шаҳар"
    english = ArticleFactory(language="en", title="Tashkent opens a road")
    assert english.title_cyrl == "" and english.body_cyrl == "", "only Uzbek articles have Cyrillic copies"


def test_the_cyrillic_edition_serves_the_article_in_cyrillic(client, story):
    url = cyrillic_url(story)
    assert url == f"/uz-cyrl/news/{story.pk}-{story.slug}/"
    html = read(url)
    assert '<html lang="uz-Cyrl">' in html
    assert "<h1>Тошкентда янги йўл очилди</h1>" in html
    assert "Октябрда қурилиш бошланган эди." in html
    assert 'href="https://example.org/yo‘l?shahar=toshkent"' in html
    assert f'href="/uz-cyrl/tag/{story.tags.get().slug}/">#Тошкент</a>' in html
    assert 'href="/uz-cyrl/category/city/">Шаҳар</a>' in html
    assert "Бугун, " in html, "the time in the edition's own words"
    assert "<title>Тошкентда янги йўл очилди — Newsportal</title>" in html
    assert '"inLanguage": "uz-Cyrl"' in html
    assert "Toshkentda" not in text_of(html.split("</head>")[1]), "no Latin headline left on the page"
    latin = read(latin_url(story))
    assert '<html lang="uz-Latn">' in latin
    assert "<h1>Toshkentda yangi yo‘l ochildi</h1>" in latin
    for page in (html, latin):
        assert f'<link rel="alternate" hreflang="uz-Latn" href="http://testserver/uz/news/{story.pk}-' in page
        assert f'<link rel="alternate" hreflang="uz-Cyrl" href="http://testserver/uz-cyrl/news/{story.pk}-' in page


def test_an_article_of_another_language_is_not_in_the_cyrillic_edition(client):
    russian = ArticleFactory(language="ru", title="Новая дорога")
    response = client.get(f"/uz-cyrl/news/{russian.pk}-{russian.slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/ru/news/{russian.pk}-{russian.slug}/"
    assert "Новая дорога" not in read("/uz-cyrl/")


def test_lists_menus_and_tag_pages_read_in_cyrillic(story):
    home = read("/uz-cyrl/")
    assert "Тошкентда янги йўл очилди" in home
    assert f'href="/uz-cyrl/news/{story.pk}-' in home, "cards link the Cyrillic addresses"
    assert '<a href="/uz-cyrl/category/city/">Шаҳар</a>' in home, "the sections menu"
    assert "Toshkentda" not in text_of(home)
    section = read("/uz-cyrl/category/city/")
    assert '<h1 class="section-title">Шаҳар</h1>' in section
    assert "Тошкентда янги йўл очилди" in section
    tag = read(f"/uz-cyrl/tag/{story.tags.get().slug}/")
    assert '<h1 class="section-title">#Тошкент</h1>' in tag
    assert "Шаҳар маркази билан аэропорт" in tag


def test_the_switcher_names_every_edition_in_its_own_script(story):
    html = read(cyrillic_url(story))
    switcher = html[html.index('<nav class="editions"') :].split("</nav>")[0]
    assert text_of(switcher) == "O‘zbekcha Ўзбекча Русский English"
    assert '<span aria-current="true" lang="uz-Cyrl">Ўзбекча</span>' in switcher
    assert f"next=%2Fuz%2Fnews%2F{story.pk}-" in switcher, "O‘zbekcha leads to the same article in Latin"


def test_the_interface_catalogue_is_the_latin_one_transliterated():
    call_command("cyrillic_catalogue", "--check")  # the committed catalogue is what the generator makes
    assert message_to_cyrillic("%(views)s marta ko‘rilgan") == "%(views)s марта кўрилган"
    assert message_to_cyrillic("<strong>Diqqat:</strong> {name} o‘chirildi") == (
        "<strong>Диққат:</strong> {name} ўчирилди"
    )
    with translation.override("uz-cyrl"):
        assert translation.gettext("Today, %(time)s") == "Бугун, %(time)s"
        assert translation.gettext("Search news") == "Янгиликларни излаш"
        assert translation.pgettext("alt. month", "October") == "Октябрь", "Django's month names too"


def test_header_weather_and_date_are_in_cyrillic(story):
    html = read("/uz-cyrl/")
    header = text_of(html[html.index('<header class="site-header"') : html.index("</header>")])
    month = {12: "Декабрь", 1: "Январь"}.get(timezone.localdate().month)
    if month:
        assert month in header
    assert "Тошкент" in header, "the weather widget's city"
    assert "шамол" in header, "the weather widget's words"
    assert "Toshkent" not in header


def test_search_finds_an_article_whichever_script_the_query_is_in(story):
    for edition in ("uz-cyrl", "uz"):
        for query in ("йўл очилди", "yo‘l ochildi", "ОКТЯБРДА", "Toshkentda"):
            html = read(f"/{edition}/search/?q={query}")
            results = html.split('class="search-summary"')[1].split("</main>")[0]
            assert f'href="/{edition}/news/{story.pk}-' in results, (edition, query)
    assert "«метро» бўйича 0 та мақола топилди." in read("/uz-cyrl/search/?q=метро")


def test_feeds_and_sitemaps_list_the_cyrillic_edition(client, story):
    feed = read("/uz-cyrl/rss/")
    assert "<language>uz-Cyrl</language>" in feed
    assert "<title>Тошкентда янги йўл очилди</title>" in feed
    assert f"/uz-cyrl/news/{story.pk}-" in feed
    sitemap = read("/sitemap.xml")
    assert f"<loc>http://testserver/uz-cyrl/news/{story.pk}-{story.slug}/</loc>" in sitemap
    assert f"<loc>http://testserver/uz/news/{story.pk}-{story.slug}/</loc>" in sitemap
    assert "<loc>http://testserver/uz-cyrl/category/city/</loc>" in sitemap
    news = read("/news-sitemap.xml")
    assert "<news:title>Тошкентда янги йўл очилди</news:title>" in news
    assert f"/uz-cyrl/news/{story.pk}-" in news
    cyrillic_reader = read("/sitemap.xml", reader("uz-Cyrl"))
    assert f"<loc>http://testserver/uz/news/{story.pk}-{story.slug}/</loc>" in cyrillic_reader, (
        "a sitemap is the same whoever asks"
    )


def test_accept_language_uz_cyrl_leads_to_the_cyrillic_edition_and_the_choice_is_remembered():
    for header in ("uz-Cyrl", "uz-Cyrl-UZ,uz;q=0.8", "uz-cyrl"):
        response = reader(header).get("/")
        assert response.status_code == 302
        assert response["Location"] == "/uz-cyrl/", header
    assert reader("uz-Latn").get("/")["Location"] == "/uz/"
    browser = reader("ru")
    switched = browser.get("/language/uz-cyrl/", {"next": "/uz-cyrl/"})
    assert switched.cookies["django_language"].value == "uz-cyrl"
    assert browser.get("/")["Location"] == "/uz-cyrl/", "the choice outlives the browser's language"


def test_similar_news_is_the_latin_editions_in_cyrillic(story, django_capture_on_commit_callbacks):
    from related.rebuild import related_rebuild

    neighbour = ArticleFactory(
        language="uz",
        title="Toshkent yo‘llarida yangi svetoforlar",
        lead="Yo‘l harakati xavfsizligi uchun Toshkent yo‘llarida svetoforlar o‘rnatildi.",
        body="<p>Toshkent yo‘l qurilishi davom etmoqda, yangi yo‘l ochildi.</p>",
        category=story.category,
    )
    with django_capture_on_commit_callbacks(execute=True):
        related_rebuild()
    latin = read(latin_url(story))
    cyrillic = read(cyrillic_url(story))
    assert "Toshkent yo‘llarida yangi svetoforlar" in latin.split('similar-news"')[1]
    block = cyrillic.split('similar-news"')[1]
    assert "Тошкент йўлларида янги светофорлар" in block
    assert f'href="/uz-cyrl/news/{neighbour.pk}-' in block


def test_each_script_has_its_own_kept_page_read_in_one_query(story, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cyrillic-kept"}
    }
    settings.PAGE_CACHE_SECONDS = 0  # each read is the view's
    counts = {}
    for url in (cyrillic_url(story), latin_url(story)):
        first = read(url)
        with CaptureQueriesContext(connection) as queries:
            assert read(url) == first, "the kept page is the page rendered afresh"
        counts[url] = len(queries)
    assert set(counts.values()) == {1}, counts
    assert set(ArticlePage.objects.filter(article=story).values_list("edition", flat=True)) == {"uz", "uz-cyrl"}


def test_a_latin_edit_changes_both_scripts_pages_at_once(
    backend,  # noqa: F811 - the page cache in local memory and in Redis
    story,
    django_capture_on_commit_callbacks,
):
    editor = UserFactory(username="desk", group="Editor", is_superuser=True)
    urls = ["/uz/", "/uz-cyrl/", story.get_absolute_url(), cyrillic_url(story), "/uz-cyrl/category/city/"]
    for url in urls:
        cached(reader(), url)
    story.title = "Toshkentda ikkinchi yo‘l ochildi"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=story, user=editor)
    for url in urls:
        html = fresh(reader(), url)
        expected = "Тошкентда иккинчи йўл очилди" if url.startswith("/uz-cyrl/") else "Toshkentda ikkinchi yo‘l ochildi"
        assert expected in html, url


def test_an_editor_corrects_one_article_and_the_correction_is_kept(story, django_capture_on_commit_callbacks):
    editor = Client(headers={"Accept-Language": "en"})
    editor.force_login(UserFactory(username="desk", group="Editor", is_superuser=True))
    url = reverse("admin:articles_article_change", args=[story.pk])
    data = edit_data(story, title_cyrl="Тошкентда янги йўл очилди!")  # the editor's own wording
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.title_cyrl == "Тошкентда янги йўл очилди!"
    assert story.cyrillic_manual == ["title"]

    data = edit_data(story, title="Toshkentda yangi yo‘l rasman ochildi", lead="Yo‘l qisqardi.")
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.title_cyrl == "Тошкентда янги йўл очилди!", "a hand-written copy outlives the Latin edit"
    assert story.lead_cyrl == "Йўл қисқарди.", "the other copies follow the Latin text"
    assert "Тошкентда янги йўл очилди!" in read(cyrillic_url(story))

    data = edit_data(story, title_cyrl="")  # back to the transliteration
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, data).status_code == 302
    story.refresh_from_db()
    assert story.title_cyrl == "Тошкентда янги йўл расман очилди"
    assert story.cyrillic_manual == []


def test_a_hand_written_cyrillic_body_is_sanitised(story):
    story.body_cyrl = '<p onclick="steal()">Янги матн</p><script>alert(1)</script>'
    story.cyrillic_manual = ["body"]
    story.save()
    story.refresh_from_db()
    assert story.body_cyrl == "<p>Янги матн</p>"
    assert "<script>" not in read(cyrillic_url(story))


def test_the_editors_dictionary_respells_what_uses_the_word(story, django_capture_on_commit_callbacks):
    workshop = ArticleFactory(
        language="uz", title="Yangi sex ochildi", body="<p>Sexda yuz kishi ishlaydi.</p>", category=story.category
    )
    assert workshop.title_cyrl == "Янги сех очилди"  # the rules cannot know this loanword
    cached_html = read(cyrillic_url(workshop))
    assert "Сехда юз киши ишлайди." in cached_html
    editor = Client(headers={"Accept-Language": "en"})
    editor.force_login(UserFactory(username="desk", group="Editor", is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            reverse("admin:articles_cyrillicexception_add"), {"latin": "sex", "cyrillic": "цех", "note": "workshop"}
        )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title_cyrl == "Янги цех очилди"
    assert "Цехда юз киши ишлайди." in read(cyrillic_url(workshop)), "the kept page was rendered again"
    story.refresh_from_db()
    assert story.title_cyrl == "Тошкентда янги йўл очилди", "an article without the word is untouched"
    assert ArticleFactory(language="uz", title="Sex kengaydi").title_cyrl == "Цех кенгайди", "and new ones use it"

    with django_capture_on_commit_callbacks(execute=True):
        editor.post(
            reverse("admin:articles_cyrillicexception_delete", args=[CyrillicException.objects.get().pk]),
            {"post": "yes"},
        )
    workshop.refresh_from_db()
    assert workshop.title_cyrl == "Янги сех очилди", "removing the entry spells it by the rules again"


def test_the_dictionary_refuses_a_phrase_or_an_empty_spelling():
    editor = Client(headers={"Accept-Language": "en"})
    editor.force_login(UserFactory(username="desk", group="Editor", is_superuser=True))
    response = editor.post(reverse("admin:articles_cyrillicexception_add"), {"latin": "yangi yil", "cyrillic": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "One word, as editors write it in Latin." in html
    assert not CyrillicException.objects.exists()


def test_sections_and_tags_take_a_hand_written_cyrillic_name():
    editor = Client(headers={"Accept-Language": "en"})
    editor.force_login(UserFactory(username="desk", group="Editor", is_superuser=True))
    response = editor.post(
        reverse("admin:articles_category_add"),
        {"name_uz": "Jahon", "name_cyrl": "", "name_ru": "Мир", "name_en": "World", "slug": "world", "position": 1},
    )
    assert response.status_code == 302
    assert Category.objects.get(slug="world").name_cyrl == "Жаҳон"
    tag = Tag.objects.create(language="uz", name="Sex")
    assert tag.name_cyrl == "Сех"
    url = reverse("admin:articles_tag_change", args=[tag.pk])
    editor.post(url, {"language": "uz", "name": "Sex", "name_cyrl": "Цех", "slug": tag.slug})
    tag.refresh_from_db()
    assert (tag.name_cyrl, tag.cyrillic_manual) == ("Цех", ["name"])


def test_cyrillic_pages_cost_the_queries_of_latin_ones_however_much_content(story):
    def counts():
        """Each page's queries with nothing cached."""
        result = []
        for url in ("/uz/", "/uz-cyrl/", "/uz/category/city/", "/uz-cyrl/category/city/"):
            cache.clear()
            local.forget()
            with CaptureQueriesContext(connection) as queries:
                read(url)
            result.append(len(queries))
        return result

    ArticleFactory(language="uz", category=story.category)  # a list besides the lead story
    before = counts()
    assert before[0] == before[1] and before[2] == before[3], before
    ArticleFactory.create_batch(6, language="uz", category=story.category, published_at=timezone.now() - timedelta(1))
    assert counts() == before


@pytest.mark.django_db(transaction=True)
def test_existing_uzbek_content_gets_its_cyrillic_copies_when_migrating():
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0012_sections_per_edition")])
    old = executor.loader.project_state([("articles", "0012_sections_per_edition")]).apps
    section = old.get_model("articles", "Category").objects.create(name_uz="Jamiyat", slug="society")
    created = old.get_model("articles", "Article").objects.create(
        title="Yangi ko‘prik", slug="kuprik", body="<p>Oktabrda ochiladi.</p>", language="uz", category=section
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    article = Article.objects.get(pk=created.pk)
    assert (article.title_cyrl, article.body_cyrl) == ("Янги кўприк", "<p>Октябрда очилади.</p>")
    assert "янги кўприк" in article.search_title, "found by a Cyrillic search"
    assert Category.objects.get(slug="society").name_cyrl == "Жамият"


def test_kept_pages_of_both_scripts_go_with_a_change(story, settings, django_capture_on_commit_callbacks):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "both"}}
    read(latin_url(story))
    read(cyrillic_url(story))
    assert ArticlePage.objects.filter(article=story).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        pages.discard([story.pk])
    assert not ArticlePage.objects.filter(article=story).exists()
    assert Article.objects.get(pk=story.pk).title_cyrl
