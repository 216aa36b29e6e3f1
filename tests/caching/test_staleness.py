"""How old a reader's block can be: never more than a minute behind what changes by the clock, and a
cached page never outlives a block it shows."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.models import DailyViews
from caching.fragments import MAX_SECONDS, fragment

from ..articles.factories import ArticleFactory, CategoryFactory
from .test_pages import READER_AGENT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def reader():
    return Client(headers={"Accept-Language": "en", "User-Agent": READER_AGENT})


def test_a_block_asked_to_be_kept_longer_than_a_minute_is_kept_a_minute():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert fragment("en", "slow", 3600, compute) == 1
    with time_machine.travel(start + timedelta(seconds=MAX_SECONDS - 1), tick=False):
        assert fragment("en", "slow", 3600, compute) == 1
    with time_machine.travel(start + timedelta(seconds=MAX_SECONDS + 1), tick=False):
        assert fragment("en", "slow", 3600, compute) == 2


def test_a_block_made_of_blocks_ends_with_the_first_of_them():
    outer = []

    def inner():
        return fragment("en", "inner", 10, lambda: "inner")

    def compute():
        outer.append(1)
        return inner() + str(len(outer))

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert fragment("en", "outer", 60, compute) == "inner1"
    with time_machine.travel(start + timedelta(seconds=11), tick=False):
        assert fragment("en", "outer", 60, compute) == "inner2", "its inner block had ended"


def test_a_cached_page_ends_when_the_oldest_block_it_shows_ends(reader):
    """Most read is computed for the home page; a section page made 50 s later shows the same block and
    is kept only the 10 s the block has left, not a further minute."""
    section = CategoryFactory(slug="economy")
    story = ArticleFactory(category=section, title="Wheat prices fall")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert reader.get("/en/")["X-Page-Cache"] == "miss"
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        assert reader.get("/en/category/economy/")["X-Page-Cache"] == "miss"
        assert reader.get("/en/category/economy/")["X-Page-Cache"] == "hit"
        DailyViews.objects.create(article=story, day=timezone.localdate(), views=500)
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        page = reader.get("/en/category/economy/")
        assert page["X-Page-Cache"] == "miss", "the page ended with its most-read block"
        most_read = page.content.decode().split('class="aside-block most-read"', 1)[1].split("</section>")[0]
        assert "Wheat prices fall" in most_read, "views counted 11 s before show now, not a minute later"


def test_no_page_is_kept_past_page_cache_seconds(reader, settings):
    ArticleFactory(title="Snow")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert reader.get("/en/rss/")["X-Page-Cache"] == "miss"
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert reader.get("/en/rss/")["X-Page-Cache"] == "hit"
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert reader.get("/en/rss/")["X-Page-Cache"] == "miss"
