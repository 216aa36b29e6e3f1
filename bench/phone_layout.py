"""A phone's view of a running site: each page's height and where its first headline starts, at 390 px.

Start the site first (`make run` or `make serve` on fresh demo content), then:

    .venv/bin/python bench/phone_layout.py                      # the English home page and its lead story
    .venv/bin/python bench/phone_layout.py /en/ /en/weather/    # any pages

Uses Debian's chromium (/usr/bin/chromium) through Playwright, as the browser tests do.
"""

import argparse

from playwright.sync_api import sync_playwright

HEADLINE = "main h1:not(.visually-hidden), main .lead-title, main .card-title"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=["/en/"])
    parser.add_argument("--site", default="http://127.0.0.1:8000")
    parser.add_argument("--width", type=int, default=390)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": args.width, "height": 844}, is_mobile=True, has_touch=True)
        page = context.new_page()
        paths = list(args.paths)
        if args.paths == ["/en/"]:
            page.goto(args.site + "/en/")
            paths.append(page.eval_on_selector(".lead-title a", "a => a.getAttribute('href')"))
        print(f"| page | height at {args.width} px | first headline's top | scrolls sideways |")
        print("|---|---|---|---|")
        for path in paths:
            page.goto(args.site + path)
            page.wait_for_load_state("networkidle")
            height = page.evaluate("document.documentElement.scrollHeight")
            top = page.locator(HEADLINE).first.bounding_box()["y"]
            sideways = page.evaluate("document.documentElement.scrollWidth") > args.width
            print(f"| {path} | {height} px | {top:.0f} px | {'yes' if sideways else 'no'} |")
        browser.close()


if __name__ == "__main__":
    main()
