"""Accounts and the admin: sign-in throttling, passwords, sessions, who may manage users, private pages."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ..articles.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery"


def sign_in(username, password, address="203.0.113.5"):
    client = Client(headers={"Accept-Language": "en"}, REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})
    return client, response


def fail(times, username, address="203.0.113.5"):
    for _ in range(times):
        _client, response = sign_in(username, "wrong password", address)
        assert response.status_code in (200, 429)


def test_a_wrong_password_says_the_same_whether_the_account_exists_or_not():
    UserFactory(username="editor")
    _c, known = sign_in("editor", "wrong password")
    _c, unknown = sign_in("nobody-here", "wrong password")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_repeated_failures_lock_the_account_even_with_the_right_password(settings):
    UserFactory(username="editor")
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(1, "editor", address=f"198.51.100.{n + 1}")  # from many addresses: the account itself is locked
    client, response = sign_in("editor", PASSWORD, address="192.0.2.200")
    assert response.status_code == 429
    assert b"Sign-in paused" in response.content
    assert b"15 minutes" in response.content
    assert "_auth_user_id" not in client.session


def test_the_lock_out_page_is_the_same_for_an_account_that_does_not_exist(settings):
    UserFactory(username="editor")
    fail(settings.AXES_FAILURE_LIMIT, "editor", address="198.51.100.1")
    fail(settings.AXES_FAILURE_LIMIT, "ghost", address="198.51.100.2")
    _c, known = sign_in("editor", "again", address="198.51.100.1")
    _c, unknown = sign_in("ghost", "again", address="198.51.100.2")
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


def test_repeated_failures_from_one_address_lock_that_address(settings):
    UserFactory(username="editor")
    for n in range(settings.AXES_FAILURE_LIMIT):
        fail(1, f"guess{n}", address="198.51.100.9")  # many names from one address
    _c, blocked = sign_in("editor", PASSWORD, address="198.51.100.9")
    assert blocked.status_code == 429
    client, elsewhere = sign_in("editor", PASSWORD, address="192.0.2.10")
    assert elsewhere.status_code == 302, "the account itself is not locked"


def test_a_successful_sign_in_clears_the_failures(settings):
    UserFactory(username="editor")
    fail(settings.AXES_FAILURE_LIMIT - 1, "editor")
    assert sign_in("editor", PASSWORD)[1].status_code == 302
    fail(settings.AXES_FAILURE_LIMIT - 1, "editor")
    assert sign_in("editor", PASSWORD)[1].status_code == 302


def test_the_client_address_is_read_past_our_own_proxies_only(settings, rf):
    from accounts.clients import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7", "the address our nginx appended, not the forged one"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


@pytest.mark.parametrize("password", ["short1!", "password12345", "123456789012345", "editor-editor-1"])
def test_weak_passwords_are_refused(password):
    user = User(username="editor-editor-1", email="editor@example.com")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted():
    validate_password("quiet orchard lamp 1847", User(username="editor"))


def test_logging_out_ends_the_session_for_good():
    UserFactory(username="editor", group="Editor")
    client, response = sign_in("editor", PASSWORD)
    assert response.status_code == 302
    stolen = client.cookies["sessionid"].value
    assert client.get("/admin/").status_code == 200
    client.post(reverse("admin:logout"))
    replay = Client(headers={"Accept-Language": "en"})
    replay.cookies["sessionid"] = stolen
    assert replay.get("/admin/").status_code == 302, "the old session cookie no longer signs anyone in"


def test_deactivating_a_user_ends_their_session_at_once():
    user = UserFactory(username="editor", group="Editor")
    client, _response = sign_in("editor", PASSWORD)
    assert client.get("/admin/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(
    "url", ["admin:auth_user_changelist", "admin:auth_user_add", "admin:auth_group_changelist", "admin:auth_group_add"]
)
def test_only_superusers_manage_users_and_groups(client, url):
    editor = UserFactory(username="editor", group="Editor")
    editor.user_permissions.add(*Permission.objects.all())
    client.force_login(editor)
    assert client.get(reverse(url)).status_code == 403, "even with every model permission"
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(reverse(url)).status_code == 200


def test_an_editor_cannot_promote_themselves(client):
    editor = UserFactory(username="editor", group="Editor")
    client.force_login(editor)
    url = reverse("admin:auth_user_change", args=[editor.pk])
    client.post(url, {"username": "editor", "is_superuser": "on", "is_staff": "on", "is_active": "on"})
    editor.refresh_from_db()
    assert not editor.is_superuser
    assert not Group.objects.get(name="Editor").permissions.filter(codename="change_user").exists()


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/articles/article/", "/ckeditor/browse/"])
def test_admin_pages_are_never_cached_nor_framed(client, path):
    client.force_login(UserFactory(username="editor", group="Editor"))
    response = client.get(path)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert response["X-Frame-Options"] == "DENY"


def test_the_login_page_itself_is_never_cached_nor_framed(client):
    response = client.get(LOGIN)
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    assert response["X-Frame-Options"] == "DENY"


def test_staff_preview_of_a_draft_is_never_cached_nor_framed(client):
    from articles.models import Article

    draft = ArticleFactory(status=Article.Status.DRAFT, title="Embargoed", language="en")
    client.force_login(UserFactory(username="editor", group="Editor"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200 and b"Embargoed" in response.content
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    assert response["X-Frame-Options"] == "DENY"
