"""How well, and how fast, search's "Did you mean …?" puts misspelt words right (articles/vocabulary.py).

Imports a corpus through `import_articles` into a fresh database (SQLite in a temporary folder, or
PostgreSQL with --postgres, a database made and dropped for the run), which builds each edition's
vocabulary. Then it misspells words of the published titles and leads, one edit each (a letter
dropped, doubled, swapped with its neighbour or replaced) and, for words of eight letters or more,
also two, and asks `suggest` for each:

- right: the suggestion is the word that was misspelt;
- other: another known word as near (a misspelling of "farm" that is also one edit from "form");
- none: nothing suggested (the misspelling is a known word itself, or nothing is near enough).

It also asks for every known word spelt right (a suggestion there would be a false alarm), and times
`suggest` (one query each) with the corpus's vocabulary and again after --extra made-up words (the start of
one known word and the end of another) are added to each edition, as a large archive's vocabulary
would be.
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTERS = {"en": "abcdefghijklmnopqrstuvwxyz", "ru": "абвгдежзийклмнопрстуфхцчшщъыьэюя"}


def misspell(word: str, rng: random.Random, letters: str, edits: int) -> str:
    for _ in range(edits):
        i = rng.randrange(len(word))
        kind = rng.choice(("drop", "double", "swap", "replace"))
        if kind == "drop" and len(word) > 3:
            word = word[:i] + word[i + 1 :]
        elif kind == "double":
            word = word[: i + 1] + word[i] + word[i + 1 :]
        elif kind == "swap" and i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        else:
            word = word[:i] + rng.choice(letters.replace(word[i], "")) + word[i + 1 :]
    return word


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    data = ROOT.parent / "shared" / "data"
    parser.add_argument("--corpus", nargs="+", default=[str(data / "news-dev.jsonl"), str(data / "stories-dev.jsonl")])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL at 127.0.0.1 (user postgres)")
    parser.add_argument("--samples", type=int, default=400, help="misspellings per edition and edit count")
    parser.add_argument("--extra", type=int, default=200_000, help="made-up words added per edition for timing")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (its name is printed)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="suggest-bench-"))
    database = f"sqlite:///{workdir / 'bench.sqlite3'}"
    name = f"suggest_bench_{os.getpid()}"
    if args.postgres:
        subprocess.run(
            [shutil.which("createdb") or "/usr/bin/createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True
        )
        database = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.update(DEBUG="1", DATABASE_URL=database, MEDIA_ROOT=str(workdir / "media"))
    manage = [sys.executable, str(ROOT / "manage.py")]
    try:
        subprocess.run([*manage, "migrate", "-v", "0"], check=True)
        for corpus in args.corpus:
            subprocess.run([*manage, "import_articles", corpus], check=True, stdout=subprocess.DEVNULL)
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
        import django

        django.setup()
        report(args)
    finally:
        if args.postgres and args.keep:
            print(f"kept: {database}")
        elif args.postgres:
            from django.db import connections

            connections.close_all()
            subprocess.run(
                [shutil.which("dropdb") or "/usr/bin/dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True
            )


def report(args):
    from django.db import connection

    from articles import vocabulary
    from articles.models import SearchWord

    started = time.perf_counter()
    known_count = vocabulary.rebuild()
    print(f"{connection.vendor}: rebuild_vocabulary {time.perf_counter() - started:.2f} s, {known_count} words")
    rng = random.Random(2026)
    print("| edition | words | edits | right | other | none | false alarms on known words |")
    print("|---|---|---|---|---|---|---|")
    for edition, letters in LETTERS.items():
        known = set(SearchWord.objects.filter(edition=edition).values_list("word", flat=True))
        if not known:
            continue
        pool = sorted(w for w in known if len(w) >= 4 and w.isalpha())
        correct = rng.sample(pool, min(args.samples, len(pool)))
        alarms = sum(vocabulary.suggest(word, edition) is not None for word in correct)
        for edits in (1, 2):
            words = [w for w in pool if edits == 1 or len(w) >= 8]
            outcome = {"right": 0, "other": 0, "none": 0}
            for word in rng.sample(words, min(args.samples, len(words))):
                typo = misspell(word, rng, letters, edits)
                if typo == word:
                    typo = misspell(word, rng, letters, edits)
                got = vocabulary.suggest(typo, edition)
                outcome["none" if got is None else "right" if got == word else "other"] += 1
            total = sum(outcome.values())
            shares = " | ".join(f"{100 * outcome[k] / total:.1f}%" for k in ("right", "other", "none"))
            print(f"| {edition} | {len(known)} | {edits} | {shares} | {alarms}/{len(correct)} |")
        timing(edition, pool, rng, letters, "corpus vocabulary")
        # Word-like made-up words: the start of one known word and the end of another ("parliment",
        # "правительник"), so that their trigrams are like a real vocabulary's (random letters are not).
        pieces = sorted(known)
        made_up = set()
        while len(made_up) < args.extra:
            a, b = rng.choice(pieces), rng.choice(pieces)
            made_up.add((a[: rng.randint(2, len(a))] + b[rng.randint(0, len(b) - 1) :])[: vocabulary.MAX_LENGTH])
        SearchWord.objects.bulk_create(
            (SearchWord(edition=edition, word=w) for w in made_up - known), ignore_conflicts=True, batch_size=5000
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE articles_searchword")
        timing(edition, pool, rng, letters, f"+{len(made_up - known)} made-up words")


def timing(edition, pool, rng, letters, label):
    from articles import vocabulary

    for edits in (1, 2):
        words = [w for w in pool if edits == 1 or len(w) >= 8]
        typos = [misspell(w, rng, letters, edits) for w in rng.sample(words, min(200, len(words)))]
        times = []
        for typo in typos:
            started = time.perf_counter()
            vocabulary.suggest(typo, edition)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(
            f"  {edition}, {label}, {edits} edit(s): suggest median {statistics.median(times):.1f} ms,"
            f" p95 {times[int(len(times) * 0.95) - 1]:.1f} ms ({len(times)} misspelt words)"
        )


if __name__ == "__main__":
    main()
