"""Tashkent (the default city) and the regional centres of Uzbekistan."""

from django.db import migrations

CITIES = [
    # slug, uz, ru, en, latitude, longitude, IANA zone
    ("tashkent", "Toshkent", "Ташкент", "Tashkent", 41.29950, 69.24007, "Asia/Tashkent"),
    ("nurafshon", "Nurafshon", "Нурафшан", "Nurafshon", 41.04250, 69.35830, "Asia/Tashkent"),
    ("andijan", "Andijon", "Андижан", "Andijan", 40.78206, 72.34424, "Asia/Tashkent"),
    ("namangan", "Namangan", "Наманган", "Namangan", 40.99830, 71.67257, "Asia/Tashkent"),
    ("fergana", "Farg‘ona", "Фергана", "Fergana", 40.38421, 71.78432, "Asia/Tashkent"),
    ("guliston", "Guliston", "Гулистан", "Guliston", 40.48972, 68.78417, "Asia/Tashkent"),
    ("jizzakh", "Jizzax", "Джизак", "Jizzakh", 40.11583, 67.84222, "Asia/Samarkand"),
    ("samarkand", "Samarqand", "Самарканд", "Samarkand", 39.65417, 66.95972, "Asia/Samarkand"),
    ("navoiy", "Navoiy", "Навои", "Navoiy", 40.08444, 65.37917, "Asia/Samarkand"),
    ("bukhara", "Buxoro", "Бухара", "Bukhara", 39.77472, 64.42861, "Asia/Samarkand"),
    ("qarshi", "Qarshi", "Карши", "Qarshi", 38.86056, 65.78909, "Asia/Samarkand"),
    ("termez", "Termiz", "Термез", "Termez", 37.22417, 67.27833, "Asia/Samarkand"),
    ("urgench", "Urganch", "Ургенч", "Urgench", 41.55000, 60.63333, "Asia/Samarkand"),
    ("nukus", "Nukus", "Нукус", "Nukus", 42.45306, 59.61028, "Asia/Samarkand"),
]


def create_cities(apps, schema_editor):
    City = apps.get_model("weather", "City")
    for position, (slug, uz, ru, en, lat, lon, zone) in enumerate(CITIES):
        City.objects.update_or_create(
            slug=slug,
            defaults={
                "name_uz": uz, "name_ru": ru, "name_en": en, "latitude": lat, "longitude": lon,
                "timezone": zone, "position": position, "is_active": True,
            },
        )  # fmt: skip


def remove_cities(apps, schema_editor):
    apps.get_model("weather", "City").objects.filter(slug__in=[c[0] for c in CITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("weather", "0001_initial")]

    operations = [migrations.RunPython(create_cities, remove_cities)]
