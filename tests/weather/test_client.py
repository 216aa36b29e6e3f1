from datetime import UTC, datetime

import pytest

from weather import client

from .fake_provider import forecast


def fetch():
    return client.fetch(41.3, 69.24, "Asia/Tashkent")


@pytest.mark.django_db
def test_reads_current_weather_and_five_days(provider):
    observed = datetime(2026, 11, 25, 7, 15, tzinfo=UTC)
    provider.plan(forecast(observed=observed, temperature=-3.6, code=71, wind=4.44, direction=22, humidity=91))
    report = fetch()
    assert report.current.observed_at == observed, "local time shifted back by utc_offset_seconds"
    assert report.current.temperature == -3.6
    assert report.current.weather_code == 71
    assert report.current.wind_speed == 4.44
    assert report.current.wind_direction == 22
    assert report.current.humidity == 91
    assert len(report.days) == 6
    assert report.days[1].precipitation_probability == 80
    assert report.days[4].precipitation_probability is None
    query = provider.requests[0]
    assert query["wind_speed_unit"] == "ms"
    assert query["timezone"] == "Asia/Tashkent"
    assert "weather_code" in query["current"] and "temperature_2m_min" in query["daily"]


@pytest.mark.parametrize(
    ("time_value", "offset"),
    [("2026-11-25T12:15", 18000), ("2026-11-25T07:15", 0), ("2026-11-25T10:15", 10800), (1795590900, 18000)],
)
def test_observation_time_is_right_whatever_the_response_zone(time_value, offset):
    data = forecast(offset_seconds=offset)
    data["current"]["time"] = time_value
    assert client.parse(data).current.observed_at == datetime(2026, 11, 25, 7, 15, tzinfo=UTC)


def test_server_error_then_success_is_retried(provider):
    provider.plan((500, {"error": True}), (503, b"busy"), forecast(temperature=11))
    assert fetch().current.temperature == 11
    assert len(provider.requests) == 3


def test_persistent_server_error_fails_after_bounded_retries(provider):
    provider.plan((500, {"error": True}))
    with pytest.raises(client.ProviderError, match="HTTP 500"):
        fetch()
    assert len(provider.requests) == 3


def test_timeout_is_retried_then_reported(provider):
    provider.plan(("hang", 2))
    with pytest.raises(client.ProviderError, match="no answer"):
        fetch()
    assert len(provider.requests) == 3


def test_unreachable_provider_is_reported(settings):
    settings.WEATHER_API_URL = "http://127.0.0.1:9/v1/forecast"
    settings.WEATHER_RETRIES = 0
    with pytest.raises(client.ProviderError, match="no answer"):
        fetch()


def test_malformed_json_is_reported(provider):
    provider.plan((200, b"{not json"))
    with pytest.raises(client.ProviderError, match="malformed JSON"):
        fetch()


def broken(change):
    data = forecast()
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (broken(lambda d: d.pop("current")), "no 'current' section"),
        (broken(lambda d: d["current"].pop("temperature_2m")), "'temperature_2m' is missing"),
        (broken(lambda d: d["current"].update(temperature_2m=None)), "'temperature_2m' is missing"),
        (broken(lambda d: d["current"].update(temperature_2m="cold")), "is not a number"),
        (broken(lambda d: d["current"].update(temperature_2m=75)), "out of range"),
        (broken(lambda d: d["current"].update(wind_speed_10m=-1)), "out of range"),
        (broken(lambda d: d["current"].update(wind_direction_10m=400)), "out of range"),
        (broken(lambda d: d["current"].update(relative_humidity_2m=130)), "out of range"),
        (broken(lambda d: d["current"].update(weather_code=42)), "not a WMO weather code"),
        (broken(lambda d: d["current"].update(time="yesterday")), "not a time"),
        (broken(lambda d: d["current"].update(time="2099-01-01T00:00")), "in the future"),
        (broken(lambda d: d["daily"]["temperature_2m_max"].pop()), "different lengths"),
        (broken(lambda d: d["daily"].pop("weather_code")), "different lengths"),
        (broken(lambda d: d["daily"]["time"].__setitem__(0, "soon")), "not a date"),
        (broken(lambda d: d["daily"]["temperature_2m_min"].__setitem__(0, 30)), "above maximum"),
        ([1, 2, 3], "not a JSON object"),
    ],
)
def test_missing_or_impossible_values_are_errors(data, message):
    with pytest.raises(client.ProviderError, match=message):
        client.parse(data)
