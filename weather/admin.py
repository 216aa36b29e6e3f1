from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import City, DailyForecast, Observation


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = [
        "name_en",
        "name_ru",
        "name_uz",
        "slug",
        "latitude",
        "longitude",
        "timezone",
        "position",
        "is_active",
    ]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "timezone"]
    search_fields = ["name_en", "name_ru", "name_uz", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    actions = ["fetch_now"]

    @admin.action(description=_("Fetch the weather now"))
    def fetch_now(self, request, queryset):
        results = services.weather_refresh_all(cities=list(queryset))
        updated = sum(result.ok for result in results)
        if updated:
            message = ngettext("Weather updated for %(count)d city.", "Weather updated for %(count)d cities.", updated)
            self.message_user(request, message % {"count": updated}, messages.SUCCESS)
        for result in results:
            if not result.ok:
                self.message_user(request, f"{result.city}: {result.error}", messages.ERROR)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Readings come from the provider; editors look but do not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["city", "observed_at", "temperature", "weather_code", "wind_speed", "wind_direction", "humidity"]
    list_filter = ["city"]
    list_select_related = ["city"]
    date_hierarchy = "observed_at"


@admin.register(DailyForecast)
class DailyForecastAdmin(ReadOnlyAdmin):
    list_display = ["city", "date", "temperature_min", "temperature_max", "weather_code", "precipitation_probability"]
    list_filter = ["city"]
    list_select_related = ["city"]
