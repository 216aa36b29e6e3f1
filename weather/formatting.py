"""How readings are shown: rounding, signs and the compass, in the active language.

Readings are stored as the provider measured them; these functions are the
only place they are rounded or translated.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .codes import describe

# Eight points, clockwise from north; each covers 45°, centred on its bearing.
COMPASS = [
    pgettext_lazy("compass point", "N"), pgettext_lazy("compass point", "NE"),
    pgettext_lazy("compass point", "E"), pgettext_lazy("compass point", "SE"),
    pgettext_lazy("compass point", "S"), pgettext_lazy("compass point", "SW"),
    pgettext_lazy("compass point", "W"), pgettext_lazy("compass point", "NW"),
]  # fmt: skip


def _round(value: float, places: str) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def temperature(celsius: float) -> str:
    """'+4°', '0°', '-3°': whole degrees, half away from zero, a sign unless zero."""
    degrees = int(_round(celsius, "1"))
    if degrees > 0:
        return f"+{degrees}°"
    if degrees < 0:
        return f"-{-degrees}°"
    return "0°"


def compass(degrees: float) -> str:
    """The 8-point compass label: 0° and 360° are N, 22.5° is NE, 337.5° is N."""
    index = int((Decimal(str(degrees)) % 360 + Decimal("22.5")) // 45) % 8
    return str(COMPASS[index])


def wind_speed(metres_per_second: float) -> str:
    return str(_round(metres_per_second, "0.1"))


def wind(metres_per_second: float, direction: float) -> str:
    """'wind 2.1 m/s, NW' in the active language."""
    return _("wind %(speed)s m/s, %(direction)s") % {
        "speed": wind_speed(metres_per_second),
        "direction": compass(direction),
    }


def summary(*, temperature_c: float, code: int, wind_ms: float, direction: float) -> str:
    """'+4° Overcast · wind 2.1 m/s, NW' in the active language."""
    return _("%(temperature)s %(condition)s · %(wind)s") % {
        "temperature": temperature(temperature_c),
        "condition": describe(code),
        "wind": wind(wind_ms, direction),
    }
