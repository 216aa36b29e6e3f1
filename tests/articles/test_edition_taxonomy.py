"""Sections and tags per edition, and an import that never loses an article to a name (issue 16, 1-3)."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles.forms import ArticleAdminForm
from articles.models import Article, Category, Tag

from .factories import CategoryFactory, TagFactory, UserFactory
from .test_import import run_import as import_file
from .test_import import write_lines

pytestmark = pytest.mark.django_db


def run_import(tmp_path, capsys, *records):
    """(the summary line, the reported lines, the exit status)."""
    out, err, status = import_file(write_lines(tmp_path, *records), capsys)
    return out.splitlines()[-1], err.splitlines(), status


def line(n, language, **fields):
    return {"id": f"x{n}", "title": f"Story {n}", "language": language, "category": "City", **fields}


def test_the_same_tag_name_in_two_scripts_is_two_tags_and_no_line_is_lost(client, tmp_path, capsys):
    summary, errors, status = run_import(
        tmp_path,
        capsys,
        line(1, "en", tags=["Tashkent", "transport", "UzAuto"]),
        line(2, "ru", category="Город", tags=["Ташкент", "транспорт", "UzAuto"]),
    )
    assert (summary, errors, status) == ("2 created, 0 updated, 0 failed.", [], 0)
    english, russian = Tag.objects.get(language="en", name="Tashkent"), Tag.objects.get(language="ru", name="Ташкент")
    assert english.slug == russian.slug == "tashkent"
    assert sorted(Tag.objects.filter(name="UzAuto").values_list("language", flat=True)) == ["en", "ru"]
    page = client.get(Article.objects.get(external_id="x2").get_absolute_url()).content.decode()
    assert "#Ташкент" in page and "#транспорт" in page
    assert "#Tashkent" not in page and "#transport" not in page
    assert "Story 2" in client.get("/ru/tag/tashkent/").content.decode()
    english_tag_page = client.get("/en/tag/tashkent/").content.decode()
    assert "Story 1" in english_tag_page and "Story 2" not in english_tag_page


def test_a_new_section_from_an_import_is_in_its_edition_only(client, tmp_path, capsys):
    run_import(tmp_path, capsys, line(1, "ru", category="Общество"))
    section = Category.objects.get(slug="obshchestvo")
    assert (section.name_ru, section.name_en, section.name_uz) == ("Общество", "", "")
    assert "Общество" in client.get("/ru/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Общество" not in english and "/en/category/obshchestvo/" not in english
    assert client.get("/en/category/obshchestvo/").status_code == 404
    assert client.get("/ru/category/obshchestvo/").status_code == 200
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/ru/category/obshchestvo/" in sitemap and "/en/category/obshchestvo/" not in sitemap


def test_a_section_is_matched_by_its_name_in_the_edition_or_its_slug(tmp_path, capsys):
    sport = CategoryFactory(slug="sport", name_en="Sport", name_ru="Спорт", name_uz="Sport")
    english_only = CategoryFactory(slug="business", name_en="Business", name_ru="", name_uz="")
    run_import(
        tmp_path,
        capsys,
        line(1, "ru", category="СПОРТ"),
        line(2, "en", category="sport"),
        line(3, "ru", category="Business"),  # an English name is no Russian section: a new one
    )
    assert Article.objects.get(external_id="x1").category == sport
    assert Article.objects.get(external_id="x2").category == sport
    made = Article.objects.get(external_id="x3").category
    assert made != english_only and (made.slug, made.name_ru, made.name_en) == ("business-2", "Business", "")


def test_a_line_without_a_section_is_reported_unless_a_default_is_set(tmp_path, capsys, settings):
    record = {"id": "x1", "title": "No section", "language": "en"}
    summary, errors, status = run_import(tmp_path, capsys, record)
    assert errors == ["line 1: missing required field 'category' (or set IMPORT_DEFAULT_SECTION)"]
    assert (summary, status) == ("0 created, 0 updated, 1 failed.", 1)
    assert not Category.objects.exists(), "no invented section"
    CategoryFactory(slug="news", name_en="News")
    settings.IMPORT_DEFAULT_SECTION = "news"
    assert run_import(tmp_path, capsys, record)[0] == "1 created, 0 updated, 0 failed."
    assert Article.objects.get().category.slug == "news"


def test_a_line_that_cannot_be_stored_is_reported_plainly_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    save = Tag.save

    def another_writer_took_it(self, *args, **kwargs):
        if self.name == "Contested":
            raise IntegrityError('duplicate key value violates unique constraint "tag_edition_slug_unique"')
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Tag, "save", another_writer_took_it)
    summary, errors, status = run_import(
        tmp_path, capsys, line(1, "en", category="Fresh section", tags=["Contested"]), line(2, "en")
    )
    assert errors == ["line 1: could not be stored: it conflicts with a record saved meanwhile; run again"]
    assert "constraint" not in " ".join(errors)
    assert (summary, status) == ("1 created, 0 updated, 1 failed.", 1)
    assert not Category.objects.filter(name_en="Fresh section").exists(), "the line's section was rolled back"
    assert list(Article.objects.values_list("external_id", flat=True)) == ["x2"]


def test_the_article_form_refuses_another_editions_tag_and_section(rf):
    section = CategoryFactory(name_en="City", name_ru="", name_uz="")
    russian_tag = TagFactory(language="ru", name="Ташкент")
    editor = UserFactory(group="Editor", is_superuser=True)
    data = {
        "title": "Tram",
        "slug": "tram",
        "body": "<p>Tram</p>",
        "category": section.pk,
        "language": "ru",
        "status": "draft",
        "published_at": "2026-12-01 10:00",
        "tags": [russian_tag.pk],
        "suggest_similar": "on",
    }
    form = ArticleAdminForm(data=data)
    form.user = editor
    assert not form.is_valid()
    assert form.errors["category"] == [
        "This section is not in the article's edition: name it there first, or choose another."
    ]
    form = ArticleAdminForm(data={**data, "language": "en"})
    form.user = editor
    assert not form.is_valid()
    assert "These tags belong to another edition: Ташкент" in str(form.errors["tags"])


def test_a_section_needs_a_name_in_some_edition(client):
    client.force_login(UserFactory(is_superuser=True))
    nameless = {"name_en": "", "name_ru": "", "name_uz": "", "slug": "x", "position": 0}
    response = client.post(reverse("admin:articles_category_add"), nameless)
    assert "Name the section in at least one edition" in response.content.decode()
    assert not Category.objects.exists()


def test_the_edition_menu_lists_only_its_sections(client):
    CategoryFactory(slug="both", name_en="Both", name_ru="Оба")
    CategoryFactory(slug="english", name_en="English only", name_ru="", name_uz="")
    assert "English only" in client.get("/en/").content.decode()
    russian = client.get("/ru/").content.decode()
    assert "Оба" in russian and "English only" not in russian and "/ru/category/english/" not in russian


@pytest.mark.django_db(transaction=True)
def test_the_migration_splits_a_shared_tag_by_the_editions_that_use_it():
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0009_article_page")])
    old = executor.loader.project_state([("articles", "0009_article_page")]).apps
    OldTag, OldArticle, OldCategory = (old.get_model("articles", n) for n in ("Tag", "Article", "Category"))
    section = OldCategory.objects.create(name_en="City", name_ru="Город", name_uz="Shahar", slug="city")
    shared = OldTag.objects.create(name="Tashkent", slug="tashkent")
    unused = OldTag.objects.create(name="Unused", slug="unused")
    articles = {}
    for n, language in enumerate(["en", "en", "ru", "uz"]):
        articles[n] = OldArticle.objects.create(title=f"a{n}", slug=f"a{n}", language=language, category=section)
        articles[n].tags.add(shared)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    tags = {tag.language: tag for tag in Tag.objects.filter(slug="tashkent")}
    assert set(tags) == {"en", "ru", "uz"}
    assert tags["en"].pk == shared.pk, "the edition with most of its articles keeps it"
    for n, language in enumerate(["en", "en", "ru", "uz"]):
        assert list(Article.objects.get(pk=articles[n].pk).tags.all()) == [tags[language]]
    assert Tag.objects.get(pk=unused.pk).language == "uz", "an unused tag stays in the default edition"
