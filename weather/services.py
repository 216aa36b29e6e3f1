"""Writes: storing what the provider reported, and pruning old readings."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from caching import invalidate

from . import client, selectors
from .models import City, DailyForecast, Observation

log = logging.getLogger(__name__)


@dataclass
class RefreshResult:
    city: City
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def weather_store(*, city: City, report: client.Report) -> Observation:
    """Save a validated report: the observation, and the forecast in place of the old one."""
    current = report.current
    with transaction.atomic():
        observation, _created = Observation.objects.update_or_create(
            city=city,
            observed_at=current.observed_at,
            defaults={
                "temperature": current.temperature,
                "weather_code": current.weather_code,
                "wind_speed": current.wind_speed,
                "wind_direction": current.wind_direction,
                "humidity": current.humidity,
            },
        )
        DailyForecast.objects.filter(city=city).delete()
        DailyForecast.objects.bulk_create(
            DailyForecast(
                city=city,
                date=day.date,
                temperature_min=day.temperature_min,
                temperature_max=day.temperature_max,
                weather_code=day.weather_code,
                precipitation_probability=day.precipitation_probability,
            )
            for day in report.days
        )
        transaction.on_commit(lambda: invalidate(selectors.SCOPE))  # the widget shows it at once
    return observation


def weather_refresh(*, city: City, http=None) -> RefreshResult:
    """Fetch and store one city; a failure is logged and leaves the last good data."""
    try:
        report = client.fetch(float(city.latitude), float(city.longitude), city.timezone, http=http)
    except client.ProviderError as error:
        log.warning("weather for %s not updated: %s", city.slug, error)
        return RefreshResult(city, str(error))
    weather_store(city=city, report=report)
    return RefreshResult(city)


def weather_refresh_all(*, cities=None) -> list[RefreshResult]:
    """Refresh every active city (one failing city does not stop the others), then prune."""
    http = client.session()
    cities = cities if cities is not None else City.objects.filter(is_active=True)
    results = [weather_refresh(city=city, http=http) for city in cities]
    weather_prune()
    return results


def weather_prune(*, keep_days: int | None = None) -> int:
    """Delete observations older than WEATHER_KEEP_DAYS, but never a city's newest one."""
    cutoff = timezone.now() - timedelta(days=keep_days or settings.WEATHER_KEEP_DAYS)
    newest = Observation.objects.filter(city=OuterRef("city")).order_by("-observed_at").values("pk")[:1]
    deleted, _by_model = Observation.objects.filter(observed_at__lt=cutoff).exclude(pk=Subquery(newest)).delete()
    return deleted
