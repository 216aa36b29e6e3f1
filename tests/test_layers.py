"""Imports point one way: caching below articles, articles below the apps that follow it, the project
package on top. Read from the source (ast), so a new arrow the wrong way fails here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each app may import only apps of a lower layer (and itself); nothing imports the project package.
LAYERS = {
    "caching": 0,
    "articles": 1,
    "accounts": 1,
    "related": 2,
    "weather": 2,
    "telegram": 2,
    "backups": 3,
    "newsportal": 4,
}


def imports(app: str, root: Path = ROOT):
    """(file, line, imported module, imported names) of every import in the app's Python files."""
    for path in sorted((root / app).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path.relative_to(root), node.lineno, alias.name, []
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path.relative_to(root), node.lineno, node.module, [alias.name for alias in node.names]


def test_every_app_of_the_project_is_in_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"newsportal"}
    assert apps == set(LAYERS)


def wrong_arrows(root: Path = ROOT) -> list[str]:
    wrong = []
    for app, layer in LAYERS.items():
        for path, line, module, _names in imports(app, root):
            target = module.split(".")[0]
            if target in LAYERS and target != app and LAYERS[target] >= layer:
                wrong.append(f"{path}:{line} {app} imports {module}")
    return wrong


def test_apps_import_only_apps_below_them_and_never_the_project_package():
    assert wrong_arrows() == []


def test_no_app_imports_another_apps_private_names():
    wrong = []
    for app in LAYERS:
        for path, line, module, names in imports(app):
            target = module.split(".")[0]
            private = [name for name in names if name.startswith("_")]
            hidden = [part for part in module.split(".")[1:] if part.startswith("_") and part != "__init__"]
            if target in LAYERS and target != app and (private or hidden):
                wrong.append(f"{path}:{line} {module} {private or hidden}")
    assert wrong == []


def test_a_wrong_arrow_is_found(tmp_path):
    """The check itself, on a made-up tree: caching importing the project package and an app above it."""
    (tmp_path / "caching").mkdir()
    (tmp_path / "caching" / "bad.py").write_text("from newsportal import settings\nimport related.services\n")
    (tmp_path / "related").mkdir()
    (tmp_path / "related" / "fine.py").write_text("from articles.models import Article\nfrom caching import SITE\n")
    assert wrong_arrows(tmp_path) == [
        "caching/bad.py:1 caching imports newsportal",
        "caching/bad.py:2 caching imports related.services",
    ]
