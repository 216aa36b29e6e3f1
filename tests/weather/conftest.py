import pytest

from .fake_provider import FakeProvider


@pytest.fixture
def provider(settings):
    """The fake provider, with the site pointed at it and short timeouts."""
    with FakeProvider() as fake:
        settings.WEATHER_API_URL = fake.url
        settings.WEATHER_CONNECT_TIMEOUT = 1
        settings.WEATHER_READ_TIMEOUT = 0.5
        yield fake
