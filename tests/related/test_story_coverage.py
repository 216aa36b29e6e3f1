"""Similar news finds the rest of a story: other outlets' reports first, copies never, and a full block."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_save
from related import copies, engine
from related.models import Document, RelatedItem
from related.rebuild import related_rebuild
from related.selectors import similar_for
from related.services import related_refresh

from ..articles.factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

EVENT = (
    "earthquake magnitude struck fergana valley tremors epicentre namangan buildings cracked residents "
    "rescuers ministry emergency aftershocks seismologists kilometres depth schools evacuated hospital injured"
).split()
OTHER = (
    "airport terminal opened flights passengers runway airline tickets baggage aircraft gates departures "
    "customs travellers carriers routes hub lounge parking timetable arrivals"
).split()
PLAIN = "the a of in and to with at on for from by about after over".split()


def report(words: list[str], seed: int, sentences: int = 6) -> list[str]:
    """Paragraphs of an outlet's own sentences over one vocabulary: the same terms, other shingles."""
    rng = random.Random(seed)
    paragraphs = []
    for _ in range(sentences):
        sentence = []
        for word in rng.sample(words, 9):
            sentence += [word, rng.choice(PLAIN)]
        paragraphs.append(" ".join(sentence).capitalize() + ".")
    return paragraphs


def article(paragraphs: list[str], title: str, **fields) -> Article:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs[1:])
    return ArticleFactory(title=title, lead=paragraphs[0], body=body, **fields)


def unrelated(number: int, **fields) -> Article:
    """An article of words of its own: neither similar to nor a copy of any other."""
    words = [f"{chr(97 + number % 26)}{chr(97 + number // 26 % 26)}{chr(97 + i)}word" for i in range(20)]
    return article(report(words, seed=number, sentences=3), f"News {number}", **fields)


def ids(item) -> list[int]:
    return [a.pk for a in similar_for(Article.objects.get(pk=item.pk))]


def stored(item) -> list[tuple[int, bool]]:
    return list(RelatedItem.objects.filter(article=item).order_by("rank").values_list("related_id", "filled"))


@pytest.fixture
def newsroom():
    """One earthquake covered by an agency, a copy of its text elsewhere (a paragraph dropped, two
    headline words swapped) and another outlet's own report; news of an airport in the same section."""
    section = CategoryFactory()
    now = timezone.now()
    wire = report(EVENT, seed=1)
    agency = article(wire, "Earthquake strikes Fergana valley", category=section, published_at=now - timedelta(hours=5))
    copy = article(
        wire[:3] + wire[4:],
        "Fergana earthquake strikes valley",
        category=section,
        published_at=now - timedelta(hours=4),
    )
    own = article(
        report(EVENT, seed=2),
        "Tremors crack buildings in Namangan",
        category=section,
        published_at=now - timedelta(hours=3),
    )
    airport = [
        article(
            report(OTHER, seed=10 + n), f"Airport news {n}", category=section, published_at=now - timedelta(days=n + 1)
        )
        for n in range(8)
    ]
    related_rebuild()
    return {"agency": agency, "copy": copy, "own": own, "airport": airport, "section": section}


def test_the_copy_is_a_copy_and_the_other_report_is_not(newsroom):
    """The test's premise: the other outlet's report is as close to the agency's by its terms as the
    old rule's copies (text >= 0.45), and only the copy shares most of its text."""
    docs = {name: Document.objects.get(pk=newsroom[name].pk) for name in ("agency", "copy", "own")}

    def overlap(x, y):
        return copies.overlap(bytes(docs[x].sketch), docs[x].shingles, bytes(docs[y].sketch), docs[y].shingles)

    assert engine.cosine(docs["agency"].vector, docs["own"].vector) >= engine.NEAR_DUPLICATE
    assert overlap("agency", "copy") >= 0.8
    assert overlap("agency", "own") < 0.2


def test_another_outlets_report_comes_first_and_the_copy_never_shows(newsroom):
    for path in ("rebuild", "refresh"):
        if path == "refresh":
            for name in ("agency", "copy", "own"):
                related_refresh(Article.objects.get(pk=newsroom[name].pk))
        agency, copy, own = ids(newsroom["agency"]), ids(newsroom["copy"]), ids(newsroom["own"])
        assert agency[0] == newsroom["own"].pk, path
        assert newsroom["copy"].pk not in agency, f"{path}: a copy of the article is not similar news"
        assert newsroom["agency"].pk not in copy, path
        assert copy[0] == newsroom["own"].pk, path
        assert not {newsroom["agency"].pk, newsroom["copy"].pk} <= set(own), f"{path}: no list shows both copies"
        assert own[0] in {newsroom["agency"].pk, newsroom["copy"].pk}, path


def test_a_short_list_is_filled_with_the_newest_of_the_section(newsroom, settings):
    """Three earthquake stories and eight of an airport in one section: every list shows six, the
    similar ones first, then the section's newest, marked as filled."""
    settings.RELATED_COUNT = 6
    related_rebuild()
    everyone = [newsroom["agency"], newsroom["copy"], newsroom["own"], *newsroom["airport"]]
    for path in ("rebuild", "refresh"):
        if path == "refresh":
            for item in everyone:
                related_refresh(Article.objects.get(pk=item.pk))
        for item in everyone:
            shown = ids(item)
            assert len(shown) == 6, f"{path}: {item.title}"
            assert item.pk not in shown
        agency = stored(newsroom["agency"])
        assert agency[0] == (newsroom["own"].pk, False)
        filled = [pk for pk, was_filled in agency if was_filled]
        assert filled, path
        assert newsroom["copy"].pk not in [pk for pk, _ in agency], f"{path}: a copy never fills a list"
        newest_airport = [a.pk for a in sorted(newsroom["airport"], key=lambda a: a.published_at, reverse=True)]
        assert [pk for pk in ids(newsroom["agency"]) if pk in filled] == newest_airport[: len(filled)][:5]


def test_filling_takes_the_sections_newest_then_the_editions_never_a_draft_or_another_edition(settings):
    """A young section: its own published news first, then the edition's newest, so the block is
    full; never a draft, a scheduled article or another edition's news."""
    settings.RELATED_COUNT = 4
    section, elsewhere = CategoryFactory(), CategoryFactory()
    now = timezone.now()
    lonely = article(report(EVENT, seed=1), "Earthquake", category=section, published_at=now - timedelta(hours=1))
    ArticleFactory(category=section, status=Article.Status.DRAFT, title="A draft of the section")
    ArticleFactory(category=section, published_at=now + timedelta(days=1), title="Scheduled for tomorrow")
    ArticleFactory(category=section, language="ru", title="Russian news of the section")
    older = [unrelated(n, category=section, published_at=now - timedelta(days=n + 1)) for n in range(2)]
    other = [unrelated(n + 5, category=elsewhere, published_at=now - timedelta(hours=n + 2)) for n in range(3)]
    for path in ("rebuild", "refresh"):
        if path == "rebuild":
            related_rebuild()
        else:
            related_refresh(Article.objects.get(pk=lonely.pk))
        expected = [a.pk for a in older] + [a.pk for a in other[:2]]
        assert ids(lonely) == expected, f"{path}: the section's newest, then the edition's"
        assert all(filled for _pk, filled in stored(lonely)), path


def test_a_filled_list_never_holds_two_copies_of_each_other(settings):
    """The section's two newest are one wire text run twice; the list takes one of them."""
    settings.RELATED_COUNT = 3
    section = CategoryFactory()
    now = timezone.now()
    lonely = article(report(OTHER, seed=1), "Airport", category=section, published_at=now - timedelta(days=3))
    wire = report(EVENT, seed=5)
    first = article(wire, "Earthquake in the valley", category=section, published_at=now - timedelta(hours=1))
    second = article(wire[1:], "Valley earthquake", category=section, published_at=now - timedelta(hours=2))
    older = [unrelated(n, category=section, published_at=now - timedelta(days=n + 4)) for n in range(3)]
    for path in ("rebuild", "refresh"):
        if path == "rebuild":
            related_rebuild()
        else:
            related_refresh(Article.objects.get(pk=lonely.pk))
        shown = ids(lonely)
        assert len(shown) == 3, path
        assert first.pk in shown, path
        assert second.pk not in shown, f"{path}: a copy of an item already filled"
        assert shown == [first.pk, older[0].pk, older[1].pk], path


def test_a_new_similar_article_takes_a_filled_place(newsroom, django_capture_on_commit_callbacks, settings):
    settings.RELATED_COUNT = 6
    related_rebuild()
    before = stored(newsroom["agency"])
    assert any(filled for _pk, filled in before)
    fresh = article(
        report(EVENT, seed=3), "Aftershocks follow the earthquake", category=newsroom["section"],
        status=Article.Status.DRAFT, published_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(article=fresh, user=UserFactory(group="Editor"))
    after = stored(newsroom["agency"])
    assert (fresh.pk, False) in after[:2], "the new report is similar news, ahead of the filled items"
    assert sum(filled for _pk, filled in after) == sum(filled for _pk, filled in before) - 1


def test_an_edit_that_makes_a_copy_takes_it_out_of_the_list(newsroom, django_capture_on_commit_callbacks):
    own = Article.objects.get(pk=newsroom["own"].pk)
    assert own.pk in ids(newsroom["agency"])
    agency = Article.objects.get(pk=newsroom["agency"].pk)
    own.title, own.lead, own.body = agency.title + " (update)", agency.lead, agency.body
    with django_capture_on_commit_callbacks(execute=True):
        article_save(article=own, user=UserFactory(group="Editor"))
    assert own.pk not in ids(agency)
    assert agency.pk not in ids(own)


def test_the_rebuilds_overlaps_of_many_texts_at_once_equal_the_pairwise_ones():
    """copies.overlaps (the rebuild) and copies.overlap (a publish) must judge every pair alike."""
    rng = random.Random(4)
    base = [f"w{rng.randrange(3000)}" for _ in range(400)]
    texts = [[], ["one"], base[:2]]
    for _ in range(20):
        start = rng.randrange(100)
        texts.append(rng.choice([base[start : start + rng.randrange(5, 300)], base[:60]]))
        texts[-1] = texts[-1] + [f"x{rng.randrange(3000)}" for _ in range(rng.randrange(0, 200))]
    sketches = [copies.sketch(text) for text in texts]
    together = copies.overlaps([sketch for sketch, _ in sketches], [size for _, size in sketches])
    pairs = 0
    for i, (first, first_size) in enumerate(sketches):
        for j, (second, second_size) in enumerate(sketches):
            if i != j:
                assert together[i, j] == copies.overlap(first, first_size, second, second_size), (i, j)
                pairs += together[i, j] >= copies.COPY
    assert pairs >= 10, "the texts include copies"
