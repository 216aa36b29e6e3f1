"""Column charts drawn on the server as SVG (templates admin/articles/includes/column_chart.html).

No chart library and no script: the geometry is computed here, the template writes rectangles and
text, and the same figures are given as a table for screen readers and for copying.
"""

import math

from django.utils import formats

WIDTH, HEIGHT = 960, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 28
TICKS = 4


def nice_top(value: int) -> int:
    """The smallest figure at or above ``value`` whose quarter is round (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a
    power of ten, whole), so the four grid lines fall on round figures: 0 -> 4, 7 -> 8, 950 -> 1,000."""
    step = max(math.ceil(max(value, 1) / TICKS), 1)
    power = 1
    while True:
        for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            candidate = factor * power
            if candidate >= step and float(candidate).is_integer():
                return int(candidate) * TICKS
        power *= 10


def number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def column_chart(points: list[dict], *, label_every: int = 1, width: int = WIDTH, height: int = HEIGHT) -> dict:
    """Geometry for ``points`` ([{"label", "value", "title"}], one column each, left to right): columns,
    grid lines with their figures, and every ``label_every``-th label under its column."""
    plot_width, plot_height = width - LEFT - RIGHT, height - TOP - BOTTOM
    top = nice_top(max((point["value"] for point in points), default=0))
    step = plot_width / max(len(points), 1)
    columns, labels = [], []
    for index, point in enumerate(points):
        column_height = round(plot_height * point["value"] / top, 1)
        columns.append(
            {
                **point,
                "x": round(LEFT + index * step + step * 0.12, 1),
                "y": round(TOP + plot_height - column_height, 1),
                "width": round(step * 0.76, 1),
                "height": column_height,
                "shown": number(point["value"]),
            }
        )
        if index % label_every == 0:
            labels.append({"x": round(LEFT + index * step + step / 2, 1), "text": point["label"]})
    ticks = [
        {"y": round(TOP + plot_height - plot_height * k / TICKS, 1), "label": number(top * k // TICKS)}
        for k in range(TICKS + 1)
    ]
    return {
        "width": width,
        "height": height,
        "left": LEFT,
        "right": width - RIGHT,
        "label_y": height - 8,
        "columns": columns,
        "ticks": ticks,
        "labels": labels,
        "total": number(sum(point["value"] for point in points)),
    }
