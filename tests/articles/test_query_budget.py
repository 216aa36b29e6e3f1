"""Each reader page runs a fixed number of SQL queries, however much content there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import DailyViews, Tag
from related.rebuild import related_rebuild

from .factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

# header: categories; aside: latest. The breaking line, most read, the weather
# widget, the home page's lead and section blocks and the lists' article counts
# are cached fragments (computed again when an article of the edition changes),
# so a warm page runs none of their queries.
PAGES = {
    "home": ("/en/", 3),  # + page
    "article": (None, 7),  # + article, tags, translations, similar news (ids, then cards)
    "category": ("/en/category/section-a/", 4),  # + category, page
    "tag": ("/en/tag/common/", 4),  # + tag, page
    "search": ("/en/search/?q=story", 4),  # + count, page
}


VOCABULARY = (
    "river dam water flood farmers harvest cotton wheat market prices bank rates inflation budget tax"
    " metro tram bus station route school teachers students exam football match goal league coach"
).split()


def populate(categories: int, per_category: int):
    tag, _created = Tag.objects.get_or_create(name="common", slug="common")
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
    related_rebuild()
    return article


def queries(client, url) -> int:
    client.get(url)  # the weather widget's data is cached after the first page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_a_fixed_number_of_queries(client, page):
    url, budget = PAGES[page]
    article = populate(categories=2, per_category=3)
    small = queries(client, url or article.get_absolute_url())
    article = populate(categories=6, per_category=12)
    large = queries(client, url or article.get_absolute_url())
    assert small == large == budget
