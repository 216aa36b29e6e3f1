import re
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import override

from weather.models import City, Observation

from ..articles.factories import ArticleFactory
from .fake_provider import forecast

pytestmark = pytest.mark.django_db


def observe(slug="tashkent", minutes_ago=10, **values):
    defaults = {"temperature": 4.2, "weather_code": 3, "wind_speed": 2.1, "wind_direction": 315, "humidity": 80}
    return Observation.objects.create(
        city=City.objects.get(slug=slug),
        observed_at=timezone.now() - timedelta(minutes=minutes_ago),
        **(defaults | values),
    )


def widget(content: str) -> str:
    if 'class="weather"' not in content:
        return ""
    start = content.index('class="weather"')
    return content[start : content.index("</form>", start)]


@pytest.mark.parametrize(
    ("edition", "text"),
    [
        ("en", "+4° Overcast · wind 2.1 m/s, NW"),
        ("ru", "+4° пасмурно · ветер 2.1 м/с, СЗ"),
        ("uz", "+4° bulutli · shamol 2.1 m/s, ShG&#x27;"),
    ],
)
def test_fresh_weather_shows_in_the_header_of_every_edition(client, edition, text):
    observe()
    shown = widget(client.get(f"/{edition}/").content.decode())
    assert text in shown
    assert "<svg" in shown
    assert "weather-as-of" not in shown
    assert "sample" not in shown


def test_weather_older_than_an_hour_says_as_of_when(client):
    observation = observe(minutes_ago=90)
    shown = widget(client.get("/en/").content.decode())
    assert f"as of {timezone.localtime(observation.observed_at):%H:%M}" in shown


@pytest.mark.parametrize("settings_sample", [False, True])
def test_weather_older_than_six_hours_is_hidden_and_the_page_is_otherwise_the_same(client, settings, settings_sample):
    settings.WEATHER_SAMPLE_DATA = settings_sample
    ArticleFactory(title="Story of the day")
    observe(minutes_ago=7 * 60)
    response = client.get("/en/")
    assert response.status_code == 200
    assert widget(response.content.decode()) == ""
    assert "Story of the day" in response.content.decode()


def test_no_data_hides_the_widget_in_production(client, settings):
    settings.WEATHER_SAMPLE_DATA = False
    assert widget(client.get("/en/").content.decode()) == ""


def test_no_data_in_development_shows_sample_weather_labelled_as_such(client, settings):
    settings.WEATHER_SAMPLE_DATA = True
    shown = widget(client.get("/ru/").content.decode())
    assert "+4° пасмурно · ветер 2.1 м/с, СЗ" in shown
    assert "пример данных" in shown


def test_reader_picks_a_city_and_the_choice_is_remembered(client):
    observe("tashkent", temperature=4)
    observe("samarkand", temperature=-7.6, weather_code=71)
    response = client.get("/weather/city/", {"city": "samarkand", "next": "/en/"})
    assert response.status_code == 302 and response.headers["Location"] == "/en/"
    shown = widget(client.get("/en/").content.decode())
    assert "-8° Slight snowfall" in shown
    assert '<option value="samarkand" selected>Samarkand</option>' in shown


def test_city_picker_ignores_unknown_cities_and_foreign_redirects(client):
    response = client.get("/weather/city/", {"city": "atlantis", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert "weather_city" not in response.cookies


def test_widget_costs_no_query_when_the_cache_is_warm(django_assert_num_queries):
    observe()
    template = Template("{% load weather %}{% weather_now %}")
    context = Context({"request": RequestFactory().get("/en/")})
    with override("en"):
        first = template.render(context)
        with django_assert_num_queries(0):
            second = template.render(context)
    assert "+4° Overcast" in first and first == second


def test_new_readings_replace_the_cached_ones(client, provider, django_capture_on_commit_callbacks):
    City.objects.exclude(slug="tashkent").update(is_active=False)
    observe(temperature=4, minutes_ago=30)
    assert "+4°" in widget(client.get("/en/").content.decode())
    provider.plan(forecast(temperature=-1.5))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("fetch_weather")
    assert "-2° Overcast" in widget(client.get("/en/").content.decode())


def test_pages_do_not_wait_for_a_hanging_provider(client, provider):
    provider.plan(("hang", 5))
    observe()
    started = time.monotonic()
    response = client.get("/en/")
    assert response.status_code == 200
    assert time.monotonic() - started < 2
    assert provider.requests == [], "pages never call the provider"


def test_weather_page_lists_every_city_with_its_forecast(client, provider):
    call_command("fetch_weather")
    content = client.get("/ru/weather/").content.decode()
    assert content.count('class="weather-city"') == 14
    assert '<h2 id="city-samarkand">Самарканд</h2>' in content
    assert "Пасмурно" in content
    assert "ветер 2.1 м/с, СЗ" in content
    assert "влажность 80%" in content
    start = content.index('id="city-tashkent"')
    tashkent = content[start : content.index("</section>", start)]
    assert tashkent.count("<tr>") == 6, "a header row and five days"
    assert 'href="https://open-meteo.com/"' in content and "CC BY 4.0" in content


def test_weather_page_runs_a_fixed_number_of_queries(client, provider, django_assert_num_queries):
    call_command("fetch_weather")
    client.get("/en/weather/")  # warms the widget's cache and the header's and aside's fragments
    # the page's own: cities, forecasts, observations
    with django_assert_num_queries(3):
        assert client.get("/en/weather/").status_code == 200


def test_the_widget_kept_by_a_worker_still_sends_each_page_back_to_itself(client, settings):
    settings.LOCAL_CACHE_SECONDS = 2
    observe()
    home = widget(client.get("/en/").content.decode())
    search = widget(client.get("/en/search/", {"q": '"><script>', "utm_source": "x"}).content.decode())
    assert 'name="next" value="/en/"' in home
    assert 'name="next" value="/en/search/?q=%22%3E%3Cscript%3E"' in search
    assert "+4° Overcast" in home and "+4° Overcast" in search
    assert "<script>" not in search and "utm_source" not in search


def test_the_weather_page_shows_what_the_header_shows_sample_data_included(client, settings):
    settings.WEATHER_SAMPLE_DATA = True
    page = client.get("/en/weather/").content.decode()
    header = re.search(r'<span class="weather-text">([^<]+)</span>', page).group(1)
    tashkent = re.search(r'<section class="weather-city" aria-labelledby="city-tashkent">.*?</section>', page, re.S)
    assert header.startswith("+4°") and "2.1 m/s" in header
    assert f'{header} · <span class="weather-sample">sample data</span>' in tashkent.group(0)
    assert "No current data." not in page

    settings.WEATHER_SAMPLE_DATA = False
    cache.clear()
    page = client.get("/en/weather/").content.decode()
    assert 'class="weather-text"' not in page and "sample data" not in page
    assert "No current data." in page
