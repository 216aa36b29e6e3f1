"""The newsroom's dashboard, the admin's first page: what readers read now and what waits for the desk.

Every figure comes from the aggregate tables (``DailyViews`` per article and day, ``HourlyViews`` per
edition and hour) or, for the last five minutes, from the view buffer's minute counters in Redis;
nothing scans single views. The page costs the same fixed number of queries at a hundred articles or
at a hundred thousand with a year of views (tests/articles/test_dashboard.py, bench/dashboard.py).
An editor sees the editions of their desks.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import charts, desks, views_buffer
from .models import Article, Category, DailyViews, HourlyViews, Language

TOP = 10  # today's most read
LISTED = 10  # articles in review, stale drafts
SCHEDULE = 20  # the next 24 hours
HOURS = 48
STALE = timedelta(days=7)
RECENT_MINUTES = 5
ARTICLE_DAYS = 30


def editions(user) -> list[str]:
    mine = desks.editions_of_user(user)
    return [language for language in Language.values if language in mine]


def _limited(queryset, limit: int) -> tuple[list, int]:
    """Up to ``limit`` rows and how many there are in all (counted only when there are more)."""
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, len(rows)
    return rows[:limit], queryset.count()


def change(today: int, yesterday: int) -> dict:
    """Today's views against yesterday's, in words a desk reads at a glance."""
    if not yesterday:
        return {"text": _("new"), "direction": "up" if today else "same"}
    percent = round((today - yesterday) * 100 / yesterday)
    if percent > 0:
        return {"text": f"+{percent} %", "direction": "up"}
    if percent < 0:
        return {"text": f"−{-percent} %", "direction": "down"}
    return {"text": "0 %", "direction": "same"}


def top_today(languages: list[str], today) -> list[dict]:
    rows = list(
        DailyViews.objects.filter(day=today, article__language__in=languages)
        .select_related("article__category")
        .order_by("-views", "article_id")[:TOP]
    )
    before = dict(
        DailyViews.objects.filter(
            day=today - timedelta(days=1), article_id__in=[row.article_id for row in rows]
        ).values_list("article_id", "views")
    )
    return [
        {
            "article": row.article,
            "views": row.views,
            "yesterday": before.get(row.article_id, 0),
            "change": change(row.views, before.get(row.article_id, 0)),
        }
        for row in rows
    ]


def hourly(languages: list[str], now) -> list[dict]:
    """Views per hour for the last 48 hours, the current hour last (an hour without views counts 0)."""
    current = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    first = current - timedelta(hours=HOURS - 1)
    counted = dict(
        HourlyViews.objects.filter(hour__gte=first, language__in=languages)
        .values("hour")
        .annotate(total=Sum("views"))
        .values_list("hour", "total")
    )
    counted = {timezone.localtime(hour): total for hour, total in counted.items()}
    hours = []
    for index in range(HOURS):
        start = first + timedelta(hours=index)
        start = timezone.localtime(start)  # a zone with summer time: each hour in its own offset
        hours.append({"start": start, "value": counted.get(start, 0)})
    return hours


def hourly_chart(hours: list[dict]) -> dict:
    points = [
        {
            "label": formats.date_format(hour["start"], "H:i"),
            "value": hour["value"],
            "title": _("%(when)s: %(views)s views")
            % {"when": formats.date_format(hour["start"], "D j M, H:i"), "views": charts.number(hour["value"])},
            "when": formats.date_format(hour["start"], "D j M, H:i"),
        }
        for hour in hours
    ]
    return charts.column_chart(points, label_every=6)


def sections_today(languages: list[str], today) -> list[dict]:
    rows = list(
        DailyViews.objects.filter(day=today, article__language__in=languages)
        .values("article__category_id")
        .annotate(total=Sum("views"))
        .order_by("-total", "article__category_id")
    )
    names = Category.objects.in_bulk([row["article__category_id"] for row in rows if row["article__category_id"]])
    most = max((row["total"] for row in rows), default=0)
    return [
        {
            "name": names[row["article__category_id"]].name
            if row["article__category_id"] in names
            else _("No section"),
            "views": row["total"],
            "shown": charts.number(row["total"]),
            "share": round(100 * row["total"] / most, 1) if most else 0,
        }
        for row in rows
    ]


def build(user) -> dict:
    """Everything the dashboard shows to ``user``, for the editions of their desks."""
    now = timezone.now()
    today = timezone.localdate(now)
    languages = editions(user)
    articles = Article.objects.filter(language__in=languages).select_related("category", "author")
    hours = hourly(languages, now)
    scheduled, scheduled_count = _limited(
        articles.filter(
            status=Article.Status.PUBLISHED, published_at__gt=now, published_at__lte=now + timedelta(hours=24)
        ).order_by("published_at"),
        SCHEDULE,
    )
    review, review_count = _limited(articles.filter(status=Article.Status.REVIEW).order_by("updated_at"), LISTED)
    stale, stale_count = _limited(
        articles.filter(status=Article.Status.DRAFT, updated_at__lt=now - STALE).order_by("updated_at"), LISTED
    )
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    same_time_yesterday = timezone.localtime(now) - timedelta(days=1)
    views_today = sum(hour["value"] for hour in hours if hour["start"] >= midnight)
    views_yesterday_by_now = sum(
        hour["value"]
        for hour in hours
        if midnight - timedelta(days=1) <= hour["start"] <= same_time_yesterday.replace(minute=0, second=0)
    )
    return {
        "editions": [Language(language).label for language in languages],
        "on_no_desk": not languages,
        "recent": views_buffer.recent(RECENT_MINUTES) if settings.VIEW_BUFFER else None,
        "recent_minutes": RECENT_MINUTES,
        "buffered": settings.VIEW_BUFFER,
        "views_today": charts.number(views_today),
        "views_change": change(views_today, views_yesterday_by_now),
        "top": top_today(languages, today),
        "hourly": hourly_chart(hours),
        "sections": sections_today(languages, today),
        "scheduled": scheduled,
        "scheduled_count": scheduled_count,
        "review": review,
        "review_count": review_count,
        "stale": stale,
        "stale_count": stale_count,
        "stale_days": STALE.days,
    }


def article_chart(article: Article) -> dict:
    """An article's views per day over the last 30 days (today last), as a column chart."""
    today = timezone.localdate()
    first = today - timedelta(days=ARTICLE_DAYS - 1)
    counted = dict(article.daily_views.filter(day__gte=first).values_list("day", "views"))
    points = []
    for index in range(ARTICLE_DAYS):
        day = first + timedelta(days=index)
        views = counted.get(day, 0)
        when = formats.date_format(day, "D j M")
        points.append(
            {
                "label": formats.date_format(day, "j M"),
                "value": views,
                "when": when,
                "title": _("%(when)s: %(views)s views") % {"when": when, "views": charts.number(views)},
            }
        )
    chart = charts.column_chart(points, label_every=7, width=360, height=160)
    chart["days"] = ARTICLE_DAYS
    return chart
