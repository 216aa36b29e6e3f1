"""Similar-news quality on the development corpus, beside two baselines.

    .venv/bin/python bench/related_quality.py [--corpus ../shared/data/news-dev.jsonl]

Imports the corpus through `import_articles` into a fresh SQLite database in
a temporary folder (the import ends with `rebuild_related`), then compares
for every article:

  ours      the stored list (related app), first k visible items
  newest    (a) the newest articles of the same category and edition, as the reference page does
  tfidf     (b) exact TF-IDF cosine over the full texts (scikit-learn), top k

Metrics: precision@k by the corpus category label; story recall when the
data has story labels; near-duplicate rate (share of lists holding a pair
of near-duplicates: an item and the article, or two items, with TF-IDF
cosine >= 0.6 over the full text, computed independently with
scikit-learn); coverage (share of articles with a full list of k).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEAR_DUPLICATE = 0.6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "data" / "news-dev.jsonl"))
    parser.add_argument("-k", type=int, default=6)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="related-bench-"))
    os.environ.update(
        DEBUG="1", DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}", MEDIA_ROOT=str(workdir / "media"),
        RELATED_COUNT=str(args.k),
    )  # fmt: skip
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], check=True)
    started = time.perf_counter()
    subprocess.run([*manage, "import_articles", args.corpus], check=True, stdout=subprocess.DEVNULL)
    print(f"import + rebuild_related: {time.perf_counter() - started:.1f} s")

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
    import django

    django.setup()
    report(load_corpus(args.corpus), args.k)


def load_corpus(path):
    with open(path, encoding="utf-8") as file:
        return {row["id"]: row for row in map(json.loads, file)}


def report(corpus, k):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from articles.models import Article
    from related.selectors import similar_for

    articles = list(Article.objects.published().select_related("category").order_by("pk"))
    by_pk = {a.pk: a for a in articles}
    external = {a.pk: a.external_id for a in articles}
    lists = {"ours": {}, "newest": {}, "tfidf": {}}
    cosine = {}
    for language in sorted({a.language for a in articles}):
        edition = [a for a in articles if a.language == language]
        texts = [" ".join((corpus[a.external_id]["title"], corpus[a.external_id]["lead"] or "",
                           corpus[a.external_id]["body"] or "")) for a in edition]  # fmt: skip
        matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
        similarity = (matrix @ matrix.T).toarray()
        np.fill_diagonal(similarity, -1)
        index = {a.pk: i for i, a in enumerate(edition)}
        cosine[language] = (similarity, index)
        newest = sorted(edition, key=lambda a: (a.published_at, a.pk), reverse=True)
        for a in edition:
            row = similarity[index[a.pk]]
            lists["tfidf"][a.pk] = [edition[i].pk for i in np.argsort(-row)[:k]]
            lists["newest"][a.pk] = [b.pk for b in newest if b.category_id == a.category_id and b.pk != a.pk][:k]
            lists["ours"][a.pk] = [b.pk for b in similar_for(a, k)]

    def near_duplicate(x, y):
        similarity, index = cosine[by_pk[x].language]
        return similarity[index[x], index[y]] >= NEAR_DUPLICATE

    stories = {pk: corpus[external[pk]].get("story") for pk in by_pk}
    results = {}
    for name, found in lists.items():
        precision, recall, duplicates, full = [], [], 0, 0
        for pk, items in found.items():
            label = corpus[external[pk]]["category"]
            precision.append(sum(corpus[external[i]]["category"] == label for i in items) / k)
            if stories[pk]:
                siblings = [o for o in by_pk if o != pk and stories[o] == stories[pk]]
                if siblings:
                    recall.append(len(set(items) & set(siblings)) / min(len(siblings), k))
            pairs = [(pk, i) for i in items] + [(i, j) for n, i in enumerate(items) for j in items[n + 1 :]]
            duplicates += any(near_duplicate(x, y) for x, y in pairs)
            full += len(items) == k
        results[name] = {
            "precision": sum(precision) / len(precision),
            "recall": sum(recall) / len(recall) if recall else None,
            "duplicates": duplicates / len(found),
            "coverage": full / len(found),
        }
    print(f"\n{len(articles)} articles, k = {k}\n")
    print("| list | precision@k (category) | story recall | lists with a near-duplicate | coverage |")
    print("|---|---|---|---|---|")
    for name, label in (("ours", "ours"), ("newest", "(a) newest of the category"), ("tfidf", "(b) TF-IDF cosine")):
        row = results[name]
        recall = "n/a (no story labels)" if row["recall"] is None else f"{row['recall']:.3f}"
        print(f"| {label} | {row['precision']:.3f} | {recall} | {row['duplicates']:.1%} | {row['coverage']:.1%} |")
    ratio = results["ours"]["precision"] / results["tfidf"]["precision"]
    print(f"\nours / (b) precision: {ratio:.3f}")


if __name__ == "__main__":
    main()
