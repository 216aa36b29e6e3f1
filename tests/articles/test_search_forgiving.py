"""Search that forgives a misspelt word ("Did you mean …?"), marks what it found, sorts and narrows.

Run on SQLite and on PostgreSQL (pg_trgm's nearest words) by CI.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import vocabulary
from articles.models import Article, SearchWord
from articles.services import article_publish, article_save, article_unpublish

from .factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def search(client, edition, query, **params):
    response = client.get(f"/{edition}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


def titles(response):
    return [a.shown_title for a in response.context["articles"]]


def did_you_mean(response):
    return response.context["suggestion"]


@pytest.fixture
def tram_story():
    """One story in three editions, its words known to the vocabulary as the hourly rebuild leaves them."""
    city = CategoryFactory(slug="city", name_en="City", name_ru="Город", name_uz="Shahar")
    ArticleFactory(title="City council approves a new tram line", lead="The line links the bus station.", category=city)
    ArticleFactory(title="Tram fares stay the same next year", category=city)
    ArticleFactory(
        title="Совет города одобрил новую трамвайную линию", lead="Линия свяжет вокзал.", language="ru", category=city
    )
    ArticleFactory(
        title="Shahar kengashi yangi tramvay yo‘lini ma’qulladi",
        lead="Yo‘l avtovokzalni bog‘laydi.",
        language="uz",
        category=city,
    )
    vocabulary.rebuild()


@pytest.mark.parametrize(
    ("misspelt", "meant"),
    [
        ("tramm", "tram"),  # a letter doubled
        ("trm", "tram"),  # a letter missing
        ("tarm", "tram"),  # two letters swapped
        ("counsil", "council"),  # a letter wrong
        ("cauncel", "council"),  # two letters wrong
        ("Tramm line", "tram line"),  # the words the reader spelt right stay as they were
    ],
)
def test_a_misspelt_english_word_gets_did_you_mean_with_a_link_that_finds_it(client, tram_story, misspelt, meant):
    response = search(client, "en", misspelt)
    assert titles(response) == []
    assert did_you_mean(response).casefold() == meant
    page = response.content.decode()
    link = f'<a href="?q={meant.replace(" ", "+")}"><em>'
    assert "Did you mean " in page and link.casefold() in page.casefold()
    followed = search(client, "en", did_you_mean(response))
    assert "City council approves a new tram line" in titles(followed)
    assert did_you_mean(followed) is None


def test_a_misspelt_russian_word_gets_did_you_mean(client, tram_story):
    response = search(client, "ru", "трмвайную")  # a letter missing
    assert titles(response) == []
    assert did_you_mean(response) == "трамвайную"
    assert "Совет города одобрил новую трамвайную линию" in titles(search(client, "ru", did_you_mean(response)))
    assert did_you_mean(search(client, "ru", "савет")) == "совет"  # a letter wrong


def test_a_russian_word_in_another_form_is_not_corrected(client, tram_story):
    # "линии" is not in a title or lead ("линию" is): the search finds its stem, nothing is misspelt.
    assert did_you_mean(search(client, "ru", "линии")) is None
    assert did_you_mean(search(client, "en", "councils")) is None


def test_a_misspelt_uzbek_word_gets_did_you_mean_in_both_scripts(client, tram_story):
    latin = search(client, "uz", "tramvai")
    assert did_you_mean(latin) == "tramvay"
    assert "Shahar kengashi yangi tramvay yo‘lini ma’qulladi" in titles(search(client, "uz", "tramvay"))
    assert did_you_mean(search(client, "uz", "ma’qullladi")) == "ma’qulladi", "the apostrophe is part of the word"
    cyrillic = search(client, "uz-cyrl", "трамвйа")
    assert did_you_mean(cyrillic) == "трамвай"
    assert "Шаҳар кенгаши янги трамвай йўлини маъқуллади" in titles(search(client, "uz-cyrl", "трамвай"))
    assert "Did you mean" not in search(client, "uz", "tramvay").content.decode()


def test_suggestions_come_from_the_edition_and_only_from_what_readers_may_see(
    client, tram_story, django_capture_on_commit_callbacks
):
    editor = UserFactory(username="editor", group="Editor")
    secret = ArticleFactory(title="Embargoed merger of Zarafshan mines", status=Article.Status.DRAFT)
    ArticleFactory(title="Zarafshon festival next week", published_at=timezone.now() + timedelta(days=1))
    vocabulary.rebuild()
    assert did_you_mean(search(client, "en", "zarafshn")) is None, "a draft's or scheduled story's words are not told"
    assert did_you_mean(search(client, "en", "трамвйную")) is None, "another edition's words are not suggested"
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=secret, user=editor)
    assert did_you_mean(search(client, "en", "zarafshn")) == "zarafshan"
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=secret, user=editor)
    vocabulary.rebuild()
    assert not SearchWord.objects.filter(edition="en", word="zarafshan").exists()


def test_a_published_article_s_words_are_suggested_at_once(client, django_capture_on_commit_callbacks):
    editor = UserFactory(username="editor", group="Editor")
    story = ArticleFactory(title="Karakalpakstan opens a wind farm", status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=story, user=editor)  # a draft saved: its words stay unknown
    assert did_you_mean(search(client, "en", "karakalpakistan")) is None
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=story, user=editor)
    assert did_you_mean(search(client, "en", "karakalpakistan")) == "karakalpakstan"


def test_a_search_that_finds_enough_asks_nothing_more_and_one_that_does_not_costs_one_query(client, tram_story):
    for number in range(5):
        ArticleFactory(title=f"Line {number} of the metro")
    search(client, "en", "tram")  # the header's and aside's blocks, cached
    with CaptureQueriesContext(connection) as found:
        search(client, "en", "line")
    with CaptureQueriesContext(connection) as misspelt:
        search(client, "en", "lnie")
    vocabulary_reads = [q["sql"] for q in misspelt.captured_queries if "articles_searchword" in q["sql"]]
    assert len(vocabulary_reads) == 1
    assert not any("articles_searchword" in q["sql"] for q in found.captured_queries)
    # "line" (7 found) reads its ranked ids and cards; "lnie" its (no) ids and the vocabulary, no cards.
    assert len(misspelt.captured_queries) <= len(found.captured_queries)
    with CaptureQueriesContext(connection) as again:
        assert did_you_mean(search(client, "en", "lnie")) == "line"
    assert len(again.captured_queries) == 0, "a repeated search is kept with its suggestion"


def test_the_words_found_are_marked_in_headline_and_lead(client, tram_story):
    page = search(client, "en", "line").content.decode()
    assert "City council approves a new tram <mark>line</mark>" in page
    assert "The <mark>line</mark> links the bus station." in page
    ArticleFactory(title="Regional councils meet", lead="Mayors and councillors travel to the capital.")
    councils = search(client, "en", "council").content.decode()
    assert "Regional <mark>councils</mark> meet" in councils, "a word's other form is marked too"
    assert "Mayors and <mark>councillors</mark> travel" in councils
    russian = search(client, "ru", "линия").content.decode()
    assert "трамвайную <mark>линию</mark>" in russian and "<mark>Линия</mark> свяжет" in russian


def test_marking_escapes_the_text_and_never_marks_inside_markup(client):
    ArticleFactory(title="Bread & <b>butter</b> prices", lead="Bakers say amp prices rise.")
    page = search(client, "en", "amp").content.decode()
    assert "Bread &amp; &lt;b&gt;butter&lt;/b&gt; prices" in page
    assert "Bakers say <mark>amp</mark> prices rise." in page
    assert "&<mark>amp</mark>;" not in page


def test_results_sort_by_relevance_or_date(client):
    now = timezone.now()
    ArticleFactory(title="Harvest festival: harvest and harvest again", published_at=now - timedelta(days=3))
    ArticleFactory(title="Weekend weather", body="<p>A harvest fair.</p>", published_at=now - timedelta(hours=1))
    relevant = search(client, "en", "harvest")
    assert titles(relevant) == ["Harvest festival: harvest and harvest again", "Weekend weather"]
    newest = search(client, "en", "harvest", sort="date")
    assert titles(newest) == ["Weekend weather", "Harvest festival: harvest and harvest again"]
    assert '<option value="date" selected>' in newest.content.decode()
    assert titles(search(client, "en", "harvest", sort="nonsense")) == titles(relevant)


def test_results_narrow_to_a_section_and_pages_keep_the_choice(client):
    sport = CategoryFactory(slug="sport", name_en="Sport")
    world = CategoryFactory(slug="world", name_en="World")
    ArticleFactory.create_batch(22, title="Match report", category=sport)
    ArticleFactory(title="Match of minds at the summit", category=world)
    response = search(client, "en", "match", section="world")
    assert titles(response) == ["Match of minds at the summit"]
    assert "1 article found for “match” in World." in response.content.decode()
    sorted_sport = search(client, "en", "match", section="sport", sort="date")
    assert len(titles(sorted_sport)) == 20
    assert 'href="?q=match&amp;sort=date&amp;section=sport&amp;page=2"' in sorted_sport.content.decode()
    second = client.get("/en/search/", {"q": "match", "section": "sport", "sort": "date", "page": 2})
    assert titles(second) == ["Match report"] * 2
    assert len(titles(search(client, "en", "match", section="no-such-section"))) == 20, "an unknown section is all"


def test_the_did_you_mean_link_keeps_the_section_and_order(client, tram_story):
    response = search(client, "en", "tramm", section="city", sort="date")
    assert '<a href="?q=tram&amp;sort=date&amp;section=city"><em>tram</em></a>' in response.content.decode()


def test_distance_counts_a_swap_as_one_letter():
    assert vocabulary.distance("tarm", "tram", 2) == 1
    assert vocabulary.distance("council", "cauncel", 2) == 2
    assert vocabulary.distance("tram", "tractor", 2) == 3
    assert vocabulary.distance("", "abc", 5) == 3
