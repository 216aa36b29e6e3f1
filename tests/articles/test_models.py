from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, make_slug

from .factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "hours_from_now", "visible"),
    [
        (Article.Status.PUBLISHED, -1, True),
        (Article.Status.PUBLISHED, 2, False),
        (Article.Status.DRAFT, -1, False),
        (Article.Status.REVIEW, -1, False),
    ],
)
def test_published_shows_only_articles_that_are_published_and_due(status, hours_from_now, visible):
    article = ArticleFactory(status=status, published_at=timezone.now() + timedelta(hours=hours_from_now))
    assert (article in Article.objects.published()) is visible
    assert article.is_public is visible


def test_scheduled_article_appears_by_itself_when_its_time_comes():
    start = timezone.now()
    article = ArticleFactory(published_at=start + timedelta(hours=3))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(start + timedelta(hours=3, seconds=1)):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_permalink_survives_a_title_edit():
    article = ArticleFactory(title="Original headline")
    url = article.get_absolute_url()
    article.title = "A completely different headline"
    article.save()
    assert article.get_absolute_url() == url
    assert url == f"/en/news/{article.pk}-original-headline/"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Zelensky: Ukraine will not recognize", "zelensky-ukraine-will-not-recognize"),
        ("Сильный шторм в США", "silnyy-shtorm-v-ssha"),
        ("O‘zbekistonda qor yog‘di", "ozbekistonda-qor-yogdi"),
        ("!!!", "article"),
    ],
)
def test_slug_is_ascii_in_every_script(title, slug):
    assert make_slug(title) == slug


def test_excerpt_comes_from_lead_or_body_text():
    with_lead = ArticleFactory(lead="The lead.", body="<p>Body</p>")
    without_lead = ArticleFactory(lead="", body="<p>First <b>bold</b> words &amp; more.</p><script>x()</script>")
    assert with_lead.excerpt == "The lead."
    assert without_lead.excerpt == "First bold words & more."


def test_cover_requires_alt_text():
    article = ArticleFactory.build(category=CategoryFactory(), cover="covers/x.jpg", cover_alt=" ")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert error.value.message_dict["cover_alt"] == ["Describe the picture for readers who cannot see it."]


def test_database_refuses_cover_without_alt_text():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(cover="covers/x.jpg", cover_alt="")


def test_database_refuses_unknown_status():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status="deleted")


def test_external_id_is_unique_but_optional():
    ArticleFactory(external_id="")
    ArticleFactory(external_id="")
    ArticleFactory(external_id="bbc-1")
    with pytest.raises(IntegrityError):
        ArticleFactory(external_id="bbc-1")


def test_category_name_follows_the_active_language():
    from django.utils.translation import override

    category = CategoryFactory(name_en="World", name_ru="Мир", name_uz="Dunyo")
    with override("ru"):
        assert category.name == "Мир"
    with override("uz"):
        assert str(category) == "Dunyo"
