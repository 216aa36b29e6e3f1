import pytest
from django.db import connection

from articles.services import article_publish, article_save, article_unpublish

from .factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def results(client, edition, query, page=None):
    params = {"q": query} | ({"page": page} if page else {})
    response = client.get(f"/{edition}/search/", params)
    assert response.status_code == 200
    return response, [a.title for a in response.context["articles"]]


def test_title_matches_rank_above_body_matches(client):
    ArticleFactory(title="Budget talks resume", body="<p>Nothing about rail.</p>")
    ArticleFactory(title="Weekend weather", body="<p>The railway to the valley reopens; rail fans rejoice.</p>")
    ArticleFactory(title="New rail line for the capital", body="<p>Construction starts.</p>")
    _response, titles = results(client, "en", "rail")
    assert titles[0] == "New rail line for the capital"
    assert "Weekend weather" in titles
    assert "Budget talks resume" in titles, "body text is searched too"


def test_search_folds_case_in_cyrillic_and_stays_in_the_edition(client):
    ArticleFactory(title="Москва и Ташкент подписали соглашение", language="ru")
    ArticleFactory(title="Moscow and Tashkent sign an agreement", language="en")
    _response, titles = results(client, "ru", "москва")
    assert titles == ["Москва и Ташкент подписали соглашение"]


def test_every_word_must_match(client):
    ArticleFactory(title="Tashkent metro extends its red line")
    ArticleFactory(title="Samarkand metro plans")
    _response, titles = results(client, "en", "metro Tashkent")
    assert titles == ["Tashkent metro extends its red line"]


def test_drafts_are_never_found(client):
    from articles.models import Article

    ArticleFactory(title="Secret merger", status=Article.Status.DRAFT)
    _response, titles = results(client, "en", "merger")
    assert titles == []


def test_query_stays_in_the_box_and_results_are_paged(client):
    ArticleFactory.create_batch(25, title="Harvest report")
    response, titles = results(client, "en", "harvest")
    content = response.content.decode()
    assert 'value="harvest"' in content
    assert "25 articles found for “harvest”." in content
    assert len(titles) == 20
    assert 'href="?q=harvest&amp;page=2"' in content
    _response, second = results(client, "en", "harvest", page=2)
    assert len(second) == 5


@pytest.mark.parametrize(
    "query",
    ["", "   ", "a" * 10_000, "' OR 1=1 --", '"unclosed', "-", "!!! ((( )))", "tram & | ! <->", "%_"],
)
def test_odd_queries_get_a_normal_page(client, query):
    ArticleFactory(title="Tram line approved")
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200


def test_russian_stemming_on_postgresql(client):
    if connection.vendor != "postgresql":
        pytest.skip("stemming is PostgreSQL full-text search")
    ArticleFactory(title="Строительство новых трамвайных линий", language="ru")
    _response, titles = results(client, "ru", "трамвайная линия")
    assert titles == ["Строительство новых трамвайных линий"]


def test_articles_written_any_way_are_searchable_on_postgresql(client):
    """The document is kept by the database (a trigger), so bulk inserts and plain updates are found too."""
    if connection.vendor != "postgresql":
        pytest.skip("the stored search document and its GIN index are PostgreSQL's")
    from articles.models import Article

    template = ArticleFactory(language="en", title="Placeholder")
    Article.objects.bulk_create(
        [
            Article(
                title="Glacier retreats", slug="glacier", category=template.category, language="en", status="published"
            )
        ]
    )
    assert b"Glacier retreats" in client.get("/en/search/?q=glacier").content
    Article.objects.filter(pk=template.pk).update(body="<p>An avalanche warning for the valley.</p>")
    assert b"Placeholder" in client.get("/en/search/?q=avalanche").content
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_article_search_gin'")
        assert "gin (search_vector)" in cursor.fetchone()[0]


def test_a_common_word_ranks_only_its_newest_matches_on_postgresql(client, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("ranking is PostgreSQL full-text search")
    from datetime import timedelta

    from django.utils import timezone

    from articles import search

    monkeypatch.setattr(search, "DEPTH", 3)
    now = timezone.now()
    ArticleFactory(title="Rail rail rail: the great rail debate", published_at=now - timedelta(days=30))
    for day in range(4):
        ArticleFactory(title=f"Day {day} news", body="<p>A rail strike.</p>", published_at=now - timedelta(days=day))
    _response, titles = results(client, "en", "rail")
    assert titles == ["Day 0 news", "Day 1 news", "Day 2 news"], "only the three newest matches are ranked"


def test_the_count_every_page_and_a_repeat_cost_one_search(client):
    """The ranked ids are found once; the count and each page's cards come from them."""
    from django.test.utils import CaptureQueriesContext

    ArticleFactory.create_batch(25, title="Harvest report")
    with CaptureQueriesContext(connection) as first:
        results(client, "en", "harvest")
    searches = [q["sql"] for q in first.captured_queries if "harvest" in q["sql"].lower() or "@@" in q["sql"]]
    assert len(searches) == 1, searches
    with CaptureQueriesContext(connection) as second:
        response, titles = results(client, "en", "harvest", page=2)
    assert len(titles) == 5
    assert "25 articles found for “harvest”." in response.content.decode()
    assert len(second.captured_queries) == 1, "page 2: only its cards, by id"


def test_a_published_edited_or_unpublished_article_shows_in_the_next_search(client, django_capture_on_commit_callbacks):
    from articles.models import Article

    ArticleFactory(title="Harvest report")
    assert results(client, "en", "harvest")[1] == ["Harvest report"]
    editor = UserFactory(username="editor", group="Editor")
    festival = ArticleFactory(title="Harvest festival opens", status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=festival, user=editor)
    assert sorted(results(client, "en", "harvest")[1]) == ["Harvest festival opens", "Harvest report"]
    with django_capture_on_commit_callbacks(execute=True):
        festival.title = "Harvest festival closes"
        article_save(article=festival, user=editor)
    assert "Harvest festival closes" in results(client, "en", "harvest")[1]
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=festival, user=editor)
    assert results(client, "en", "harvest")[1] == ["Harvest report"]


def test_a_word_common_among_recent_articles_is_not_looked_for_in_the_archive_on_postgresql(client, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the recent window is PostgreSQL's")
    from datetime import timedelta

    from django.utils import timezone

    from articles import search

    monkeypatch.setattr(search, "RECENT", 3)
    monkeypatch.setattr(search, "ENOUGH", 2)
    now = timezone.now()
    ArticleFactory(title="Rail rail rail: the great rail debate", published_at=now - timedelta(days=300))
    ArticleFactory(title="Harvest festival", published_at=now - timedelta(days=200))
    ArticleFactory(title="Day 0 rail news", published_at=now)
    ArticleFactory(title="Day 1 rail news", published_at=now - timedelta(days=1))
    ArticleFactory(title="Day 2 weather", published_at=now - timedelta(days=2))
    _response, titles = results(client, "en", "rail")
    assert titles == ["Day 0 rail news", "Day 1 rail news"], "two matches among the three newest are enough"
    _response, titles = results(client, "en", "harvest")
    assert titles == ["Harvest festival"], "a word rare among recent articles is looked for in the whole archive"
