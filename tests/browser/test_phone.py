"""A reader on a phone, 390 px wide: the compact header, lists of compact rows (DESIGN.md "On a phone")."""

# ruff: noqa: F811 - the tests take test_reader's site_content fixture, imported below

from datetime import timedelta

import pytest
from django.utils import timezone

from ..articles.factories import ArticleFactory, CategoryFactory
from .conftest import READER_AGENT
from .test_reader import site_content  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
FIRST_HEADLINE = "main h1:not(.visually-hidden), main .lead-title, main .card-title"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, user_agent=READER_AGENT
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # As the desktop tests' page: the phone header's script and styles need nothing the CSP refuses.
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert not violations, violations


@pytest.fixture
def weather_now():
    from weather.models import City, Observation

    Observation.objects.create(
        city=City.objects.get(slug="tashkent"), observed_at=timezone.now() - timedelta(minutes=5),
        temperature=4.2, weather_code=3, wind_speed=2.1, wind_direction=315, humidity=70,
    )  # fmt: skip


def eventually(page, script, expected, timeout=5000):
    """Evaluate ``script`` until it gives ``expected`` (the pages' CSP refuses wait_for_function's eval)."""
    for _ in range(timeout // 50):
        value = page.evaluate(script)
        if value == expected:
            return value
        page.wait_for_timeout(50)
    return value


FADE = "getComputedStyle(document.querySelector('.sections'), '::after').opacity"
SHRUNK = "document.querySelector('.site-header').classList.contains('is-shrunk')"


def top_of(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


def test_the_first_headline_is_near_the_top_of_home_and_article(
    phone,
    live_server,
    site_content,
    weather_now,
    screenshot,
):
    for step, url in {"home": "/en/", "article": site_content.get_absolute_url()}.items():
        phone.goto(live_server.url + url)
        headline = top_of(phone, FIRST_HEADLINE)
        assert headline <= 160, f"{url}: the first headline starts {headline:.0f} px down"
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # One line for the logo and the two buttons, one short line for the date and the weather.
        logo, search, menu = (
            phone.locator(s).bounding_box() for s in (".masthead .logo", ".search-toggle", ".menu-toggle")
        )
        assert abs(logo["y"] - search["y"]) < 12 and abs(search["y"] - menu["y"]) < 1
        line = phone.locator(".topbar").bounding_box()
        assert line["height"] <= 30
        assert phone.locator(".weather-text").is_visible()
        assert phone.inner_text(".weather-text").startswith("+4° Overcast")
        # The city picker and the editions are not in the header line: the weather page and the menu have them.
        assert not phone.locator(".city-picker").is_visible()
        assert not phone.locator(".editions").is_visible()
        assert not phone.locator("#search-q").is_visible()
        screenshot(phone, f"390-{step}")


def test_the_search_button_opens_the_field_and_escape_closes_it(
    phone,
    live_server,
    site_content,
    screenshot,
):
    phone.goto(f"{live_server.url}/en/")
    button = phone.locator(".search-toggle")
    assert button.get_attribute("role") == "button"
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "site-search"
    assert phone.get_by_role("button", name="Search").first.is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert phone.locator("#search-q").is_visible()
    assert phone.evaluate("document.activeElement.id") == "search-q"
    screenshot(phone, "search-open")
    phone.keyboard.press("Escape")
    assert not phone.locator("#search-q").is_visible()
    assert phone.evaluate("document.activeElement.dataset.searchToggle") == ""

    # By keyboard: Space on the focused button opens it too, and the field searches.
    button.focus()
    phone.keyboard.press(" ")
    assert phone.locator("#search-q").is_visible()
    phone.keyboard.type("Summit")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/en/search/?q=Summit")
    assert phone.locator("main .card").count() == 4


def test_the_menu_holds_the_sections_editions_and_weather(phone, live_server, site_content, screenshot):
    phone.goto(f"{live_server.url}/en/")
    menu = phone.locator("#site-menu")
    assert not menu.is_visible()
    phone.click(".menu-toggle")
    assert menu.is_visible()
    assert phone.locator(".menu-toggle").get_attribute("aria-expanded") == "true"
    assert phone.locator(".menu-sections a").all_inner_texts() == ["World", "Sport"]
    assert phone.locator("#site-menu .editions a[hreflang=ru]").is_visible()
    assert phone.evaluate("document.activeElement.closest('#site-menu') !== null"), "focus moves into the menu"
    screenshot(phone, "menu-open")
    phone.keyboard.press("Escape")
    assert not menu.is_visible()
    assert phone.evaluate("document.activeElement.dataset.menuToggle") == ""

    phone.click(".menu-toggle")
    phone.click("#site-menu .menu-weather a")
    phone.wait_for_url("**/en/weather/")
    # The header's city is chosen on the weather page.
    with phone.expect_navigation():
        phone.select_option("#weather-page-city", "nukus")
        phone.click(".city-choice button")
    assert phone.url == f"{live_server.url}/en/weather/"
    assert phone.locator("#weather-page-city").input_value() == "nukus"


def test_the_section_menu_scrolls_sideways_with_a_cue(phone, live_server, site_content, screenshot):
    names = ["Uzbekistan", "Economy", "Society", "Culture", "Technology", "Health"]
    for position, name in enumerate(names, start=3):
        CategoryFactory(slug=name.lower(), name_en=name, position=position)
    last = CategoryFactory(slug="opinion", name_en="Opinion", position=20)
    ArticleFactory(title="A column on the city", category=last)
    phone.goto(f"{live_server.url}/en/")
    strip = phone.locator(".sections ul")
    assert strip.evaluate("ul => ul.scrollWidth > ul.clientWidth"), "the sections are wider than the phone"
    assert phone.locator(".sections").get_attribute("data-more") == "end"
    assert eventually(phone, FADE, "1") == "1", "a fade at the right edge says there is more"
    screenshot(phone, "sections-start")
    strip.evaluate("ul => ul.scrollBy({left: 10000})")
    assert eventually(phone, "document.querySelector('.sections').dataset.more", "start") == "start"
    assert eventually(phone, FADE, "0") == "0"
    assert phone.locator(".sections a", has_text="Opinion").is_visible()

    # On the last section's own page, its name is scrolled into view.
    phone.goto(f"{live_server.url}/en/category/opinion/")
    current = phone.locator(".sections a[aria-current=page]")
    box = current.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_the_header_shrinks_while_scrolling_down_and_comes_back_up(phone, live_server, site_content, screenshot):
    for number in range(12):
        ArticleFactory(title=f"Filler story {number}", category=site_content.category)
    phone.goto(f"{live_server.url}/en/")
    header = phone.locator(".site-header")
    full = header.bounding_box()["height"]
    phone.mouse.wheel(0, 900)
    assert eventually(phone, SHRUNK, True)
    phone.wait_for_timeout(400)  # the slide
    logo = phone.locator(".masthead .logo").bounding_box()
    assert 0 <= logo["y"] < 10, "the logo line stays at the top of the screen"
    assert phone.locator(".menu-toggle").bounding_box()["y"] < 10
    # Only the logo line is left on screen: the lines under it slid up behind it.
    headline = phone.locator(".breaking a").bounding_box()
    assert headline["y"] + headline["height"] <= 44 + 1
    screenshot(phone, "header-shrunk")
    phone.mouse.wheel(0, -300)
    assert not eventually(phone, SHRUNK, False)
    phone.wait_for_timeout(400)
    assert phone.locator(".site-header").bounding_box()["y"] == 0
    assert phone.locator(".site-header").bounding_box()["height"] == full
    assert phone.locator(".breaking a").bounding_box()["y"] > 44


def test_lists_are_compact_rows_and_only_the_lead_keeps_its_large_picture(phone, live_server, site_content, screenshot):
    phone.goto(f"{live_server.url}/en/")
    lead = phone.locator(".lead-image img").bounding_box()
    assert lead["width"] > 300
    cards = phone.locator("main .card")
    assert cards.count() >= 4
    for index in range(cards.count()):
        card = cards.nth(index)
        thumb = card.locator(".card-image img").bounding_box()
        title = card.locator(".card-title").bounding_box()
        assert (round(thumb["width"]), round(thumb["height"])) == (96, 64)
        assert thumb["x"] < title["x"] and abs(thumb["y"] - title["y"]) < 4, "the picture is beside the headline"
        assert card.bounding_box()["height"] < 120
        assert not card.locator(".card-excerpt").is_visible()
        assert card.locator(".meta .category").is_visible() and card.locator(".meta time").is_visible()
    # The pictures below the first screen wait until the reader gets there; their shape is known (no shift).
    img = cards.last.locator("img")
    assert img.get_attribute("loading") == "lazy"
    assert img.get_attribute("width") and img.get_attribute("height")
    assert img.get_attribute("sizes").startswith("(max-width: 600px) 96px")
    screenshot(phone, "home-rows", full_page=True)

    phone.goto(live_server.url + site_content.get_absolute_url())
    similar = phone.locator(".similar-news .card")
    assert similar.count() >= 3
    assert round(similar.first.locator(".card-image img").bounding_box()["width"]) == 96


def test_without_javascript_the_buttons_still_lead_somewhere(browser, live_server, site_content, screenshot):
    context = browser.new_context(viewport=PHONE, is_mobile=True, java_script_enabled=False, user_agent=READER_AGENT)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")
    page.click(".menu-toggle")
    assert page.locator("#site-menu").is_visible(), "the menu opens as the page's target"
    assert page.locator("#site-menu .editions a[hreflang=ru]").is_visible()
    page.click(".search-toggle")
    page.wait_for_url("**/en/search/")
    assert page.locator("#search-page-q").is_visible()
    context.close()
