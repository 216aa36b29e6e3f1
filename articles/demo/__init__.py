"""Demo content: fictional stories written for this project, with generated covers."""

import io
import json
import random
from collections import defaultdict
from datetime import datetime, time, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from ..authors import Author
from ..live import LiveEntry
from ..media import MediaImage
from ..models import Article, ArticleNote, Category, DailyViews, HourlyViews
from ..services import article_import_line, articles_after_import
from ..storytelling import article_set_authors, gallery_set

STORIES = Path(__file__).with_name("stories.json")
SOURCE = "Newsportal demo (fictional)"
ALT = {
    "en": "Illustration in the colours of the {name} section",
    "ru": "Иллюстрация в цветах рубрики «{name}»",
    "uz": "«{name}» rukni ranglaridagi illyustratsiya",
}
# Fictional correspondents; each story has one or two of them (by its place in stories.json).
AUTHORS = [
    {
        "slug": "dilnoza-rahimova",
        "name_en": "Dilnoza Rahimova",
        "name_ru": "Дильноза Рахимова",
        "name_uz": "Dilnoza Rahimova",
        "role_en": "City correspondent",
        "role_ru": "Городской корреспондент",
        "role_uz": "Shahar muxbiri",
        "bio_en": "Writes about Tashkent's streets, transport and the people who keep the city running.",
        "bio_ru": "Пишет об улицах Ташкента, транспорте и людях, на которых держится город.",
        "bio_uz": "Toshkent ko‘chalari, transport va shaharni harakatga keltiradigan odamlar haqida yozadi.",
    },
    {
        "slug": "jasur-tursunov",
        "name_en": "Jasur Tursunov",
        "name_ru": "Жасур Турсунов",
        "name_uz": "Jasur Tursunov",
        "role_en": "Sports editor",
        "role_ru": "Спортивный редактор",
        "role_uz": "Sport muharriri",
        "links": "https://t.me/telegram",
    },
    {
        "slug": "malika-yusupova",
        "name_en": "Malika Yusupova",
        "name_ru": "Малика Юсупова",
        "name_uz": "Malika Yusupova",
        "role_en": "Economy and world",
        "role_ru": "Экономика и мир",
        "role_uz": "Iqtisodiyot va dunyo",
    },
]
# The futsal final carries a video and a post (shown as facades until a reader plays them) and a gallery.
EMBEDS = "\n\nhttps://www.youtube.com/watch?v=M7lc1UVf-VE\n\nhttps://t.me/telegram/10"
GALLERY_STORY = "futsal-final"
GALLERY_CAPTIONS = {
    "en": ["The teams line up before kick-off", "The opening goal", "Supporters in the north stand", "The trophy"],
    "ru": ["Команды выстроились перед стартовым свистком", "Первый гол", "Болельщики на северной трибуне", "Кубок"],
    "uz": ["Jamoalar o‘yin oldidan saf tortdi", "Birinchi gol", "Shimoliy tribunadagi muxlislar", "Kubok"],
}
CORRECTED_STORY = "tram-line"
CORRECTION = {
    "en": "An earlier version of this story gave the line's length as 19 km; it is 9 km.",
    "ru": "В первой версии материала длина линии была указана как 19 км; на самом деле 9 км.",
    "uz": "Maqolaning avvalgi talqinida liniya uzunligi 19 km deb ko‘rsatilgan edi; aslida 9 km.",
}

# The council's session on the tram line is covered live (still open): entries by minutes before now.
LIVE_STORY = "tram-line"
LIVE_ENTRIES = [
    (80, False, {
        "en": "The council session opens. 35 of 40 members are present.",
        "ru": "Заседание совета открылось. Присутствуют 35 из 40 депутатов.",
        "uz": "Kengash majlisi ochildi. 40 nafar a’zodan 35 nafari ishtirok etmoqda.",
    }),
    (65, False, {
        "en": "Residents of the old town ask for the work to stop during the school holidays.",
        "ru": "Жители старого города просят не вести работы во время школьных каникул.",
        "uz": "Eski shahar aholisi maktab ta’tili paytida ishlarni to‘xtatishni so‘ramoqda.",
    }),
    (50, True, {
        "en": "The vote: 31 for, 4 against. The line is approved.",
        "ru": "Голосование: 31 за, 4 против. Линия одобрена.",
        "uz": "Ovoz berish: 31 ta «ha», 4 ta «yo‘q». Liniya ma’qullandi.",
    }),
    (20, False, {
        "en": "The mayor's office says tenders for the rails open next month.",
        "ru": "В хокимияте говорят, что тендеры на укладку рельсов откроются в следующем месяце.",
        "uz": "Hokimiyat relslar uchun tenderlar kelasi oy ochilishini aytmoqda.",
    }),
]  # fmt: skip

# Editions are published a few minutes apart, as a newsroom translating would.
EDITION_DELAY = {"uz": 0, "ru": 7, "en": 15}


def cover_image(seed: str, colour: tuple[int, int, int], size=(1600, 900)) -> bytes:
    """An abstract picture: a gradient of the section colour with soft shapes."""
    rng = random.Random(seed)
    width, height = size
    base = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270])).resize(size)
    dark = tuple(int(c * 0.35) for c in colour)
    image = Image.composite(Image.new("RGB", size, colour), Image.new("RGB", size, dark), base)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(5, 9)):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tint = tuple(min(255, c + rng.randint(40, 120)) for c in colour) + (rng.randint(40, 110),)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tint)
    for _ in range(rng.randint(2, 4)):
        offset = rng.randint(-width // 2, width)
        band = rng.randint(40, 160)
        draw.polygon(
            [(offset, height), (offset + band, height), (offset + band + height, 0), (offset + height, 0)],
            fill=(255, 255, 255, rng.randint(20, 50)),
        )
    image = Image.alpha_composite(image.convert("RGBA"), layer.filter(ImageFilter.GaussianBlur(6)))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def load_demo(now=None) -> int:
    """Create the demo categories and articles; returns how many articles were made.

    Does nothing when the demo was loaded before, so editors' changes stay.
    """
    if Article.objects.filter(external_id__startswith="demo-").exists():
        return 0
    now = now or timezone.now()
    data = json.loads(STORIES.read_text(encoding="utf-8"))
    categories = {}
    for position, entry in enumerate(data["categories"]):
        categories[entry["slug"]] = (
            Category.objects.update_or_create(
                slug=entry["slug"],
                defaults={"name_en": entry["en"], "name_ru": entry["ru"], "name_uz": entry["uz"], "position": position},
            )[0],
            tuple(entry["colour"]),
        )
    ids = []
    hourly = defaultdict(int)
    rng = random.Random(2026)
    with transaction.atomic():
        authors = [Author.objects.update_or_create(slug=a["slug"], defaults=a)[0] for a in AUTHORS]
        for number, story in enumerate(data["stories"]):
            category, colour = categories[story["category"]]
            picture = cover_image(story["key"], colour)
            original = None
            for language in ("uz", "ru", "en"):
                text = story[language]
                if story["key"] == GALLERY_STORY:
                    text = {**text, "body": text["body"] + EMBEDS}
                published = now - timedelta(hours=story["hours_ago"]) + timedelta(minutes=EDITION_DELAY[language])
                article, _ = article_import_line(
                    data={
                        "id": f"demo-{story['key']}-{language}",
                        "language": language,
                        "category": category.slug,
                        # Tags belong to an edition: each is named in the story's language.
                        "tags": [data["tag_names"].get(tag, {}).get(language, tag) for tag in story.get("tags", [])],
                        "published_at": min(published, now).isoformat(),
                        "source": SOURCE,
                        **text,
                    },
                    announce=False,
                )
                article.is_breaking = story.get("breaking", False)
                article.is_featured = story.get("featured", False)
                article.cover = ContentFile(picture, name=f"{story['key']}.jpg")
                article.cover_alt = ALT[language].format(name=getattr(category, f"name_{language}"))
                article.cover_credit = "Newsportal graphics"
                article.translation_of = original
                article.save()
                byline = [authors[number % len(authors)]] + (
                    [authors[(number + 1) % len(authors)]] if number % 4 == 0 else []
                )
                article_set_authors(article=article, authors=byline)
                if story["key"] == GALLERY_STORY:
                    gallery_set(article=article, images=demo_gallery(language, colour))
                if story["key"] == LIVE_STORY:
                    Article.objects.filter(pk=article.pk).update(live_started_at=now - timedelta(minutes=90))
                    for minutes, key, words in LIVE_ENTRIES:
                        entry = LiveEntry(article=article, body=words[language], is_key=key, author=byline[0])
                        entry.posted_at = now - timedelta(minutes=minutes)
                        entry.save()
                if story["key"] == CORRECTED_STORY:
                    ArticleNote.objects.create(article=article, text=CORRECTION[language], noted_at=now)
                    Article.objects.filter(pk=article.pk).update(revised_at=now)
                original = original or article
                add_demo_views(article, rng, now, hourly)
                ids.append(article.pk)
        HourlyViews.objects.bulk_create(
            HourlyViews(hour=hour, language=language, views=views) for (hour, language), views in hourly.items()
        )
    articles_after_import(ids)
    return len(ids)


def demo_gallery(language: str, colour) -> list[MediaImage]:
    pictures = []
    for number, caption in enumerate(GALLERY_CAPTIONS[language]):
        picture = MediaImage(
            image=ContentFile(cover_image(f"gallery-{number}", colour, size=(1600, 1067)), name=f"final-{number}.jpg"),
            alt=caption,
            caption=caption,
            credit="Newsportal graphics",
        )
        picture.save()
        pictures.append(picture)
    return pictures


# How a day's readers spread over its hours (site time): few at night, most at lunch and in the evening.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 7, 9, 9, 8, 8, 10, 9, 8, 8, 8, 9, 10, 11, 10, 8, 5, 2]


def add_demo_views(article: Article, rng: random.Random, now, hourly: dict) -> None:
    """Some reader views on each day since publication, so "most read" has something to show, and
    those of today and yesterday spread over their hours (added to ``hourly``) for the dashboard's chart."""
    days = (timezone.localdate(now) - timezone.localdate(article.published_at)).days
    counts = {
        timezone.localdate(now) - timedelta(days=offset): rng.randint(5, 400) // (offset + 1)
        for offset in range(days + 1)
    }
    DailyViews.objects.bulk_create(DailyViews(article=article, day=day, views=views) for day, views in counts.items())
    Article.objects.filter(pk=article.pk).update(view_count=sum(counts.values()))
    local_now = timezone.localtime(now)
    spread = random.Random(article.external_id)  # its own: the daily figures stay those of earlier versions
    for day, views in counts.items():
        if day < local_now.date() - timedelta(days=1):
            continue
        start = timezone.localtime(article.published_at).hour if day == timezone.localdate(article.published_at) else 0
        end = local_now.hour if day == local_now.date() else 23
        hours = list(range(start, end + 1)) or [end]
        shares = spread.choices(hours, weights=[HOUR_WEIGHTS[hour] for hour in hours], k=views)
        for hour in shares:
            moment = timezone.make_aware(datetime.combine(day, time(hour)))
            hourly[(moment, article.language)] += 1
