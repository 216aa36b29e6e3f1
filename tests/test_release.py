"""`manage.py release` prepares a new version, and production refuses to serve with a catalogue missing."""

import gettext
import os
import shutil

import pytest
from django.core.management import CommandError, call_command

from newsportal.checks import compiled_catalogues
from newsportal.management.commands.release import compile_catalogues

from .test_security_headers import PRODUCTION, ROOT, run_django

LOCALE = ROOT / "locale"


@pytest.fixture
def sources_only(tmp_path, settings):
    """A copy of the project's catalogues as a fresh clone has them: .po files, nothing compiled."""
    folder = tmp_path / "locale"
    shutil.copytree(LOCALE, folder, ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [folder]
    return folder


def russian(folder) -> gettext.GNUTranslations:
    with (folder / "ru" / "LC_MESSAGES" / "django.mo").open("rb") as stream:
        return gettext.GNUTranslations(stream)


@pytest.mark.django_db
def test_release_compiles_every_catalogue_migrates_and_collects_static_files(sources_only, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("release", verbosity=0)
    assert russian(sources_only).gettext("Latest news") == "Последние новости"
    with (sources_only / "uz" / "LC_MESSAGES" / "django.mo").open("rb") as stream:
        assert gettext.GNUTranslations(stream).gettext("Latest news") != "Latest news"
    assert (settings.STATIC_ROOT / "css" / "site.css").exists()
    settings.DEBUG = False
    assert compiled_catalogues() == []


@pytest.mark.django_db
def test_release_names_the_catalogue_it_cannot_read_and_goes_no_further(sources_only, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    broken = sources_only / "uz" / "LC_MESSAGES" / "django.po"
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "Unclosed\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"uz/LC_MESSAGES/django\.po"):
        call_command("release", verbosity=0)
    assert not (settings.STATIC_ROOT / "css").exists(), "no half release: nothing collected"


@pytest.mark.parametrize("debug", [False, True])
def test_a_language_without_a_compiled_catalogue_is_an_error_in_production_naming_the_fix(
    sources_only, settings, debug
):
    settings.DEBUG = debug
    problems = compiled_catalogues()
    assert {problem.id for problem in problems} == ({"site.W002"} if debug else {"site.E002"})
    messages = " ".join(problem.msg for problem in problems)
    assert "'ru' edition would show English" in messages and "'uz' edition" in messages
    assert all("python manage.py release" in problem.hint for problem in problems)
    assert all(problem.is_serious() != debug for problem in problems)


def test_a_catalogue_older_than_its_source_is_stale(sources_only, settings):
    compile_catalogues()
    settings.DEBUG = False
    assert compiled_catalogues() == []
    po = sources_only / "ru" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    stamp = mo.stat().st_mtime
    os.utime(po, (stamp + 60, stamp + 60))  # a `git pull` brought new translations
    (problem,) = compiled_catalogues()
    assert problem.id == "site.E003" and "new translations are missing" in problem.msg


def test_a_language_with_no_catalogue_at_all_is_an_error(sources_only, settings):
    shutil.rmtree(sources_only / "uz")
    settings.DEBUG = False
    (problem,) = [p for p in compiled_catalogues() if p.id == "site.E001"]
    assert "'uz' has no catalogue" in problem.msg


def test_production_refuses_to_start_when_a_catalogue_is_not_compiled(sources_only):
    """gunicorn loads newsportal.wsgi in its master; that import fails, naming the catalogue and the fix."""
    start = (
        f"from django.conf import settings; settings.LOCALE_PATHS = [{str(sources_only)!r}]; "
        "import newsportal.wsgi; print('serving')"
    )
    result = run_django(start, **PRODUCTION)
    assert result.returncode != 0 and "serving" not in result.stdout
    assert "The site will not start" in result.stderr
    assert "ru/LC_MESSAGES/django.po is not compiled" in result.stderr
    assert "python manage.py release" in result.stderr

    compile_catalogues()
    result = run_django(start, **PRODUCTION)
    assert result.returncode == 0 and "serving" in result.stdout, result.stderr
