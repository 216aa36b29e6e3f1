"""WMO weather interpretation codes as Open-Meteo documents them: description and icon."""

from django.utils.translation import gettext_lazy as _

# code: (description, icon)
CODES = {
    0: (_("Clear sky"), "clear"),
    1: (_("Mainly clear"), "clear"),
    2: (_("Partly cloudy"), "partly-cloudy"),
    3: (_("Overcast"), "cloudy"),
    45: (_("Fog"), "fog"),
    48: (_("Depositing rime fog"), "fog"),
    51: (_("Light drizzle"), "drizzle"),
    53: (_("Moderate drizzle"), "drizzle"),
    55: (_("Dense drizzle"), "drizzle"),
    56: (_("Light freezing drizzle"), "drizzle"),
    57: (_("Dense freezing drizzle"), "drizzle"),
    61: (_("Slight rain"), "rain"),
    63: (_("Moderate rain"), "rain"),
    65: (_("Heavy rain"), "rain"),
    66: (_("Light freezing rain"), "rain"),
    67: (_("Heavy freezing rain"), "rain"),
    71: (_("Slight snowfall"), "snow"),
    73: (_("Moderate snowfall"), "snow"),
    75: (_("Heavy snowfall"), "snow"),
    77: (_("Snow grains"), "snow"),
    80: (_("Slight rain showers"), "rain"),
    81: (_("Moderate rain showers"), "rain"),
    82: (_("Violent rain showers"), "rain"),
    85: (_("Slight snow showers"), "snow"),
    86: (_("Heavy snow showers"), "snow"),
    95: (_("Thunderstorm"), "thunder"),
    96: (_("Thunderstorm with slight hail"), "thunder"),
    99: (_("Thunderstorm with heavy hail"), "thunder"),
}
ICONS = sorted({icon for _description, icon in CODES.values()})


def describe(code: int) -> str:
    return str(CODES[code][0])


def icon(code: int) -> str:
    return CODES[code][1]


class Conditions:
    """For anything with a ``weather_code``: its description and icon in the active language."""

    weather_code: int

    @property
    def condition(self) -> str:
        return describe(self.weather_code)

    @property
    def icon(self) -> str:
        return icon(self.weather_code)
