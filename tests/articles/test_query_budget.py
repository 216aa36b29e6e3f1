"""Each reader page runs a fixed number of SQL queries, however much content there is."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import storytelling
from articles.models import ArticleNote, Author, DailyViews, Tag
from related.rebuild import related_rebuild

from .factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

# Warm: the header (sections, breaking line), the aside (most read, latest
# news), the weather widget, the home page's content and the lists' article
# counts are cached fragments, kept until an article of the edition changes, so
# a warm page runs only the queries of what is its own.
# Cold: every fragment computed again (right after a change); still a fixed number.
PAGES = {
    "home": ("/en/", 0, 14),
    # The article and its kept page in one query (articles.pages); cold: + the header's and aside's blocks.
    "article": (None, 1, 10),
    "category": ("/en/category/section-a/", 1, 12),  # the category (cold: + the page's cards)
    "tag": ("/en/tag/common/", 1, 12),  # the tag (cold: + the page's cards)
    "search": ("/en/search/?q=story", 0, 11),  # cold: the ranked ids, the page's cards
    "author": ("/en/author/gulnora-karimova/", 1, 12),  # the author (cold: + the page's cards)
    "corrections": ("/en/corrections/", 2, 11),  # the page's notes with their articles, and their count
}


VOCABULARY = (
    "river dam water flood farmers harvest cotton wheat market prices bank rates inflation budget tax"
    " metro tram bus station route school teachers students exam football match goal league coach"
).split()


def populate(categories: int, per_category: int):
    tag, _created = Tag.objects.get_or_create(language="en", name="common", slug="common")
    author, _created = Author.objects.get_or_create(name_en="Gulnora Karimova", slug="gulnora-karimova")
    guest, _created = Author.objects.get_or_create(name_en="A Guest", slug="a-guest")
    for index in range(categories):
        slug = "section-a" if index == 0 else f"section-{index}-{categories}"
        category = CategoryFactory(slug=slug)
        for number in range(per_category):
            words = VOCABULARY[index % 5 :: 2][number % 3 :][:12]
            article = ArticleFactory(
                title=f"Story {number} of {slug}",
                body="<p>" + " ".join(words) + f" {slug.replace('-', '')}x{number}</p>",
                category=category,
                tags=[tag, TagFactory()],
                is_featured=number == 0,
            )
            DailyViews.objects.create(article=article, day=timezone.localdate(), views=number + 1)
            storytelling.article_set_authors(article=article, authors=[author, guest])
            ArticleNote.objects.create(article=article, text=f"Corrected the figures of {article.title}.")
    related_rebuild()
    return article


def queries(client, url, *, warm: bool) -> int:
    client.get(url)  # fills the fragments
    if not warm:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_a_fixed_number_of_queries(client, page, warm):
    url, warm_budget, cold_budget = PAGES[page]
    if page == "search" and connection.vendor == "postgresql":
        cold_budget += 1  # where the edition's recent articles start (articles/search.py:RECENT)
    article = populate(categories=2, per_category=3)
    small = queries(client, url or article.get_absolute_url(), warm=warm)
    article = populate(categories=6, per_category=12)
    large = queries(client, url or article.get_absolute_url(), warm=warm)
    assert small == large == (warm_budget if warm else cold_budget)
