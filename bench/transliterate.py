"""Speed of Uzbek Latin → Cyrillic (articles.cyrillic), per 1,000 words (run on demand).

    .venv/bin/python bench/transliterate.py [--repeat 200]

Text: the Uzbek title, lead and body of every demo story (articles/demo/stories.json), as plain text
and as the HTML a body is stored as. "first" clears the converter's word memory before each pass
(every word converted by the rules, as for the first article after a restart); "running" keeps it
(a worker that has converted articles before: news repeats its words).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles import cyrillic  # noqa: E402


def uzbek_texts() -> list[str]:
    stories = json.loads((ROOT / "articles/demo/stories.json").read_text(encoding="utf-8"))["stories"]
    texts = []
    for story in stories:
        uz = story.get("uz") or {}
        texts += [uz.get(key, "") for key in ("title", "lead", "body") if isinstance(uz.get(key), str)]
    return [text for text in texts if text]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    text = "\n\n".join(uzbek_texts())
    html = "".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))
    words = len(cyrillic.WORD.findall(text))
    print(f"{words} words of Uzbek ({len(text)} characters)\n")
    print("| input | memory | ms per 1,000 words (median) | p95 |\n|---|---|---|---|")
    for name, source, convert in (("text", text, cyrillic.to_cyrillic), ("HTML", html, cyrillic.html_to_cyrillic)):
        for memory in ("first", "running"):
            times = []
            for _ in range(args.repeat):
                if memory == "first":
                    cyrillic._dictionary(()).converted.clear()
                started = time.perf_counter()
                convert(source)
                times.append((time.perf_counter() - started) * 1000 * 1000 / words)
            p95 = statistics.quantiles(times, n=20)[18]
            print(f"| {name} | {memory} | {statistics.median(times):.3f} | {p95:.3f} |")


if __name__ == "__main__":
    main()
