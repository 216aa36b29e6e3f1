import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in this thread; the test's own ORM
# calls are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


# Headless Chromium names itself in its User-Agent, and the view counter
# ignores headless browsers; tests browse as the desktop browser a reader has.
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, user_agent=READER_AGENT)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Every browser test also proves the Content Security Policy blocks nothing
    # the site itself needs (public pages, and CKEditor in the admin).
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert not violations, violations


@pytest.fixture(autouse=True)
def _migration_data(migration_data):
    """Every browser test runs after transactional flushes: bring the migration data back."""


SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def screenshot(request):
    """Save a PNG under var/screenshots/ named after the test and the step."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, step: str, full_page: bool = False):
        path = SCREENSHOTS / f"{request.node.name}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
