"""A reader's visit in a real browser (Debian's chromium, headless)."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article

from ..articles.factories import ArticleFactory, CategoryFactory
from ..articles.files import image_bytes
from .conftest import READER_AGENT

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def site_content():
    """Two sections in three editions, with covers; the lead story exists in every edition."""
    world = CategoryFactory(slug="world", name_en="World", name_ru="Мир", name_uz="Dunyo", position=1)
    sport = CategoryFactory(slug="sport", name_en="Sport", name_ru="Спорт", name_uz="Sport", position=2)
    cover = image_bytes(size=(1200, 675), colour=(30, 90, 160))
    lead = ArticleFactory(
        title="Neighbours agree to share river data",
        lead="Five countries will publish water levels on one open platform.",
        body="<p>Delegates said the agreement helps farmers plan irrigation.</p><h2>What changes</h2><p>More.</p>",
        category=world,
        is_featured=True,
        cover=ContentFile(cover, "lead.jpg"),
        cover_alt="A river between mountains",
        published_at=timezone.now() - timedelta(minutes=30),
    )
    ArticleFactory(
        title="Соседи договорились обмениваться данными о реках",
        language="ru",
        category=world,
        translation_of=lead,
        cover=ContentFile(cover, "lead-ru.jpg"),
        cover_alt="Река между горами",
    )
    for number in range(8):
        ArticleFactory(
            title=f"{'Match' if number % 2 else 'Summit'} report number {number}",
            category=sport if number % 2 else world,
            cover=ContentFile(image_bytes(size=(640, 360), colour=(200, 20 * number, 40)), f"c{number}.jpg"),
            cover_alt=f"Picture {number}",
            published_at=timezone.now() - timedelta(hours=number + 1),
        )
    return lead


def same_host_only(page, live_server):
    """Record every request the page makes; return the ones that leave the site."""
    host = urlparse(live_server.url).netloc
    outside = []
    page.on("request", lambda request: urlparse(request.url).netloc not in (host, "") and outside.append(request.url))
    return outside


def test_reader_reads_the_lead_story_switches_language_and_searches(page, live_server, site_content, screenshot):
    outside = same_host_only(page, live_server)
    page.goto(f"{live_server.url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".breaking").is_visible()
    screenshot(page, "1-home")

    with page.expect_response(lambda response: "/views/" in response.url) as beacon:
        page.click(".lead-title a")
    assert beacon.value.status == 204
    page.wait_for_url(f"**{site_content.get_absolute_url()}")
    assert page.inner_text("h1") == "Neighbours agree to share river data"
    similar = page.locator(".similar-news .card")
    assert similar.count() >= 3
    assert page.locator(".cover img").evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "2-article", full_page=True)

    page.click(".editions a[hreflang=ru]")
    page.wait_for_url("**/ru/news/**")
    assert page.inner_text("h1") == "Соседи договорились обмениваться данными о реках"
    assert "Похожие новости" in page.content() or page.locator(".similar-news").count() == 0
    screenshot(page, "3-russian-edition")

    page.fill("#search-q", "данными")
    page.press("#search-q", "Enter")
    page.wait_for_url("**/ru/search/?q=**")
    assert page.input_value("#search-page-q") == "данными"
    assert page.locator("main .card").count() == 1
    screenshot(page, "4-search")
    assert outside == [], "the pages requested nothing from other hosts"
    assert Article.objects.get(pk=site_content.pk).view_count == 1, "the beacon counted the English view once"


def test_phone_width_has_one_column_and_no_horizontal_scrolling(browser, live_server, site_content, screenshot):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, user_agent=READER_AGENT
    )
    page = context.new_page()
    pages = {"home": "/en/", "article": site_content.get_absolute_url(), "section": "/en/category/sport/"}
    for step, url in pages.items():
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{url} scrolls sideways ({width}px)"
        screenshot(page, f"phone-{step}")
    cards = page.locator("main .card")
    boxes = [cards.nth(i).bounding_box() for i in range(min(cards.count(), 3))]
    assert len({round(box["x"]) for box in boxes}) == 1, "cards stack in one column"
    context.close()


def test_keyboard_reader_can_skip_to_the_content(page, live_server, site_content, screenshot):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused link shows a visible focus ring"
    screenshot(page, "keyboard-focus")


def test_reader_picks_a_weather_city_in_the_header(page, live_server, site_content, screenshot):
    from weather.models import City, Observation

    for slug, temperature in (("tashkent", 4.2), ("nukus", -9.0)):
        Observation.objects.create(
            city=City.objects.get(slug=slug), observed_at=timezone.now() - timedelta(minutes=5),
            temperature=temperature, weather_code=3, wind_speed=2.1, wind_direction=315, humidity=70,
        )  # fmt: skip
    page.goto(f"{live_server.url}/ru/")
    assert page.inner_text(".weather-text") == "+4° пасмурно · ветер 2.1 м/с, СЗ"
    assert not page.locator(".city-picker-go").is_visible(), "with JavaScript the select submits itself"
    with page.expect_navigation():
        page.select_option("#weather-city", "nukus")
    assert page.url == f"{live_server.url}/ru/"
    assert page.inner_text(".weather-text").startswith("-9° пасмурно")
    screenshot(page, "weather-city")


def test_reader_switches_an_uzbek_article_between_its_two_scripts(page, live_server, screenshot):
    section = CategoryFactory(slug="city", name_en="City", name_ru="Город", name_uz="Shahar")
    story = ArticleFactory(
        language="uz",
        title="Toshkentda yangi yo‘l ochildi",
        lead="Shahar markazi bilan aeroport o‘rtasidagi yo‘l qisqardi.",
        body="<p>Oktabrda qurilish boshlangan edi.</p>",
        category=section,
    )
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "uz-Latn"
    assert page.inner_text("h1") == "Toshkentda yangi yo‘l ochildi"
    assert page.inner_text(".editions").split() == ["O‘zbekcha", "Ўзбекча", "Русский", "English"]
    screenshot(page, "uz-latin-article")

    page.click(".editions a[hreflang=uz-Cyrl]")
    page.wait_for_url(f"**/uz-cyrl/news/{story.pk}-**")
    assert page.locator("html").get_attribute("lang") == "uz-Cyrl"
    assert page.inner_text("h1") == "Тошкентда янги йўл очилди"
    assert "Октябрда қурилиш бошланган эди." in page.inner_text("main")
    assert page.inner_text(".editions [aria-current]") == "Ўзбекча"
    screenshot(page, "uz-cyrillic-article")

    page.goto(f"{live_server.url}/")  # the choice is remembered
    page.wait_for_url("**/uz-cyrl/")
    assert "Тошкентда янги йўл очилди" in page.inner_text("main")

    page.goto(f"{live_server.url}/uz-cyrl/news/{story.pk}-{story.slug}/")
    page.click(".editions a[hreflang=uz-Latn]")
    page.wait_for_url(f"**/uz/news/{story.pk}-**")
    assert page.inner_text("h1") == "Toshkentda yangi yo‘l ochildi"
