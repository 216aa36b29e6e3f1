"""README.md tells the truth: every path, make target and command its tables name exists, and it
promises nothing (no issue numbers, nothing "to come")."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# What the site writes at run time (the defaults of MEDIA_ROOT, STATIC_ROOT, BACKUP_ROOT, the SQLite file).
MADE_AT_RUN_TIME = "var/"


def table_names() -> set[str]:
    """Every `code` in README's tables."""
    return {name for line in README.splitlines() if line.startswith("|") for name in re.findall(r"`([^`]+)`", line)}


def test_every_path_in_readmes_tables_exists():
    # A path of this repository: lower-case words joined by slashes (not a URL, a time zone or a command).
    paths = {name for name in table_names() if "/" in name and re.fullmatch(r"[a-z_.][\w.-]*(/[\w.@-]*)*", name)}
    paths = {path for path in paths if not path.startswith(MADE_AT_RUN_TIME)}
    assert {"newsportal/", "deploy/README.md", "bench/requirements.txt", "tests/browser/"} <= paths
    missing = sorted(path for path in paths if not (ROOT / path).exists())
    assert missing == [], f"README names paths that do not exist: {missing}"


def test_every_make_target_and_command_in_readmes_tables_exists():
    names = table_names()
    targets = {name.split()[1] for name in names if name.startswith("make ")}
    makefile = (ROOT / "Makefile").read_text()
    assert {"backup", "restore", "release"} <= targets
    assert [t for t in sorted(targets) if not re.search(rf"^{t}:", makefile, re.MULTILINE)] == []
    commands = {name.split()[2] for name in names if name.startswith("python manage.py ")}
    assert {"release", "backup", "import_articles"} <= commands
    assert sorted(commands - set(get_commands())) == []


def test_readme_speaks_of_what_is_there_not_of_issues_or_plans():
    for pattern in (r"\bissues? \d", r"#\d+", r"\bstill to come\b", r"\bnot yet\b", r"\bTODO\b", r"\bwill be\b"):
        found = re.search(pattern, README, re.IGNORECASE)
        assert found is None, f"README says {found.group(0)!r}"
    assert README.splitlines()[0] == "# Newsportal"
    quickstart = README.split("## Quickstart", 1)[1].split("```", 2)[1]
    assert [line.split()[:2] for line in quickstart.strip().splitlines()[1:]] == [["make", "run"], ["make", "test"]]
