"""Client of the Open-Meteo forecast API (https://open-meteo.com/en/docs).

The only module that knows the provider's format: ``fetch`` returns a
``Report`` or raises ``ProviderError``. The endpoint is ``WEATHER_API_URL``,
so tests and offline demos point it at a local fake.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from .codes import CODES

CURRENT = "temperature_2m,relative_humidity_2m,weather_code,wind_speed_10m,wind_direction_10m"
DAILY = "weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max"
FORECAST_DAYS = 6  # today and the next five


class ProviderError(Exception):
    """The provider could not be reached or answered something unusable; nothing is stored."""


@dataclass(frozen=True)
class Current:
    observed_at: datetime
    temperature: float
    weather_code: int
    wind_speed: float
    wind_direction: int
    humidity: int


@dataclass(frozen=True)
class Day:
    date: date
    temperature_min: float
    temperature_max: float
    weather_code: int
    precipitation_probability: int | None


@dataclass(frozen=True)
class Report:
    current: Current
    days: list[Day]


def session() -> requests.Session:
    """A session that retries timeouts, dropped connections and 5xx, with exponential backoff."""
    retry = Retry(
        total=settings.WEATHER_RETRIES,
        connect=settings.WEATHER_RETRIES,
        read=settings.WEATHER_RETRIES,
        status=settings.WEATHER_RETRIES,
        backoff_factor=0.5,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=("GET",),
        raise_on_status=False,
    )
    http = requests.Session()
    http.mount("http://", HTTPAdapter(max_retries=retry))
    http.mount("https://", HTTPAdapter(max_retries=retry))
    return http


def fetch(latitude: float, longitude: float, timezone_name: str, *, http: requests.Session | None = None) -> Report:
    params = {
        "latitude": f"{latitude:.5f}",
        "longitude": f"{longitude:.5f}",
        "current": CURRENT,
        "daily": DAILY,
        "wind_speed_unit": "ms",
        "timezone": timezone_name,
        "forecast_days": FORECAST_DAYS,
    }
    try:
        response = (http or session()).get(
            settings.WEATHER_API_URL,
            params=params,
            timeout=(settings.WEATHER_CONNECT_TIMEOUT, settings.WEATHER_READ_TIMEOUT),
        )
    except requests.RequestException as error:
        raise ProviderError(f"no answer from the weather provider: {error.__class__.__name__}") from error
    if response.status_code != 200:
        raise ProviderError(f"the weather provider answered HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as error:
        raise ProviderError("the weather provider answered with malformed JSON") from error
    return parse(data)


def parse(data) -> Report:
    """Validate a forecast response strictly; any missing or impossible value is an error."""
    if not isinstance(data, dict):
        raise ProviderError("the response is not a JSON object")
    offset = timedelta(seconds=_number(data, "utc_offset_seconds", -18 * 3600, 18 * 3600, default=0))
    current = _section(data, "current")
    observed_at = _time(current.get("time"), offset)
    if observed_at > datetime.now(UTC) + timedelta(hours=1):
        raise ProviderError(f"current.time {observed_at.isoformat()} is in the future")
    report_current = Current(
        observed_at=observed_at,
        temperature=_number(current, "temperature_2m", -90, 60),
        weather_code=_code(current, "weather_code"),
        wind_speed=_number(current, "wind_speed_10m", 0, 120),
        wind_direction=round(_number(current, "wind_direction_10m", 0, 360)),
        humidity=round(_number(current, "relative_humidity_2m", 0, 100)),
    )
    daily = _section(data, "daily")
    columns = ("time", "temperature_2m_min", "temperature_2m_max", "weather_code", "precipitation_probability_max")
    lists = [daily.get(name) for name in columns]
    if not all(isinstance(values, list) for values in lists) or len({len(values) for values in lists}) != 1:
        raise ProviderError("daily: the columns are missing or of different lengths")
    days = []
    for index, (day, low, high, code, chance) in enumerate(zip(*lists, strict=True)):
        row = {"min": low, "max": high, "code": code, "chance": chance}
        try:
            parsed_date = date.fromisoformat(day)
        except (TypeError, ValueError) as error:
            raise ProviderError(f"daily.time[{index}] is not a date: {day!r}") from error
        low, high = _number(row, "min", -90, 60), _number(row, "max", -90, 60)
        if low > high:
            raise ProviderError(f"daily[{index}]: minimum {low} is above maximum {high}")
        days.append(
            Day(
                date=parsed_date,
                temperature_min=low,
                temperature_max=high,
                weather_code=_code(row, "code"),
                precipitation_probability=None if chance is None else round(_number(row, "chance", 0, 100)),
            )
        )
    return Report(current=report_current, days=days)


def _section(data: dict, name: str) -> dict:
    section = data.get(name)
    if not isinstance(section, dict):
        raise ProviderError(f"the response has no '{name}' section")
    return section


_MISSING = object()


def _number(data: dict, key: str, low: float, high: float, default=_MISSING) -> float:
    value = data.get(key, default)
    if value is _MISSING or value is None:
        raise ProviderError(f"'{key}' is missing")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProviderError(f"'{key}' is not a number: {value!r}")
    if not low <= value <= high:
        raise ProviderError(f"'{key}' is out of range: {value!r}")
    return float(value)


def _code(data: dict, key: str) -> int:
    value = _number(data, key, 0, 99)
    if value != int(value) or int(value) not in CODES:
        raise ProviderError(f"'{key}' is not a WMO weather code: {value!r}")
    return int(value)


def _time(value, offset: timedelta) -> datetime:
    """An ISO time (local to the response, shifted by utc_offset_seconds) or a Unix time, as UTC."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise ProviderError(f"current.time is not a time: {value!r}") from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC) - offset
    return parsed.astimezone(UTC)
