"""Reads for pages: the current weather of a city, served from the cache.

A page never calls the provider. The widget's data is cached per city (and
the city list once) under the "weather" scope's generation (caching), so with
a warm cache it costs no SQL query; storing new readings invalidates that
scope (``weather_store``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from articles.cyrillic import to_cyrillic
from articles.editions import CYRILLIC
from caching.fragments import fragment

from . import codes, formatting
from .models import City, DailyForecast, Observation

SCOPE = "weather"
# A reading is shown "as of HH:MM" after an hour and hidden after six: a minute bounds that.
CACHE_SECONDS = 60
STALE_AFTER = timedelta(hours=1)
HIDDEN_AFTER = timedelta(hours=6)
# Shown only where WEATHER_SAMPLE_DATA is on (development) and nothing was fetched yet.
SAMPLE = {"temperature": 4.2, "weather_code": 3, "wind_speed": 2.1, "wind_direction": 315}


@dataclass(frozen=True)
class Reading(codes.Conditions):
    city_slug: str
    city_names: dict
    observed_at: datetime | None
    temperature: float
    weather_code: int
    wind_speed: float
    wind_direction: int
    sample: bool = False

    @property
    def age(self) -> timedelta:
        return timezone.now() - self.observed_at if self.observed_at else timedelta(0)

    @property
    def is_stale(self) -> bool:
        """Older than an hour: shown with "as of HH:MM"."""
        return not self.sample and self.age > STALE_AFTER

    @property
    def is_too_old(self) -> bool:
        """Older than six hours: not shown at all."""
        return not self.sample and self.age > HIDDEN_AFTER

    @property
    def summary(self) -> str:
        return formatting.summary(
            temperature_c=self.temperature,
            code=self.weather_code,
            wind_ms=self.wind_speed,
            direction=self.wind_direction,
        )

    @property
    def temperature_text(self) -> str:
        return formatting.temperature(self.temperature)


def cities() -> list[dict]:
    """Active cities for the picker: [{slug, names}], cached."""

    def load():
        return [{"slug": city.slug, "names": _names(city)} for city in City.objects.filter(is_active=True)]

    return fragment(SCOPE, "cities", CACHE_SECONDS, load)


def current(city_slug: str) -> Reading | None:
    """The newest reading of a city, or None when there is none to show."""

    reading = fragment(SCOPE, f"current:{city_slug}", CACHE_SECONDS, lambda: _load(city_slug) or "none")
    if reading == "none" or reading.is_too_old:
        return None
    return reading


def _load(city_slug: str) -> Reading | None:
    city = City.objects.filter(slug=city_slug, is_active=True).first()
    if city is None:
        return None
    names = _names(city)
    observation = city.observations.order_by("-observed_at").first()
    if observation is None:
        if not settings.WEATHER_SAMPLE_DATA:
            return None
        return Reading(city.slug, names, None, sample=True, **SAMPLE)
    return Reading(
        city.slug,
        names,
        observation.observed_at,
        observation.temperature,
        observation.weather_code,
        observation.wind_speed,
        observation.wind_direction,
    )


def weather_page_cities():
    """Every active city with its newest observation and its forecast from today on."""
    today = timezone.localdate()
    latest = Observation.objects.order_by("city_id", "-observed_at")
    rows = list(
        City.objects.filter(is_active=True)
        .annotate(observations_exist=Exists(Observation.objects.filter(city=OuterRef("pk"))))
        .prefetch_related(
            Prefetch("forecasts", queryset=DailyForecast.objects.filter(date__gte=today).order_by("date"))
        )
    )
    newest = {}
    for observation in latest.filter(city__in=rows, observed_at__gte=timezone.now() - HIDDEN_AFTER):
        newest.setdefault(observation.city_id, observation)
    for city in rows:
        city.latest = newest.get(city.pk)
        # What the header's widget shows for a city never fetched, the page shows too (labelled).
        sampled = city.latest is None and not city.observations_exist and settings.WEATHER_SAMPLE_DATA
        city.sample = Reading(city.slug, _names(city), None, sample=True, **SAMPLE) if sampled else None
        city.next_days = list(city.forecasts.all())[:5]
    return rows


def _names(city) -> dict[str, str]:
    """A city's name in every edition: the Uzbek Cyrillic one transliterated from the Latin."""
    return {"uz": city.name_uz, CYRILLIC: to_cyrillic(city.name_uz), "ru": city.name_ru, "en": city.name_en}
