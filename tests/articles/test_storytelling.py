"""Bylines and author pages, corrections and updates, the media library and galleries, the social image."""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from reversion.models import Version

from articles import storytelling
from articles.media import GalleryImage, MediaImage
from articles.models import Article, ArticleNote, Author
from articles.services import article_save

from ..conftest import stored_files
from .factories import ArticleFactory, CategoryFactory, UserFactory
from .files import image_bytes, jpeg_with_metadata, upload
from .test_admin import ADD_URL, form_data
from .test_import import run_import, write_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(username="editor", group="Editor")


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def cards(html: str) -> str:
    """The page's own list of cards (not the aside's latest news)."""
    start = html.index('<div class="cards">')
    ends = [html.find(mark, start) for mark in ('<nav class="pager"', "</main>")]
    return html[start : min(end for end in ends if end > 0)]


def news_article_ld(html: str) -> dict:
    return next(block for block in json_ld(html) if block.get("@type") == "NewsArticle")


def with_authors(*authors, **fields) -> Article:
    article = ArticleFactory(**fields)
    storytelling.article_set_authors(article=article, authors=list(authors))
    return article


# Bylines and authors


def test_article_page_and_cards_carry_the_bylines_with_links_to_author_pages(client):
    gulnora = Author.objects.create(name_en="Gulnora Karimova", name_ru="Гульнора Каримова", role_en="Correspondent")
    timur = Author.objects.create(name_en="Timur Aliev", links="https://t.me/timur_aliev")
    article = with_authors(gulnora, timur, title="Metro line opens")
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<p class="byline">By <a href="/en/author/gulnora-karimova/" rel="author">Gulnora Karimova</a>, '
        '<a href="/en/author/timur-aliev/" rel="author">Timur Aliev</a></p>'
    ) in html
    assert news_article_ld(html)["author"] == [
        {
            "@type": "Person",
            "name": "Gulnora Karimova",
            "url": "http://testserver/en/author/gulnora-karimova/",
            "jobTitle": "Correspondent",
        },
        {
            "@type": "Person",
            "name": "Timur Aliev",
            "url": "http://testserver/en/author/timur-aliev/",
            "sameAs": ["https://t.me/timur_aliev"],
        },
    ]
    home = client.get("/en/").content.decode()
    assert '<span class="card-byline">Gulnora Karimova, Timur Aliev</span>' in home


def test_each_edition_reads_an_authors_name_in_its_language(client):
    author = Author.objects.create(name_en="Gulnora Karimova", name_ru="Гульнора Каримова")
    article = with_authors(author, language="ru", title="Открылась линия метро")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'rel="author">Гульнора Каримова</a>' in html
    assert article.bylines["en"] == "Gulnora Karimova"
    assert article.bylines["ru"] == "Гульнора Каримова"
    assert article.bylines["uz"] == "Gulnora Karimova"  # no Uzbek name: the first the author has


def test_author_page_shows_the_profile_and_only_their_published_articles_of_the_edition(client):
    author = Author.objects.create(
        name_en="Gulnora Karimova", name_ru="Гульнора Каримова", role_en="Economy editor", bio_en="Writes on banks."
    )
    other = Author.objects.create(name_en="Someone Else")
    with_authors(author, title="Bank cuts its rate")
    with_authors(other, title="Not hers")
    with_authors(author, title="Hidden draft", status=Article.Status.DRAFT)
    with_authors(author, title="Russian story of hers", language="ru")
    response = client.get("/en/author/gulnora-karimova/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="section-title">Gulnora Karimova</h1>' in html
    assert "Economy editor" in html and "Writes on banks." in html
    assert "Bank cuts its rate" in cards(html)
    for absent in ("Not hers", "Hidden draft", "Russian story of hers"):
        assert absent not in cards(html)
    profile = next(block for block in json_ld(html) if block.get("@type") == "ProfilePage")
    assert profile["mainEntity"]["url"] == "http://testserver/en/author/gulnora-karimova/"
    assert profile["mainEntity"]["description"] == "Writes on banks."
    assert client.get("/en/author/nobody/").status_code == 404


def test_author_page_pages_to_older_articles(client):
    author = Author.objects.create(name_en="Timur Aliev")
    now = timezone.now()
    for number in range(25):
        with_authors(author, title=f"Story {number:02d}", published_at=now - timedelta(hours=number + 1))
    first = cards(client.get("/en/author/timur-aliev/").content.decode())
    second = cards(client.get("/en/author/timur-aliev/?page=2").content.decode())
    assert "Story 00" in first and "Story 19" in first and "Story 20" not in first
    assert "Story 20" in second and "Story 24" in second and "Story 19" not in second


def test_author_feed_lists_their_articles_with_the_byline(client):
    author = Author.objects.create(name_en="Timur Aliev")
    with_authors(author, title="Tram route extended")
    ArticleFactory(title="Someone else's story")
    response = client.get("/en/author/timur-aliev/rss/")
    xml = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "<title>Tram route extended</title>" in xml
    assert "Someone else's story" not in xml
    assert re.search(r"<dc:creator[^>]*>Timur Aliev</dc:creator>", xml)
    edition = client.get("/en/rss/").content.decode()
    assert re.search(r"<dc:creator[^>]*>Timur Aliev</dc:creator>", edition)


def test_authors_with_one_name_get_different_slugs_and_pages():
    first = Author.objects.create(name_en="Ali Valiyev")
    second = Author.objects.create(name_en="Ali Valiyev")
    assert first.slug == "ali-valiyev"
    assert second.slug != first.slug
    assert second.get_absolute_url() != first.get_absolute_url()


def test_an_author_needs_a_name_in_some_edition():
    with pytest.raises(ValidationError, match="at least one edition"):
        storytelling.author_save(author=Author(role_en="Correspondent"))


def test_renaming_an_author_renames_every_byline_on_pages_already_seen(
    client, editor, django_capture_on_commit_callbacks
):
    author = Author.objects.create(name_en="Timur Aliev")
    article = with_authors(author, title="Tram route extended")
    assert "Timur Aliev" in client.get(article.get_absolute_url()).content.decode()
    assert "Timur Aliev" in client.get("/en/").content.decode()  # both pages are cached now
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_author_change", args=[author.pk]),
            {"name_en": "Timur Aliyev", "slug": author.slug, "links": ""},
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    home = client.get("/en/").content.decode()
    assert 'rel="author">Timur Aliyev</a>' in page
    assert '<span class="card-byline">Timur Aliyev</span>' in home
    assert "Timur Aliev<" not in page + home


def test_a_bad_social_link_is_a_form_error(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_author_add"), {"name_en": "Timur Aliev", "slug": "", "links": "t.me\nnot a link"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["links"] == ["Line 1 is not a web address: t.me"]
    assert not Author.objects.exists()


def test_import_takes_authors_by_name_and_reports_a_bad_list_by_line(tmp_path, capsys):
    existing = Author.objects.create(name_en="Gulnora Karimova", name_ru="Гульнора Каримова")
    good = {
        "id": "ria-1",
        "title": "Банк снизил ставку",
        "lead": "Решение приняли в пятницу.",
        "body": "Текст.",
        "category": "Экономика",
        "language": "ru",
        "published_at": "2023-10-02T14:30:00+03:00",
        "authors": ["Гульнора  Каримова", "Тимур Алиев"],
    }
    bad = {**good, "id": "ria-2", "authors": "Тимур Алиев"}
    out, err, status = run_import(write_lines(tmp_path, good, bad), capsys)
    assert status == 1
    assert "line 2: authors must be a list of names" in err
    article = Article.objects.get(external_id="ria-1")
    guest = Author.objects.get(name_ru="Тимур Алиев")
    assert [author.pk for author in article.byline_authors()] == [existing.pk, guest.pk]
    assert article.bylines["ru"] == "Гульнора Каримова, Тимур Алиев"
    assert not Article.objects.filter(external_id="ria-2").exists()
    assert Author.objects.count() == 2


def test_new_article_gets_its_writers_byline_unless_the_form_names_others(client, editor):
    own = Author.objects.create(name_en="The Editor", user=editor)
    guest = Author.objects.create(name_en="A Guest")
    client.force_login(editor)
    assert client.post(ADD_URL, form_data(CategoryFactory())).status_code == 302
    assert [author.pk for author in Article.objects.get().byline_authors()] == [own.pk]
    Article.objects.all().delete()
    data = form_data(
        CategoryFactory(),
        **{
            "bylines_set-TOTAL_FORMS": 2,
            "bylines_set-0-author": guest.pk,
            "bylines_set-0-position": 0,
            "bylines_set-1-author": own.pk,
            "bylines_set-1-position": 1,
        },
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    article = Article.objects.get()
    assert [author.pk for author in article.byline_authors()] == [guest.pk, own.pk]  # no second row of its own
    assert article.bylines["en"] == "A Guest, The Editor"


# Corrections and updates


def published(**fields) -> Article:
    """A published article whose fields are those of the admin's test form, so posting it changes no text."""
    defaults = {
        "title": "Snow closes the mountain pass",
        "slug": "snow-closes-the-mountain-pass",
        "lead": "Drivers are asked to wait.",
        "body": "<p>The road will reopen tomorrow.</p>",
        "published_at": timezone.now() - timedelta(hours=3),
    }
    return ArticleFactory(**{**defaults, **fields})


def note_data(article, kind, text, noted_at):
    local = timezone.localtime(noted_at)
    return form_data(
        article.category,
        loaded_version=article.lock_version,
        published_at_0=timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        **{
            "notes-TOTAL_FORMS": 1,
            "notes-0-kind": kind,
            "notes-0-text": text,
            "notes-0-noted_at_0": local.strftime("%Y-%m-%d"),
            "notes-0-noted_at_1": local.strftime("%H:%M:%S"),
        },
    )


def test_editor_adds_a_correction_and_readers_see_it_under_the_headline(client, editor):
    article = published()
    url = article.get_absolute_url()
    before = client.get(url).content.decode()  # cached now
    assert 'class="notes"' not in before
    versions = Version.objects.get_for_object(article).count()
    client.force_login(editor)
    noted = timezone.now().replace(microsecond=0)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        note_data(article, "correction", "An earlier version named the wrong pass.", noted),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    article.refresh_from_db()
    assert article.revised_at is not None and article.revised_at >= noted
    html = client.get(url).content.decode()
    aside = re.search(r'<aside class="notes".*?</aside>', html, re.S).group(0)
    assert "<strong>Correction</strong>" in aside
    assert f'<time datetime="{timezone.localtime(noted).isoformat()}">' in aside
    assert "An earlier version named the wrong pass." in aside
    data = news_article_ld(html)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version named the wrong pass.",
            "datePublished": timezone.localtime(noted).isoformat(),
        }
    ]
    assert data["dateModified"] == timezone.localtime(article.revised_at).isoformat()
    versions_after = Version.objects.get_for_object(article)
    assert versions_after.count() == versions + 1
    kept = versions_after.first().revision.version_set.filter(content_type__model="articlenote")
    assert kept.count() == 1  # the history keeps the note with the article


def test_corrections_page_lists_the_editions_corrections_not_its_updates(client, editor):
    english = published()
    russian = ArticleFactory(language="ru", title="Перевал закрыт")
    correction = ArticleNote(article=english, text="The pass is Kamchik, not Takhtakaracha.")
    storytelling.article_note(note=correction, user=editor)
    storytelling.article_note(note=ArticleNote(article=english, kind="update", text="The road reopened."), user=editor)
    storytelling.article_note(note=ArticleNote(article=russian, text="Исправлено название перевала."), user=editor)
    en = client.get("/en/corrections/").content.decode()
    ru = client.get("/ru/corrections/").content.decode()
    assert "The pass is Kamchik, not Takhtakaracha." in en
    assert "Snow closes the mountain pass" in en
    assert "The road reopened." not in en
    assert "Исправлено название перевала." not in en
    assert "Исправлено название перевала." in ru
    assert "Kamchik" not in ru
    assert 'href="/en/corrections/"' in client.get("/en/").content.decode()  # the footer links it


def test_only_an_editor_notes_and_only_a_published_article(editor):
    writer = UserFactory(username="writer", group="Author")
    article = published()
    with pytest.raises(PermissionDenied):
        storytelling.article_note(note=ArticleNote(article=article, text="Mine."), user=writer)
    draft = ArticleFactory(status=Article.Status.DRAFT)
    with pytest.raises(ValidationError, match="published articles"):
        storytelling.article_note(note=ArticleNote(article=draft, text="Too early."), user=editor)
    assert not ArticleNote.objects.exists()


def notes_inline(response):
    return next(inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "notes")


def test_the_notes_inline_is_on_a_published_articles_change_form_for_editors_only(client, editor):
    article = published()
    client.force_login(editor)
    assert 'name="notes-TOTAL_FORMS"' not in client.get(ADD_URL).content.decode()
    assert notes_inline(client.get(reverse("admin:articles_article_change", args=[article.pk]))).has_add_permission
    writer = UserFactory(username="writer", group="Author")
    own = published(author=writer, slug="own-story")
    client.force_login(writer)
    response = client.get(reverse("admin:articles_article_change", args=[own.pk]))
    assert not notes_inline(response).has_add_permission


# The media library and galleries


def library_picture(caption="Crowds on Amir Temur square", credit="Anvar Ilyosov", **kwargs) -> MediaImage:
    image = MediaImage(image=upload(image_bytes(size=(2000, 1200)), "square.jpg"), alt="A crowd", caption=caption)
    image.credit = credit
    for name, value in kwargs.items():
        setattr(image, name, value)
    image.save()
    return image


def test_uploading_to_the_library_strips_metadata_and_makes_renditions(client, editor, media_root):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_mediaimage_add"),
        {"image": upload(jpeg_with_metadata(), "phone.jpg"), "alt": "Rain", "caption": "Rain", "credit": "AP"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    picture = MediaImage.objects.get()
    assert picture.uploaded_by == editor
    assert set(picture.renditions) == {"thumb-240", "page-800", "page-1600"}
    assert picture.renditions["thumb-240"]["width"] == 200  # a small picture is not enlarged
    with Image.open(media_root / picture.image.name) as stored:
        assert not stored.getexif()
        assert "comment" not in stored.info and "xmp" not in stored.info
        assert stored.size == (200, 400)  # turned upright, as the phone meant


def test_a_bad_library_upload_is_a_form_error_and_leaves_nothing(client, editor, media_root):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_mediaimage_add"),
        {"image": upload(b"<?php echo 1; ?>", "evil.jpg"), "alt": "x", "caption": "", "credit": ""},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["image"]
    assert "The file is not an image: upload a JPEG, PNG, WebP or GIF." in errors
    assert not MediaImage.objects.exists()
    assert stored_files(media_root) == []


def test_the_library_is_searched_by_caption_and_credit(client, editor):
    library_picture(caption="Crowds on Amir Temur square", credit="Anvar Ilyosov")
    library_picture(caption="Snow in Chimgan", credit="Reuters")
    client.force_login(editor)
    url = reverse("admin:articles_mediaimage_changelist")
    by_caption = client.get(url, {"q": "chimgan"}).content.decode()
    by_credit = client.get(url, {"q": "ilyosov"}).content.decode()
    assert "Snow in Chimgan" in by_caption and "Amir Temur" not in by_caption
    assert "Amir Temur" in by_credit and "Snow in Chimgan" not in by_credit


def test_an_articles_gallery_shows_its_pictures_with_captions_and_structured_data(client, editor):
    article = published()
    first = library_picture(caption="Crowds on Amir Temur square", credit="Anvar Ilyosov")
    second = library_picture(caption="The stage at night", credit="")
    client.force_login(editor)
    data = form_data(
        article.category,
        loaded_version=article.lock_version,
        **{
            "gallery-TOTAL_FORMS": 2,
            "gallery-0-image": second.pk,
            "gallery-0-position": 1,
            "gallery-1-image": first.pk,
            "gallery-1-position": 0,
        },
    )
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    gallery = re.search(r'<section class="gallery".*?</section>', html, re.S).group(0)
    assert '<span class="gallery-count">2</span>' in gallery
    assert gallery.index("Crowds on Amir Temur square") < gallery.index("The stage at night")  # by position
    assert '<span class="credit">Photo: Anvar Ilyosov</span>' in gallery
    assert f'src="{first.thumbnail["url"]}"' in gallery and 'alt="A crowd"' in gallery
    assert f'href="{first.picture["large"]["url"]}"' in gallery
    ld = next(block for block in json_ld(html) if block.get("@type") == "ImageGallery")
    captions = [media["caption"] for media in ld["associatedMedia"]]
    assert captions == ["Crowds on Amir Temur square", "The stage at night"]
    assert ld["associatedMedia"][0]["creditText"] == "Anvar Ilyosov"
    assert ld["associatedMedia"][0]["width"] == 1600


def test_a_gallery_of_more_than_a_hundred_pictures_is_a_form_error(client, editor):
    article = published()
    source = library_picture()
    pictures = [source] + [
        MediaImage.objects.create(image=source.image.name, alt=f"Picture {n}", renditions=source.renditions)
        for n in range(100)
    ]
    rows = {}
    for index, picture in enumerate(pictures):
        rows[f"gallery-{index}-image"] = picture.pk
        rows[f"gallery-{index}-position"] = index
    client.force_login(editor)
    data = form_data(article.category, loaded_version=article.lock_version, **{"gallery-TOTAL_FORMS": 101, **rows})
    data["gallery-MAX_NUM_FORMS"] = 1000
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    errors = [str(error) for formset in formsets for error in formset.non_form_errors()]
    assert errors == ["A gallery holds at most 100 pictures; this one has 101. Remove some, or split the story."]
    assert not GalleryImage.objects.exists()
    with pytest.raises(ValidationError, match="at most 100"):
        storytelling.gallery_set(article=article, images=pictures)


def test_a_new_caption_in_the_library_reaches_the_pages_that_show_it(client, editor):
    article = published()
    picture = library_picture(caption="Old caption")
    storytelling.gallery_set(article=article, images=[picture])
    assert "Old caption" in client.get(article.get_absolute_url()).content.decode()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_mediaimage_change", args=[picture.pk]),
        {"alt": "A crowd", "caption": "New caption", "credit": ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "New caption" in html and "Old caption" not in html


# The social image


def test_a_small_cover_still_gets_a_social_image_1200_pixels_wide(client, editor):
    article = article_save(
        article=ArticleFactory.build(
            category=CategoryFactory(), cover=upload(image_bytes(size=(640, 360)), "small.jpg"), cover_alt="A tram"
        ),
        user=editor,
    )
    social = article.cover_renditions["social"]
    assert (social["width"], social["height"]) == (1200, 630)
    assert article.cover_renditions["card-960"]["width"] == 640  # the page's own pictures are never enlarged
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta name="robots" content="max-image-preview:large">' in html


def test_the_editors_browse_window_is_the_media_library_searched_and_paged(client, editor):
    library_picture(caption="Crowds on Amir Temur square", credit="Anvar Ilyosov")
    library_picture(caption="Snow in Chimgan", credit="Reuters")
    client.force_login(editor)
    editor_params = {"CKEditor": "id_body", "CKEditorFuncNum": "1", "langCode": "en"}
    page = client.get(reverse("ckeditor_browse"), {**editor_params, "q": "reuters"}).content.decode()
    assert "Snow in Chimgan" in page and "Amir Temur" not in page
    # The choice carries the page rendition with its size, the description, caption and credit.
    choice = re.search(r'<button type="button" class="library-choice"([^>]*)>', page).group(1)
    assert re.search(r'data-src="/media/renditions/library/[^"]+-page-800\.webp"', choice), choice
    assert 'data-width="800"' in choice and 'data-height="480"' in choice
    assert 'data-alt="A crowd"' in choice and 'data-caption="Snow in Chimgan"' in choice
    assert 'data-credit="Reuters"' in choice
    # A search keeps the editor's parameters, or the chosen picture would have nowhere to go.
    assert '<input type="hidden" name="CKEditorFuncNum" value="1">' in page
    assert "articles/admin/library-picker.js" in page

    for number in range(30):
        library_picture(caption=f"Picture {number}", credit="")
    first = client.get(reverse("ckeditor_browse"), editor_params).content.decode()
    older = client.get(reverse("ckeditor_browse"), {**editor_params, "page": 2}).content.decode()
    assert "Picture 29" in first and "Amir Temur" not in first
    assert "Amir Temur" in older and "Picture 29" not in older
    assert "CKEditor=id_body&amp;CKEditorFuncNum=1&amp;langCode=en&amp;q=&amp;page=2" in first


def test_only_staff_who_write_may_open_the_media_library_window(client):
    library_picture(caption="Snow in Chimgan")
    assert client.get(reverse("ckeditor_browse")).status_code == 403
    client.force_login(UserFactory(username="sales"))  # staff, but writes no articles
    refused = client.get(reverse("ckeditor_browse"))
    assert refused.status_code == 403
    assert "Snow in Chimgan" not in refused.content.decode()
    assert "Only editors and authors can use the media library." in refused.content.decode()
