"""Article pages kept from their data (articles.pages): what a reader gets is the page as it is now.

Each test reads a page that was kept, then changes what it shows the way the newsroom does (the
services, the admin's taxonomy saves, the similar-news rebuild), and reads it again with the page
cache off: the kept parts must follow every change, and the slots (clock, views, address, body) must
be filled for each request.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import pages
from articles.models import Article, ArticlePage, Category, Tag
from articles.services import article_delete, article_publish, article_save, article_unpublish, taxonomy_changed
from related.models import RelatedItem
from related.rebuild import related_rebuild

from ..related.test_similar_news import TOPICS
from ..related.test_similar_news import story as similar_story
from .factories import ArticleFactory, CategoryFactory, TagFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("midday")]


@pytest.fixture
def editor():
    return UserFactory(username="desk", group="Editor", is_superuser=True)


@pytest.fixture
def story(django_capture_on_commit_callbacks):
    """A published article with a tag, a translation and similar articles, its lists built."""
    section = CategoryFactory(slug="city", name_en="City")
    tag = TagFactory(name="metro")
    stories = {topic: [similar_story(topic, n, category=section) for n in range(4)] for topic in TOPICS}
    article, neighbours = stories["metro"][0], stories["metro"][1:3]
    Article.objects.filter(pk=article.pk).update(view_count=41)
    article.tags.set([tag])
    article.refresh_from_db()
    translation = ArticleFactory(language="ru", title="Метро открылось", translation_of=article)
    with django_capture_on_commit_callbacks(execute=True):
        related_rebuild()
    listed = set(RelatedItem.objects.filter(article=article).values_list("related_id", flat=True))
    assert listed >= {n.pk for n in neighbours}, "the story has a similar-news list"
    return {"article": article, "neighbours": neighbours, "translation": translation, "tag": tag}


def read(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def kept(client, article) -> str:
    """The page read twice: the first read keeps it, the second is served from what was kept."""
    read(client, article)
    assert ArticlePage.objects.filter(article=article).exists(), "the first reader's page was not kept"
    return read(client, article)


def test_a_kept_page_is_the_page_rendered_afresh(client, story, settings):
    article = story["article"]
    article.revised_at = timezone.now() - timedelta(minutes=5)
    article.source_url = "https://example.org/source?a=1&b=2"
    article.save()
    from_kept = kept(client, article)
    ArticlePage.objects.all().delete()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # nothing kept
    afresh = read(client, article)
    assert not ArticlePage.objects.exists()
    assert from_kept == afresh
    for part in (
        "41 views",
        "Today, ",
        '<meta property="og:url" content="http://testserver/en/news/',
        "https%3A%2F%2F" not in afresh and "url=http%3A%2F%2Ftestserver%2Fen%2Fnews%2F",
        article.body,
        story["neighbours"][0].title,
        'hreflang="ru"',
        '"mainEntityOfPage": "http://testserver/en/news/',
        "#metro",
    ):
        assert part in from_kept, part
    assert pages.OPEN not in from_kept and pages.CLOSE not in from_kept


def test_the_first_view_and_a_kept_view_run_a_fixed_number_of_queries(client, story):
    article = story["article"]
    read(client, article)  # the edition's blocks
    counts = []
    for _ in range(2):
        ArticlePage.objects.all().delete()
        cache.delete(pages.DISCARDS_KEY)
        with CaptureQueriesContext(connection) as first:
            read(client, article)
        with CaptureQueriesContext(connection) as again:
            read(client, article)
        counts.append((len(first), len(again)))
        ArticleFactory.create_batch(5, category=article.category)  # more content: the same counts
    assert counts[0] == counts[1]
    assert counts[0][1] == 1, "a kept page is the article's one query"


def test_the_clock_and_the_views_are_filled_for_each_request(client, story):
    article = story["article"]
    assert "Today, " in kept(client, article)
    Article.objects.filter(pk=article.pk).update(view_count=1234)  # as flush_views writes them
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        page = read(client, article)
    assert "Yesterday, " in page and "Today, " not in page.split('class="similar-news"')[0]
    assert "1234 views" in page
    assert ArticlePage.objects.get(article=article).rendered_from == Article.objects.get(pk=article.pk).updated_at


def test_the_address_is_the_one_the_reader_asked_for(client, story, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.org"]
    article = story["article"]
    kept(client, article)
    page = client.get(article.get_absolute_url(), HTTP_HOST="news.example.org", secure=True).content.decode()
    assert '<meta property="og:url" content="https://news.example.org/en/news/' in page
    assert "url=https%3A%2F%2Fnews.example.org%2Fen%2Fnews%2F" in page
    assert "testserver" not in page


def test_an_edit_shows_at_once(client, story, editor, django_capture_on_commit_callbacks):
    article = story["article"]
    kept(client, article)
    article.title = "Metro line opens to the harbour"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=article, user=editor)
    assert ArticlePage.objects.filter(article=article).exists(), "rendered again on save, for its first reader"
    assert "<h1>Metro line opens to the harbour</h1>" in read(client, article)


def test_a_save_outside_the_services_still_shows(client, story):
    article = story["article"]
    kept(client, article)
    article.title = "Corrected in a shell"
    article.save()
    page = read(client, article)
    assert "<h1>Corrected in a shell</h1>" in page
    assert '<meta property="og:title" content="Corrected in a shell">' in page


@pytest.mark.parametrize("change", ["edit", "unpublish", "delete"])
def test_a_change_of_a_similar_article_shows_on_the_pages_that_list_it(
    client, story, editor, change, django_capture_on_commit_callbacks
):
    article, neighbour = story["article"], story["neighbours"][0]
    old_title = neighbour.title
    assert old_title in kept(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "edit":
            neighbour.title = "Metro trains renamed station"
            article_save(article=neighbour, user=editor)
        elif change == "unpublish":
            article_unpublish(article=neighbour, user=editor)
        else:
            article_delete(articles=Article.objects.filter(pk=neighbour.pk), user=editor)
    page = read(client, article)
    assert old_title not in page
    assert ("Metro trains renamed station" in page) == (change == "edit")


def test_a_published_translation_shows_in_the_language_links(client, story, editor, django_capture_on_commit_callbacks):
    article = story["article"]
    assert '<link rel="alternate" hreflang="uz-Latn"' not in kept(client, article)
    uzbek = ArticleFactory(language="uz", title="Metro ochildi", translation_of=article, status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=uzbek, user=editor)
    assert '<link rel="alternate" hreflang="uz-Latn"' in read(client, article)


@pytest.mark.parametrize("what", ["section", "tag"])
def test_a_renamed_section_or_tag_shows_on_every_kept_page(client, story, what, django_capture_on_commit_callbacks):
    article = story["article"]
    kept(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        if what == "section":
            Category.objects.filter(slug="city").update(name_en="Capital")
        else:
            Tag.objects.filter(pk=story["tag"].pk).update(name="underground")
        taxonomy_changed()  # what the section and tag admins call
    page = read(client, article)
    assert (">Capital</a>" in page) if what == "section" else ("#underground" in page)


def test_a_scheduled_similar_article_appears_when_its_time_comes(client, story):
    article, neighbour = story["article"], story["neighbours"][1]
    Article.objects.filter(pk=neighbour.pk).update(published_at=timezone.now() + timedelta(minutes=10))
    ArticlePage.objects.all().delete()
    assert neighbour.title not in kept(client, article)
    assert ArticlePage.objects.get(article=article).expires_at == Article.objects.get(pk=neighbour.pk).published_at
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert neighbour.title in read(client, article)


def test_a_page_whose_similar_news_is_its_sections_newest_is_kept_a_minute(client, editor):
    section = CategoryFactory()
    article = ArticleFactory(category=section, title="Alone in its section")
    kept(client, article)  # no similar-news list yet: the newest of its section
    newer = ArticleFactory(category=section, title="Newer in the section")
    assert newer.title not in read(client, article)
    with time_machine.travel(timezone.now() + timedelta(seconds=pages.NEWEST_OF_SECTION_SECONDS + 1)):
        assert newer.title in read(client, article)


def test_other_templates_or_catalogues_render_the_page_again(client, story, monkeypatch):
    article = story["article"]
    kept(client, article)
    ArticlePage.objects.filter(article=article).update(main="<p>rendered by an older version</p>")
    assert "older version" in read(client, article)
    monkeypatch.setattr(pages, "version", lambda: "another-version")
    assert "older version" not in read(client, article)
    assert ArticlePage.objects.get(article=article).version == "another-version"


@pytest.mark.django_db(transaction=True)  # the editor's change commits during the render
def test_a_change_during_a_render_is_not_kept(client, story, monkeypatch):
    article = story["article"]
    translations_of = pages.translations_of

    def an_editor_saves_meanwhile(a):
        pages.discard([a.pk])  # outside a transaction: at once, as after the editor's commit
        return translations_of(a)

    monkeypatch.setattr(pages, "translations_of", an_editor_saves_meanwhile)
    assert article.title in read(client, article), "the reader still gets the page"
    assert not ArticlePage.objects.filter(article=article).exists()


def test_without_the_shared_cache_pages_are_rendered_and_not_kept(client, story, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert story["article"].title in read(client, story["article"])
    assert not ArticlePage.objects.exists()


def test_slot_like_text_from_an_editor_is_shown_as_written(client, story):
    article = story["article"]
    Article.objects.filter(pk=article.pk).update(
        title=f"Odd {pages.OPEN}tnot-a-date{pages.CLOSE} and {pages.OPEN}v1{pages.CLOSE}",
        body=f"<p>{pages.OPEN}v{pages.CLOSE} stays</p>",
    )
    page = kept(client, article)
    assert f"{pages.OPEN}tnot-a-date{pages.CLOSE}" in page
    assert f"<p>{pages.OPEN}v{pages.CLOSE} stays</p>" in page


def test_a_preview_is_never_kept(client, story):
    draft = ArticleFactory(status=Article.Status.DRAFT, title="Not yet")
    client.force_login(UserFactory(group="Editor"))
    assert "Not yet" in read(client, draft)
    assert read(client, story["article"])
    assert not ArticlePage.objects.exists()


def test_keep_pages_renders_the_missing_and_outdated_pages(story, capsys):
    ArticlePage.objects.all().delete()
    call_command("keep_pages", "--shard", "1/2")
    call_command("keep_pages", "--shard", "2/2")
    published = Article.objects.published().count()
    assert ArticlePage.objects.count() == published
    call_command("keep_pages")
    assert "0 pages kept" in capsys.readouterr().out.splitlines()[-1]
    with pytest.raises(CommandError, match="K/N"):
        call_command("keep_pages", "--shard", "two")


def test_the_authors_name_in_structured_data_follows_the_admin(client, story):
    article = story["article"]
    writer = UserFactory(username="writer", first_name="Dilnoza", last_name="<Karimova>")
    Article.objects.filter(pk=article.pk).update(author=writer)
    ArticlePage.objects.all().delete()
    page = kept(client, article)
    assert '"author": {"@type": "Person", "name": "Dilnoza \\u003CKarimova\\u003E"}' in page
    writer.first_name, writer.last_name = "Dilnoza", "Rashidova"
    writer.save()  # the user admin: no article changes
    assert '"author": {"@type": "Person", "name": "Dilnoza Rashidova"}' in read(client, article)


def test_a_translation_unlinked_leaves_the_language_links(client, story, editor, django_capture_on_commit_callbacks):
    article, translation = story["article"], story["translation"]
    assert '<link rel="alternate" hreflang="ru"' in kept(client, article)
    translation.translation_of = None
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=translation, user=editor)
    assert '<link rel="alternate" hreflang="ru"' not in read(client, article)


def test_with_debug_on_an_edited_template_shows_without_a_restart(settings, monkeypatch):
    before = pages.version()
    monkeypatch.setattr(pages, "_digest", lambda: "edited-template")
    settings.DEBUG = False
    assert pages.version() == before, "production reads the files once per process"
    settings.DEBUG = True
    assert pages.version() == "edited-template"
