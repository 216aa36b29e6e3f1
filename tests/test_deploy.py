"""deploy/README.md, the guide, checked where this machine can: its units, its environment-file step run
as written, `deploy/manage` with the file it makes, and every file and command it names."""

import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
GUIDE = (DEPLOY / "README.md").read_text(encoding="utf-8")
UNITS = sorted(path.name for path in DEPLOY.glob("*.service")) + sorted(path.name for path in DEPLOY.glob("*.timer"))


def step(number: int) -> str:
    """The shell commands of the guide's step ``number`` (its ```sh blocks), as written."""
    section = re.search(rf"^## {number}\. .*?(?=^## )", GUIDE, re.MULTILINE | re.DOTALL)
    assert section, f"the guide has a step {number}"
    return "\n".join(re.findall(r"```sh\n(.*?)```", section.group(0), re.DOTALL))


def clean_environment(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_")) and k != "DEBUG"}
    return {**env, **extra}


def test_every_unit_passes_systemd_analyze_verify(tmp_path):
    """The units and timers as shipped, with the guide's paths pointed at this checkout."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    (tmp_path / "newsportal.env").write_text("DEBUG=0\n")
    for name in UNITS:
        text = (DEPLOY / name).read_text()
        text = text.replace("/srv/newsportal/app", str(ROOT)).replace(
            "/etc/newsportal.env", str(tmp_path / "newsportal.env")
        )
        (tmp_path / name).write_text(text)
    result = subprocess.run(  # noqa: S603 - systemd's own checker on our unit files
        [analyze, "verify", *(f"./{name}" for name in UNITS)], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    assert {"newsportal-backup.timer", "newsportal-views.timer", "newsportal-weather.timer"} <= set(UNITS)


def test_the_service_and_the_guide_prepare_a_release_with_the_same_command():
    service = (DEPLOY / "newsportal.service").read_text()
    assert "ExecStartPre=/srv/newsportal/app/.venv/bin/python manage.py release" in service
    assert "/srv/newsportal/app/locale" in service, "release compiles the catalogues there: it must be writable"
    assert "deploy/manage release" in step(7)


@pytest.fixture
def environment_file(tmp_path):
    """Step 4 run as written, on a copy of .env.example here (no root, no user newsportal needed)."""
    commands = step(4)
    for old, new in {
        "/etc/newsportal.env": str(tmp_path / "newsportal.env"),
        "/srv/newsportal/app/": f"{ROOT}/",
        "-o root -g newsportal ": "",
    }.items():
        assert old in commands, old
        commands = commands.replace(old, new)
    subprocess.run(  # noqa: S603 - the guide's own commands, on files in this test's folder
        ["/bin/bash", "-euo", "pipefail", "-c", commands],
        env=clean_environment(SITE="news.example.uz"),
        check=True,
    )
    return tmp_path / "newsportal.env"


def manage(environment_file, *args) -> subprocess.CompletedProcess:
    """deploy/manage as the guide runs it, as this test's user instead of newsportal."""
    return subprocess.run(  # noqa: S603 - the project's own wrapper
        [str(DEPLOY / "manage"), *args],
        env=clean_environment(
            NEWSPORTAL_APP=str(ROOT),
            NEWSPORTAL_ENV=str(environment_file),
            NEWSPORTAL_USER=pwd.getpwuid(os.getuid()).pw_name,
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_environment_file_step_makes_a_production_configuration_that_passes_check_deploy(environment_file):
    values = dict(
        line.split("=", 1) for line in environment_file.read_text().splitlines() if line and not line.startswith("#")
    )
    assert values["DEBUG"] == "0"
    assert len(values["SECRET_KEY"]) >= 50 and "change-me" not in values["SECRET_KEY"]
    assert values["ALLOWED_HOSTS"] == "news.example.uz"
    assert values["CSRF_TRUSTED_ORIGINS"] == "https://news.example.uz"
    assert values["DATABASE_URL"] == "postgres:///newsportal"
    assert values["SERVE_MEDIA"] == "0", "nginx serves the pictures"
    assert values["MEDIA_ROOT"] == "/srv/newsportal/media" and values["BACKUP_ROOT"] == "/srv/newsportal/backups"

    result = manage(environment_file, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_manage_runs_the_release_with_the_environment_file_and_overrides(environment_file, tmp_path):
    """Step 7 (with an SQLite database and folders of this test instead of the server's)."""
    result = manage(
        environment_file,
        f"DATABASE_URL=sqlite:///{tmp_path / 'site.sqlite3'}",
        f"STATIC_ROOT={tmp_path / 'static'}",
        "release",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Compiled 3 catalogues" in result.stdout
    assert (tmp_path / "site.sqlite3").stat().st_size > 0, "migrated"
    assert (tmp_path / "static" / "staticfiles.json").exists(), "collected with production's hashed names"


def test_deploy_manage_says_what_is_wrong_without_the_environment_file(tmp_path):
    result = manage(tmp_path / "missing.env", "check")
    assert result.returncode == 2
    assert f"cannot read {tmp_path / 'missing.env'}" in result.stderr


def test_every_file_and_command_the_guide_names_exists():
    for name in re.findall(r"^\| `([^`]+)` \| ", GUIDE, re.MULTILINE):
        if not name.startswith("/"):
            assert (DEPLOY / name).exists(), f"deploy/{name}"
    for name in re.findall(r"/srv/newsportal/app/((?:deploy/)?[\w.@*-]+(?:/[\w.@*-]+)*)", GUIDE):
        if name.startswith(".venv") or "*" in name:
            continue
        assert (ROOT / name).exists(), name
    commands = get_commands()
    named = set(re.findall(r"deploy/manage[\s\\]+(?:\w+=\S+[\s\\]+)*([a-z_]+)", GUIDE))
    named |= set(re.findall(r"newsportal-task@(\w+)", GUIDE + "".join((DEPLOY / u).read_text() for u in UNITS)))
    assert {"release", "createsuperuser", "backup", "restore", "fetch_weather", "flush_views"} <= named
    assert named <= set(commands), named - set(commands)
