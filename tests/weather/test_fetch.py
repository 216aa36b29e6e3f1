from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from weather.models import City, DailyForecast, Observation
from weather.services import weather_prune

from ..articles.factories import UserFactory
from .fake_provider import forecast

pytestmark = pytest.mark.django_db


def test_fresh_database_has_tashkent_and_the_regional_centres():
    slugs = set(City.objects.values_list("slug", flat=True))
    assert len(slugs) == 14
    assert {"tashkent", "samarkand", "bukhara", "nukus", "termez", "fergana", "andijan", "namangan"} <= slugs
    assert City.objects.first().slug == "tashkent"


def test_fetch_weather_updates_every_active_city(provider, capsys):
    City.objects.filter(slug="nukus").update(is_active=False)
    call_command("fetch_weather")
    assert "13 of 13 cities updated." in capsys.readouterr().out
    assert Observation.objects.count() == 13
    assert DailyForecast.objects.filter(city__slug="tashkent").count() == 6
    tashkent = Observation.objects.get(city__slug="tashkent")
    assert (tashkent.temperature, tashkent.weather_code, tashkent.wind_speed, tashkent.wind_direction) == (
        4.2, 3, 2.1, 315,
    )  # fmt: skip


def test_one_failing_city_does_not_stop_the_others(provider, capsys):
    tashkent, samarkand = City.objects.get(slug="tashkent"), City.objects.get(slug="samarkand")
    City.objects.exclude(pk__in=[tashkent.pk, samarkand.pk]).update(is_active=False)
    provider.by_city[(f"{samarkand.latitude:.5f}", f"{samarkand.longitude:.5f}")] = (200, {"current": {}})
    call_command("fetch_weather")
    out, err = capsys.readouterr()
    assert "1 of 2 cities updated." in out
    assert "samarkand: " in err
    assert Observation.objects.filter(city=tashkent).exists()
    assert not Observation.objects.filter(city=samarkand).exists()


def test_every_city_failing_exits_non_zero_and_keeps_the_last_good_data(provider):
    City.objects.exclude(slug="tashkent").update(is_active=False)
    call_command("fetch_weather")
    before = list(Observation.objects.values_list("temperature", flat=True))
    provider.plan((500, {"error": "down"}))
    with pytest.raises(CommandError, match="Every city failed; the last good data is kept"):
        call_command("fetch_weather")
    assert list(Observation.objects.values_list("temperature", flat=True)) == before
    assert DailyForecast.objects.count() == 6


def test_a_new_fetch_replaces_the_forecast_and_adds_an_observation(provider):
    City.objects.exclude(slug="tashkent").update(is_active=False)
    call_command("fetch_weather")
    provider.plan(forecast(observed=datetime.now(UTC).replace(microsecond=0), temperature=-2))
    call_command("fetch_weather")
    assert Observation.objects.count() == 2
    assert DailyForecast.objects.count() == 6


def test_old_observations_are_pruned_but_never_a_citys_newest():
    tashkent, bukhara = City.objects.get(slug="tashkent"), City.objects.get(slug="bukhara")
    now = timezone.now()

    def observe(city, days_ago):
        return Observation.objects.create(
            city=city, observed_at=now - timedelta(days=days_ago), temperature=1, weather_code=0,
            wind_speed=1, wind_direction=0, humidity=50,
        )  # fmt: skip

    recent = observe(tashkent, 1)
    observe(tashkent, 10)
    only_one = observe(bukhara, 30)
    assert weather_prune() == 1
    assert set(Observation.objects.all()) == {recent, only_one}


def test_admin_fetch_now_action(provider, client):
    client.force_login(UserFactory(is_superuser=True))
    tashkent = City.objects.get(slug="tashkent")
    response = client.post(
        reverse("admin:weather_city_changelist"),
        {"action": "fetch_now", "_selected_action": [tashkent.pk]},
        follow=True,
    )
    assert "Weather updated for 1 city." in [str(m) for m in response.context["messages"]]
    assert Observation.objects.filter(city=tashkent).count() == 1


def test_observations_are_read_only_in_the_admin(provider, client):
    client.force_login(UserFactory(is_superuser=True))
    call_command("fetch_weather")
    observation = Observation.objects.first()
    assert client.get(reverse("admin:weather_observation_add")).status_code == 403
    response = client.post(reverse("admin:weather_observation_change", args=[observation.pk]), {"temperature": 99})
    assert response.status_code == 403
    assert client.get(reverse("admin:weather_observation_changelist")).status_code == 200
