"""The rules of the similar-news lists, on the incremental path and the full rebuild."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_save, article_unpublish
from related.models import RelatedExclusion, RelatedItem, RelatedPin
from related.rebuild import related_rebuild
from related.selectors import similar_for
from related.services import related_refresh

from ..articles.factories import ArticleFactory, CategoryFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

TOPICS = {
    "metro": "metro line station trains passengers tunnel depot subway carriages commuters",
    "cotton": "cotton harvest farmers fields fibre textile mills picking ginning exports",
    "chess": "chess olympiad grandmaster board opening endgame rating tournament pawn bishop",
    "budget": "budget deficit treasury spending revenue parliament fiscal taxes borrowing bonds",
}


def filler(topic: str, number: int, count: int) -> list[str]:
    """Words no other story uses."""
    return [f"{topic[:3]}{chr(97 + number % 26)}{chr(97 + i)}word" for i in range(count)]


def story(topic: str, number: int, **fields) -> Article:
    """An article with three core words of its topic, three more of them by rotation, and words of its own."""
    words = TOPICS[topic].split()
    shared = words[:3] + [words[3 + (number + i) % 7] for i in range(3)]
    own = filler(topic, number, 8)
    defaults = {
        "title": f"{shared[0].title()} {shared[1]} {own[0]}",
        "lead": " ".join(shared[2:4] + own[1:3]),
        "body": "<p>" + " ".join(shared + own[3:] + shared[:2]) + "</p>",
        "published_at": timezone.now() - timedelta(hours=number + 1),
    }
    return ArticleFactory(**(defaults | fields))


def ids(article) -> list[int]:
    return [a.pk for a in similar_for(Article.objects.get(pk=article.pk))]


@pytest.fixture
def archive():
    """Four topics of five stories each in English, plus one Russian story on metro."""
    stories = {topic: [story(topic, n) for n in range(5)] for topic in TOPICS}
    related_rebuild()
    return stories


def test_list_holds_the_same_topic_never_itself(archive, settings):
    settings.RELATED_COUNT = 4
    for topic, stories in archive.items():
        for article in stories:
            found = ids(article)
            assert article.pk not in found
            assert set(found) == {s.pk for s in stories} - {article.pk}, topic


def test_only_published_articles_of_the_same_edition(archive):
    metro = archive["metro"][0]
    draft = story("metro", 1, status=Article.Status.DRAFT, title="Metro draft")
    scheduled = story("metro", 2, published_at=timezone.now() + timedelta(days=1))
    russian = story("metro", 3, language="ru")
    related_rebuild()
    found = ids(metro)
    assert draft.pk not in found and russian.pk not in found
    assert scheduled.pk not in found, "a future article is hidden until its time"
    stored = set(RelatedItem.objects.filter(article=metro).values_list("related_id", flat=True))
    assert draft.pk not in stored and russian.pk not in stored


def test_scheduled_article_appears_in_lists_when_its_time_comes(archive):
    import time_machine

    scheduled = story("chess", 9, published_at=timezone.now() + timedelta(hours=2))
    related_refresh(scheduled)
    chess = archive["chess"][0]
    assert scheduled.pk not in ids(chess)
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert scheduled.pk in ids(chess)


def test_near_duplicates_are_never_shown(archive):
    original = archive["budget"][0]
    copy = ArticleFactory(
        title=original.title + " (updated)", lead=original.lead, body=original.body,
        published_at=original.published_at + timedelta(hours=1),
    )  # fmt: skip
    related_rebuild()
    assert copy.pk not in ids(original), "the same story rewritten is not similar news"
    assert original.pk not in ids(copy)
    for other in archive["budget"][1:]:
        found = ids(other)
        assert not (original.pk in found and copy.pk in found), "no list holds both copies"


def test_editor_pins_come_first_in_order_and_exclusions_never_appear(archive):
    article = archive["metro"][0]
    chess, cotton = archive["chess"][0], archive["cotton"][0]
    RelatedPin.objects.create(article=article, related=chess, position=1)
    RelatedPin.objects.create(article=article, related=cotton, position=0)
    RelatedExclusion.objects.create(article=article, excluded=archive["metro"][1])
    related_refresh(article)
    found = ids(article)
    assert found[:2] == [cotton.pk, chess.pk]
    assert archive["metro"][1].pk not in found
    related_rebuild()
    assert ids(article)[:2] == [cotton.pk, chess.pk]
    assert archive["metro"][1].pk not in ids(article)


def test_switching_automatic_suggestions_off_leaves_only_pins(archive):
    article = archive["cotton"][2]
    Article.objects.filter(pk=article.pk).update(suggest_similar=False)
    RelatedPin.objects.create(article=article, related=archive["chess"][3])
    related_refresh(Article.objects.get(pk=article.pk))
    assert ids(article) == [archive["chess"][3].pk]
    related_rebuild()
    assert ids(article) == [archive["chess"][3].pk]


def test_publishing_updates_its_own_list_and_the_lists_it_belongs_in(archive, django_capture_on_commit_callbacks):
    editor = UserFactory(group="Editor")
    fresh = story("chess", 9, status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(minutes=5))
    chess = archive["chess"][0]
    assert fresh.pk not in ids(chess)
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=fresh, user=editor)
    assert set(ids(fresh)) >= {s.pk for s in archive["chess"]}
    assert fresh.pk in ids(chess), "the newcomer entered the lists of its topic"
    similar = RelatedItem.objects.filter(article=fresh, filled=False).values_list("related_id", flat=True)
    assert not set(similar) & {s.pk for s in archive["budget"]}, "another topic only fills the list"


def test_unpublishing_removes_it_from_every_list_and_refills_them(archive, django_capture_on_commit_callbacks):
    editor = UserFactory(group="Editor")
    leaving = archive["cotton"][1]
    holders = list(RelatedItem.objects.filter(related=leaving).values_list("article_id", flat=True))
    assert holders
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=leaving, user=editor)
    assert not RelatedItem.objects.filter(related=leaving).exists()
    assert not RelatedItem.objects.filter(article=leaving).exists()
    for holder in holders:
        assert leaving.pk not in ids(Article.objects.get(pk=holder))
        assert len(RelatedItem.objects.filter(article_id=holder)) >= 3, "refilled from the rest of the archive"


def test_editing_an_article_moves_it_to_its_new_topic(archive, django_capture_on_commit_callbacks):
    editor = UserFactory(group="Editor")
    moving = archive["budget"][4]
    moving.title, moving.lead = "Chess grandmaster wins at the olympiad", "A board to remember."
    moving.body = "<p>" + " ".join(TOPICS["chess"].split()[:5] + filler("chess", 20, 8)) + "</p>"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=moving, user=editor)
    assert moving.pk in ids(archive["chess"][0])
    assert moving.pk not in ids(archive["budget"][0])


def test_edition_sizes_follow_publishing_unpublishing_and_moving_editions(archive, django_capture_on_commit_callbacks):
    """N of the IDF is a counter; it must always equal the documents of each edition."""
    from django.db.models import Count

    from related.models import Document, Edition

    def sizes():
        counted = dict(Document.objects.values_list("language").annotate(n=Count("pk")))
        kept = {e.language: e.documents for e in Edition.objects.exclude(documents=0)}
        assert kept == counted
        return kept

    assert sizes() == {"en": 20}
    editor = UserFactory(group="Editor")
    fresh = story("chess", 9, status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=fresh, user=editor)
    assert sizes() == {"en": 21}
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=fresh, user=editor)  # an edit is not a new document
    assert sizes() == {"en": 21}
    fresh.language = "ru"
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=fresh, user=editor)
    assert sizes() == {"en": 20, "ru": 1}
    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(article=fresh, user=editor)
    assert sizes() == {"en": 20}
    related_rebuild()
    assert sizes() == {"en": 20}


def test_shared_tags_and_category_break_ties(settings):
    settings.RELATED_COUNT = 1
    tag = TagFactory()
    section = CategoryFactory()
    base = story("metro", 0, tags=[tag], category=section)
    plain = story("metro", 7)
    tagged = story("metro", 14, tags=[tag], category=section, published_at=plain.published_at)
    related_rebuild()
    assert ids(base) == [tagged.pk]
    assert plain.pk != tagged.pk


def test_freshness_breaks_ties_between_equally_similar_stories(settings):
    settings.RELATED_COUNT = 1
    base = story("cotton", 0, published_at=timezone.now())
    old = story("cotton", 7, published_at=timezone.now() - timedelta(days=60))
    recent = story("cotton", 14, published_at=timezone.now() - timedelta(days=1))
    related_rebuild()
    assert ids(base) == [recent.pk]
    assert old.pk in [item.related_id for item in RelatedItem.objects.filter(article=base)]


def test_incremental_and_full_rebuild_agree(archive):
    article = archive["metro"][2]
    related_refresh(article)
    incremental = ids(article)
    related_rebuild()
    assert ids(article) == incremental


def test_rebuild_keeps_the_best_candidates_and_gives_ties_to_the_newer_article():
    import numpy as np

    from related.rebuild import CANDIDATES, _best

    found = np.arange(1000, dtype=np.int32)
    dots = np.zeros(1000)
    dots[[5, 500, 999]] = [0.9, 0.8, 0.7]
    # the rest of the list: one value shared by many rows, so ties decide who is in
    best = _best(found, dots + np.where(dots == 0, 0.1, 0))
    assert list(best[:3]) == [5, 500, 999]
    assert list(best[3:]) == list(range(998, 998 - (CANDIDATES - 3), -1)), "ties go to the higher id"
    assert list(_best(found[:4], dots[:4])) == [3, 2, 1, 0]


def test_article_page_block_costs_at_most_two_queries(archive, django_assert_max_num_queries, settings):
    article = Article.objects.get(pk=archive["metro"][0].pk)
    for count in (2, 6, 10):
        settings.RELATED_COUNT = count
        with django_assert_max_num_queries(2):
            assert len(similar_for(article)) <= count
    from django.template import Context, Template

    settings.RELATED_COUNT = 6
    with django_assert_max_num_queries(2):
        html = Template("{% load related %}{% similar_news article %}").render(Context({"article": article}))
    assert html.count('class="card"') == 6, "four of its topic, filled to six"


def test_article_never_indexed_shows_the_newest_of_its_section_in_two_queries(django_assert_num_queries):
    section = CategoryFactory()
    article = ArticleFactory(category=section)
    older = ArticleFactory(category=section, published_at=timezone.now() - timedelta(days=2))
    with django_assert_num_queries(2):
        assert [a.pk for a in similar_for(article)] == [older.pk]


def test_commands_rebuild_and_export(archive, capsys):
    import json

    ArticleFactory(external_id="ext-1", title="Metro passengers trains station", body="<p>metro trains</p>")
    call_command("rebuild_related")
    assert "Similar news rebuilt: 21 lists." in capsys.readouterr().out
    call_command("export_related")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 21
    by_id = {line["id"]: line["similar"] for line in lines}
    metro = archive["metro"][0]
    assert by_id[metro.pk][0] in {s.pk for s in archive["metro"]} | {"ext-1"}
    assert all(len(similar) <= 6 for similar in by_id.values())
    assert "ext-1" in by_id


def test_an_edit_that_makes_a_near_duplicate_takes_it_out_of_the_list(archive, django_capture_on_commit_callbacks):
    editor = UserFactory(group="Editor")
    base, copy = archive["metro"][0], archive["metro"][1]
    assert copy.pk in ids(base)
    copy.title, copy.lead, copy.body = base.title + " again", base.lead, base.body
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=copy, user=editor)
    assert copy.pk not in ids(base)
    assert base.pk not in ids(copy)


def similar_block(client, article) -> str:
    content = client.get(article.get_absolute_url()).content.decode()
    start = content.find('class="block similar-news"')
    return "" if start < 0 else content[start : content.index("</section>", start)]


def test_the_cached_similar_news_block_follows_publishing_and_rebuilds(
    archive, client, django_capture_on_commit_callbacks
):
    chess, neighbour = archive["chess"][0], archive["chess"][1]
    assert neighbour.title in similar_block(client, chess)  # rendered once, then kept
    fresh = story("chess", 9, status=Article.Status.DRAFT, title="Chess olympiad fresh result")
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=fresh, user=UserFactory(group="Editor"))
    assert "Chess olympiad fresh result" in similar_block(client, chess)
    RelatedExclusion.objects.create(article=chess, excluded=neighbour)  # as an import does: no article saved
    with django_capture_on_commit_callbacks(execute=True):  # the command's transaction commits
        call_command("rebuild_related")
    assert neighbour.title not in similar_block(client, chess)


def test_an_excluded_article_stays_out_of_the_fallback_list_too():
    section = CategoryFactory()
    article, unwanted = ArticleFactory(category=section), ArticleFactory(category=section)
    RelatedExclusion.objects.create(article=article, excluded=unwanted)
    assert similar_for(article) == []
