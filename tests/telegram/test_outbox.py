"""Every story reaches its edition's channel once: the outbox against a local fake Bot API."""

import logging
import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from telegram import outbox
from telegram.messages import CAPTION_LIMIT, article_message
from telegram.models import Delivery

from ..articles.factories import ArticleFactory, CategoryFactory, UserFactory
from ..articles.files import image_bytes, upload
from .fake_bot import TOKEN, FakeBotAPI

pytestmark = pytest.mark.django_db
S = Delivery.Status


@pytest.fixture
def bot(settings):
    with FakeBotAPI() as fake:
        settings.TELEGRAM_BOT_TOKEN = TOKEN
        settings.TELEGRAM_API_URL = fake.url
        settings.TELEGRAM_CHANNELS = {"en": "@news_en", "ru": "@news_ru", "uz": "@news_uz", "uz-cyrl": "@news_cyrl"}
        settings.SITE_URL = "https://news.example.org"
        settings.TELEGRAM_TIMEOUT = (1, 0.5)
        yield fake


@pytest.fixture
def editor():
    return UserFactory(username="editor", group="Editor")


def draft(**fields) -> Article:
    fields.setdefault("category", CategoryFactory(name_en="World"))
    return ArticleFactory(status=Article.Status.DRAFT, **fields)


def publish(article, editor, capture, **changes) -> Article:
    for name, value in changes.items():
        setattr(article, name, value)
    article.status = Article.Status.PUBLISHED
    with capture(execute=True):
        services.article_save(article=article, user=editor)
    return article


def test_publishing_posts_the_story_once_with_its_cover_title_lead_and_link(
    bot, editor, django_capture_on_commit_callbacks
):
    article = draft(title="Tram line <opens> & runs", lead="Nine stops from Chorsu.", language="en")
    article.cover = upload(image_bytes(size=(1600, 900)), "tram.jpg")
    article.cover_alt = "A tram"
    article.save()
    publish(article, editor, django_capture_on_commit_callbacks)

    [post] = bot.posts("@news_en")
    assert post["photo"]  # the cover's social rendition, uploaded
    url = f"https://news.example.org/en/news/{article.pk}-{article.slug}/"
    assert post["text"] == (
        f'<b>Tram line &lt;opens&gt; &amp; runs</b>\n\nNine stops from Chorsu.\n\n<a href="{url}">Read on the site</a>'
    )
    [method] = [method for method, _fields in bot.calls]
    assert method == "sendPhoto"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.message_id, delivery.attempts) == (S.SENT, post["message_id"], 1)
    assert bot.posts("@news_ru") == []  # another edition's channel gets nothing

    # Saving it again posts nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, user=editor)
    assert len(bot.posts("@news_en")) == 1


def test_a_russian_breaking_story_goes_to_the_russian_channel_marked_in_russian(
    bot, editor, django_capture_on_commit_callbacks
):
    article = draft(title="Землетрясение", lead="", language="ru", is_breaking=True)
    publish(article, editor, django_capture_on_commit_callbacks)
    [post] = bot.posts("@news_ru")
    assert post["text"].startswith("⚡️ <b>Срочно</b>\n<b>Землетрясение</b>\n\n<a href=")
    assert post["text"].endswith(">Читать на сайте</a>")
    assert bot.calls[0][0] == "sendMessage"


def test_an_uzbek_story_reaches_the_latin_and_the_cyrillic_channel_in_its_script(
    bot, editor, django_capture_on_commit_callbacks
):
    article = draft(title="Toshkentda qor yog‘di", lead="", language="uz")
    publish(article, editor, django_capture_on_commit_callbacks)
    assert bot.posts("@news_uz")[0]["text"].startswith("<b>Toshkentda qor yog‘di</b>")
    cyrillic = bot.posts("@news_cyrl")[0]["text"]
    assert cyrillic.startswith("<b>Тошкентда қор ёғди</b>")
    assert "/uz-cyrl/news/" in cyrillic


def test_the_longest_title_and_lead_fit_a_photos_caption(bot, editor, django_capture_on_commit_callbacks):
    article = draft(title="Y" * 255, lead=("Long sentence & more. " * 27).strip())  # 593 characters
    article.cover = upload(image_bytes(size=(1600, 900)), "d.jpg")
    article.cover_alt = "A picture"
    article.save()
    text = article_message(article, "en")["text"]
    assert len(text) > CAPTION_LIMIT  # the markup and escapes do not count, only what readers see
    assert len(unescape(re.sub("<[^>]+>", "", text))) <= CAPTION_LIMIT
    assert "&amp; more.\n\n<a href=" in text  # the longest title and lead fit whole
    publish(article, editor, django_capture_on_commit_callbacks)
    assert bot.posts("@news_en")[0]["text"] == text


def test_an_article_switched_off_is_not_posted(bot, editor, django_capture_on_commit_callbacks):
    publish(draft(post_to_telegram=False), editor, django_capture_on_commit_callbacks)
    assert bot.calls == [] and not Delivery.objects.exists()


def test_too_many_messages_waits_as_telegram_says_and_holds_back_the_channel(
    bot, editor, django_capture_on_commit_callbacks
):
    bot.fail_next((429, 30))
    first = publish(draft(), editor, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=first)
    assert delivery.status == S.PENDING, bot.calls
    assert delivery.attempts == 0  # not the message's fault
    assert delivery.error == "Too many messages: Telegram asked to wait 30 s."
    assert timedelta(seconds=29) < delivery.due_at - timezone.now() <= timedelta(seconds=30)
    second = publish(draft(), editor, django_capture_on_commit_callbacks)
    waiting = Delivery.objects.get(article=second)
    assert waiting.status == S.PENDING and bot.posts("@news_en") == []  # not sent while the channel waits

    assert outbox.sweep() == []
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        due = outbox.sweep()
        assert due == [delivery.pk, waiting.pk]
        for pk in due:
            outbox.send(pk)
    assert len(bot.posts("@news_en")) == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {S.SENT}


def test_a_server_error_is_retried_later_and_posts_once(bot, editor, django_capture_on_commit_callbacks):
    bot.fail_next(500)
    article = publish(draft(), editor, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=article)
    assert (delivery.status, delivery.attempts) == (S.PENDING, 1)
    assert delivery.error == "Telegram failed: Internal Server Error"
    assert timedelta(seconds=7) < delivery.due_at - timezone.now() < timedelta(seconds=13)
    with time_machine.travel(timezone.now() + timedelta(seconds=15)):
        [pk] = outbox.sweep()
        assert outbox.send(pk) == S.SENT
    assert len(bot.posts("@news_en")) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (S.SENT, 2, "")


def test_a_delivery_that_keeps_failing_stops_after_the_maximum_of_attempts(
    bot, editor, settings, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_MAX_ATTEMPTS = 3
    bot.fail_next(500, 500, 500, 500)
    article = publish(draft(), editor, django_capture_on_commit_callbacks)
    start = timezone.now()
    for attempt in range(1, 6):
        with time_machine.travel(start + timedelta(hours=2 * attempt)):
            for pk in outbox.sweep():
                outbox.send(pk)
    delivery = Delivery.objects.get(article=article)
    assert (delivery.status, delivery.attempts) == (S.FAILED, 3)
    assert [method for method, _f in bot.calls] == ["sendMessage"] * 3


def test_a_timeout_after_telegram_took_the_post_never_makes_a_second_post(
    bot, editor, django_capture_on_commit_callbacks
):
    bot.fail_next(("hang", 1.5))  # posted, then answered after the client stopped waiting (0.5 s)
    article = publish(draft(), editor, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=article)
    assert delivery.status == S.UNCONFIRMED
    assert delivery.error == "Telegram did not answer in time."
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert outbox.sweep() == []
        assert outbox.send(delivery.pk) == "skipped"
        with django_capture_on_commit_callbacks(execute=True):
            services.article_save(article=article, user=editor)
    assert len(bot.posts("@news_en")) == 1
    assert Delivery.objects.count() == 1


def test_an_invalid_token_fails_at_once_says_so_and_is_logged_once(
    bot, editor, settings, caplog, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_BOT_TOKEN = "123:wrong"
    with caplog.at_level(logging.ERROR, logger="telegram.outbox"):
        first = publish(draft(), editor, django_capture_on_commit_callbacks)
        publish(draft(), editor, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=first)
    assert (delivery.status, delivery.attempts) == (S.FAILED, 1)
    assert delivery.error == "The bot token is wrong (Telegram: Unauthorized)."
    logged = [r.getMessage() for r in caplog.records if r.name == "telegram.outbox"]
    assert logged == ["Telegram delivery to @news_en failed: The bot token is wrong (Telegram: Unauthorized)."]
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert outbox.sweep() == []  # not retried


def test_a_channel_the_bot_cannot_post_to_fails_with_the_reason(
    bot, editor, settings, django_capture_on_commit_callbacks
):
    settings.TELEGRAM_CHANNELS = {**settings.TELEGRAM_CHANNELS, "en": "@someone_else"}
    article = publish(draft(), editor, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(article=article)
    assert delivery.status == S.FAILED
    assert delivery.error == "Telegram refused it: Bad Request: chat not found"


def test_with_the_broker_down_publishing_works_and_the_sweep_sends_the_post_later(
    bot, editor, monkeypatch, django_capture_on_commit_callbacks
):
    from telegram import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send, "delay", broker_down)
    article = publish(draft(), editor, django_capture_on_commit_callbacks)
    assert article.is_public and bot.calls == []
    assert Delivery.objects.get(article=article).status == S.PENDING
    monkeypatch.undo()
    assert tasks.sweep() == 1
    assert len(bot.posts("@news_en")) == 1


def test_a_worker_that_dies_while_posting_leaves_the_post_unconfirmed_not_sent_twice(bot, editor):
    article = ArticleFactory()
    [delivery] = outbox.post_again(article)
    assert outbox._claim(outbox._due(delivery.pk))  # claimed; the worker is killed before the answer
    assert outbox.send(delivery.pk) == "skipped"  # the task given to another worker does nothing
    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert outbox.sweep() == []
    delivery.refresh_from_db()
    assert delivery.status == S.UNCONFIRMED
    assert delivery.error.startswith("The worker stopped while sending")
    assert bot.calls == []


def test_a_task_that_was_lost_before_it_ran_is_handed_out_again(bot, editor):
    article = ArticleFactory()
    [delivery] = outbox.post_again(article)  # queued outside a transaction's commit: no task ran
    assert outbox.sweep() == [delivery.pk]
    assert outbox.sweep() == []  # handed out a moment ago
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert outbox.sweep() == [delivery.pk]  # still waiting a minute later: its task was lost
        assert outbox.send(delivery.pk) == S.SENT
        assert outbox.send(delivery.pk) == "skipped"  # a duplicate task
    assert len(bot.posts("@news_en")) == 1


def test_editing_a_posted_story_edits_the_channels_message(bot, editor, django_capture_on_commit_callbacks):
    article = publish(draft(title="Snow closes the pass", lead=""), editor, django_capture_on_commit_callbacks)
    [post] = bot.posts("@news_en")
    article.title = "Snow closes the pass until Friday"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, user=editor)
    [edited] = bot.posts("@news_en")
    assert edited["message_id"] == post["message_id"]
    assert edited["text"].startswith("<b>Snow closes the pass until Friday</b>")
    assert [method for method, _f in bot.calls] == ["sendMessage", "editMessageText"]
    # A change a post does not show (the body) edits nothing.
    article.body = "<p>More.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        services.article_save(article=article, user=editor)
    assert len(bot.calls) == 2


def test_a_scheduled_story_is_posted_when_it_goes_live_and_not_if_unpublished_before(
    bot, editor, django_capture_on_commit_callbacks
):
    later = timezone.now() + timedelta(hours=2)
    publish(draft(), editor, django_capture_on_commit_callbacks, published_at=later)
    assert bot.calls == [] and outbox.sweep() == []
    with time_machine.travel(later + timedelta(seconds=5)):
        [pk] = outbox.sweep()
        outbox.send(pk)
    assert len(bot.posts("@news_en")) == 1

    other = publish(draft(), editor, django_capture_on_commit_callbacks, published_at=later)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=other, user=editor)
    assert Delivery.objects.get(article=other).status == S.CANCELLED
    with time_machine.travel(later + timedelta(seconds=5)):
        assert outbox.sweep() == []


def test_admin_shows_the_delivery_in_words_and_an_editor_posts_again_or_deletes(
    bot, editor, client, django_capture_on_commit_callbacks
):
    article = publish(draft(), editor, django_capture_on_commit_callbacks)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    message_id = bot.posts("@news_en")[0]["message_id"]
    assert "@news_en: Post sent at" in page and f"(message {message_id})." in page

    changelist = reverse("admin:articles_article_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "delete_from_telegram", "_selected_action": [article.pk]})
    assert bot.posts("@news_en") == []
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "@news_en: Deletion of the post done at" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(changelist, {"action": "post_to_telegram_again", "_selected_action": [article.pk]})
    assert "1 post queued for Telegram." in [m.message for m in response.wsgi_request._messages]
    assert len(bot.posts("@news_en")) == 1


def test_without_a_token_nothing_is_recorded_and_the_admin_says_why(editor, client, django_capture_on_commit_callbacks):
    article = publish(draft(), editor, django_capture_on_commit_callbacks)
    assert not Delivery.objects.exists()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Telegram is not set up (TELEGRAM_BOT_TOKEN)." in page
