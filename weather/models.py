from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.cyrillic import to_cyrillic
from articles.editions import CYRILLIC

from . import codes, formatting


class City(models.Model):
    name_uz = models.CharField(_("name (Uzbek)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    timezone = models.CharField(_("time zone"), max_length=50, default="Asia/Tashkent", help_text=_("IANA name."))
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Lower numbers come first."))
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Fetched and offered to readers."))

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90), name="city_latitude_range"),
            models.CheckConstraint(condition=Q(longitude__gte=-180, longitude__lte=180), name="city_longitude_range"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        edition = get_language() or settings.LANGUAGE_CODE
        if edition == CYRILLIC:
            return to_cyrillic(self.name_uz)
        return getattr(self, f"name_{edition[:2]}", "") or self.name_en


class Observation(codes.Conditions, models.Model):
    """Current conditions as the provider measured them (°C, m/s, degrees)."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="observations", verbose_name=_("city"))
    observed_at = models.DateTimeField(_("observed at"))
    temperature = models.FloatField(_("temperature, °C"))
    weather_code = models.PositiveSmallIntegerField(_("WMO weather code"))
    wind_speed = models.FloatField(_("wind speed, m/s"))
    wind_direction = models.PositiveSmallIntegerField(_("wind direction, degrees"))
    humidity = models.PositiveSmallIntegerField(_("relative humidity, %"))
    fetched_at = models.DateTimeField(_("fetched at"), auto_now_add=True)

    class Meta:
        ordering = ["-observed_at"]
        get_latest_by = "observed_at"
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["city", "observed_at"], name="observation_city_time_unique"),
            models.CheckConstraint(condition=Q(wind_direction__lte=360), name="observation_direction_range"),
            models.CheckConstraint(condition=Q(humidity__lte=100), name="observation_humidity_range"),
        ]
        indexes = [models.Index(fields=["city", "-observed_at"], name="observation_city_latest")]

    def __str__(self):
        return f"{self.city}: {self.temperature} °C at {self.observed_at:%Y-%m-%d %H:%M}"

    @property
    def temperature_text(self) -> str:
        return formatting.temperature(self.temperature)

    @property
    def wind_text(self) -> str:
        return formatting.wind(self.wind_speed, self.wind_direction)


class DailyForecast(codes.Conditions, models.Model):
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="forecasts", verbose_name=_("city"))
    date = models.DateField(_("date"))
    temperature_min = models.FloatField(_("minimum, °C"))
    temperature_max = models.FloatField(_("maximum, °C"))
    weather_code = models.PositiveSmallIntegerField(_("WMO weather code"))
    precipitation_probability = models.PositiveSmallIntegerField(_("chance of precipitation, %"), null=True)

    class Meta:
        ordering = ["city", "date"]
        verbose_name = _("daily forecast")
        verbose_name_plural = _("daily forecasts")
        constraints = [
            models.UniqueConstraint(fields=["city", "date"], name="forecast_city_date_unique"),
            models.CheckConstraint(
                condition=Q(temperature_min__lte=models.F("temperature_max")), name="forecast_min_le_max"
            ),
        ]

    def __str__(self):
        return f"{self.city} {self.date}"

    @property
    def min_text(self) -> str:
        return formatting.temperature(self.temperature_min)

    @property
    def max_text(self) -> str:
        return formatting.temperature(self.temperature_max)
