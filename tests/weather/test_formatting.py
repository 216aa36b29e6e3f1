import pytest
from django.utils.translation import override

from weather import codes, formatting


@pytest.mark.parametrize(
    ("celsius", "shown"),
    [(4.2, "+4°"), (3.5, "+4°"), (0.4, "0°"), (0.0, "0°"), (-0.4, "0°"), (-0.5, "-1°"), (-12.6, "-13°"), (0.5, "+1°")],
)
def test_temperature_has_a_sign_above_zero_and_none_at_zero(celsius, shown):
    assert formatting.temperature(celsius) == shown


@pytest.mark.parametrize(
    ("degrees", "point"),
    [
        (0, "N"), (360, "N"), (22.4, "N"), (22.5, "NE"), (45, "NE"), (67.4, "NE"), (67.5, "E"),
        (112.5, "SE"), (157.5, "S"), (202.5, "SW"), (247.5, "W"), (292.5, "NW"), (315, "NW"),
        (337.4, "NW"), (337.5, "N"), (359.9, "N"),
    ],
)  # fmt: skip
def test_compass_boundaries(degrees, point):
    with override("en"):
        assert formatting.compass(degrees) == point


@pytest.mark.parametrize(
    ("language", "points"),
    [
        ("en", ["N", "NE", "E", "SE", "S", "SW", "W", "NW"]),
        ("ru", ["С", "СВ", "В", "ЮВ", "Ю", "ЮЗ", "З", "СЗ"]),
        ("uz", ["Sh", "ShSh", "Shq", "JSh", "J", "JG'", "G'", "ShG'"]),
    ],
)
def test_compass_points_in_every_language(language, points):
    with override(language):
        assert [formatting.compass(d) for d in range(0, 360, 45)] == points


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "+4° Overcast · wind 2.1 m/s, NW"),
        ("ru", "+4° пасмурно · ветер 2.1 м/с, СЗ"),
        ("uz", "+4° bulutli · shamol 2.1 m/s, ShG'"),
    ],
)
def test_widget_summary_reads_like_the_brief(language, text):
    with override(language):
        assert formatting.summary(temperature_c=4.2, code=3, wind_ms=2.1, direction=315) == text


def test_wind_speed_is_rounded_to_one_decimal():
    assert formatting.wind_speed(2.149) == "2.1"
    assert formatting.wind_speed(2.15) == "2.2"
    assert formatting.wind_speed(0) == "0.0"


DOCUMENTED = [
    0,
    1,
    2,
    3,
    45,
    48,
    51,
    53,
    55,
    56,
    57,
    61,
    63,
    65,
    66,
    67,
    71,
    73,
    75,
    77,
    80,
    81,
    82,
    85,
    86,
    95,
    96,
    99,
]


def test_every_documented_wmo_code_is_known():
    assert sorted(codes.CODES) == DOCUMENTED


@pytest.mark.parametrize("code", DOCUMENTED)
def test_every_wmo_code_is_described_in_three_languages_with_an_icon(code):
    with override("en"):
        english = codes.describe(code)
    with override("ru"):
        russian = codes.describe(code)
    with override("uz"):
        uzbek = codes.describe(code)
    assert english and russian and uzbek
    assert russian != english and uzbek != english
    assert any("а" <= letter <= "я" for letter in russian.lower())
    assert codes.icon(code) in codes.ICONS
