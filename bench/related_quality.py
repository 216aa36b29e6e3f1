"""Similar-news quality on the development corpus, beside two baselines.

    .venv/bin/python bench/related_quality.py [--corpus ../shared/data/news-dev.jsonl]

Imports the corpus through `import_articles` into a fresh SQLite database in
a temporary folder (the import ends with `rebuild_related`), then compares
for every article:

  ours      the stored list (related app), first k visible items
  newest    (a) the newest articles of the same category and edition, as the reference page does
  tfidf     (b) exact TF-IDF cosine over the full texts (scikit-learn), top k

Before importing, it adds a rewrite of every tenth article that has at least two paragraphs (one
paragraph dropped, the headline's first two words swapped; --no-rewrites leaves them out): a copy
that no list may show beside its original.

Metrics, per edition and in all: precision@k by the corpus category label; story recall@k when the
data has story labels (the share of an article's other story members that its list shows, up to k,
counting only members that are no near-copy of it); near-duplicate rate (share of lists holding a
pair of near-duplicates: an item and the article, or two items, with TF-IDF cosine >= 0.8 over the
full text, computed independently with scikit-learn); lists showing a rewrite beside its original;
coverage (share of articles with a full list of k); and, for ours, the share of lists that needed
filling with the section's newest.
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
NEAR_DUPLICATE = 0.8


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "data" / "news-dev.jsonl"))
    parser.add_argument("-k", type=int, default=6)
    parser.add_argument("--no-rewrites", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="related-bench-"))
    corpus = load_corpus(args.corpus)
    rewrites = {} if args.no_rewrites else add_rewrites(corpus)
    args.corpus = str(workdir / "corpus.jsonl")
    with open(args.corpus, "w", encoding="utf-8") as file:
        file.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in corpus.values())
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
    report(corpus, args.k, rewrites)


def load_corpus(path):
    with open(path, encoding="utf-8") as file:
        return {row["id"]: row for row in map(json.loads, file)}


def add_rewrites(corpus) -> dict:
    """{rewrite id: original id}: a copy of every tenth article with two paragraphs or more, one of them
    dropped and the headline's first two words swapped, published an hour later."""
    from datetime import datetime, timedelta

    rewrites = {}
    for n, (key, row) in enumerate(list(corpus.items())):
        paragraphs = (row.get("body") or "").split("\n\n")
        words = row["title"].split()
        if n % 10 or len(paragraphs) < 2 or len(words) < 3:
            continue
        dropped = n // 10 % len(paragraphs)
        when = datetime.fromisoformat(row["published_at"]) + timedelta(hours=1)
        rewrites[f"rewrite-{key}"] = key
        corpus[f"rewrite-{key}"] = row | {
            "id": f"rewrite-{key}", "title": " ".join([words[1], words[0], *words[2:]]),
            "body": "\n\n".join(paragraphs[:dropped] + paragraphs[dropped + 1 :]), "published_at": when.isoformat(),
            "story": row.get("story"),
        }  # fmt: skip
    return rewrites


def report(corpus, k, rewrites):
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from articles.models import Article
    from related.models import RelatedItem
    from related.selectors import similar_for

    articles = list(Article.objects.published().select_related("category").order_by("pk"))
    by_pk = {a.pk: a for a in articles}
    external = {a.pk: a.external_id for a in articles}
    pk_of = {a.external_id: a.pk for a in articles}
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
    filled = set(RelatedItem.objects.filter(filled=True, rank__lt=k).values_list("article_id", flat=True))

    def near_duplicate(x, y):
        similarity, index = cosine[by_pk[x].language]
        return similarity[index[x], index[y]] >= NEAR_DUPLICATE

    pairs_of_copies = {frozenset((pk_of[r], pk_of[o])) for r, o in rewrites.items() if r in pk_of and o in pk_of}
    stories = {pk: corpus[external[pk]].get("story") for pk in by_pk}
    members = {}
    for pk, label in stories.items():
        if label:
            members.setdefault(label, []).append(pk)
    results = {}
    for name, found in lists.items():
        for language in [*sorted(cosine), "all"]:
            precision, recall, duplicates, copies, full, fills, count = [], [], 0, 0, 0, 0, 0
            for pk, items in found.items():
                if language != "all" and by_pk[pk].language != language:
                    continue
                count += 1
                label = corpus[external[pk]]["category"]
                precision.append(sum(corpus[external[i]]["category"] == label for i in items) / k)
                if stories[pk]:
                    siblings = [o for o in members[stories[pk]] if o != pk and not near_duplicate(pk, o)]
                    if siblings:
                        recall.append(len(set(items) & set(siblings)) / min(len(siblings), k))
                pairs = [(pk, i) for i in items] + [(i, j) for n, i in enumerate(items) for j in items[n + 1 :]]
                duplicates += any(near_duplicate(x, y) for x, y in pairs)
                copies += any(frozenset(pair) in pairs_of_copies for pair in pairs)
                full += len(items) == k
                fills += name == "ours" and pk in filled
            if count:
                results[name, language] = {
                    "precision": sum(precision) / len(precision),
                    "recall": sum(recall) / len(recall) if recall else None,
                    "duplicates": duplicates / count, "copies": copies, "coverage": full / count,
                    "filled": fills / count, "lists": count,
                }  # fmt: skip
    print(f"\n{len(articles)} articles ({len(pairs_of_copies)} rewrites injected), k = {k}\n")
    print("| list | edition | precision@k (category) | story recall@k | lists with a near-duplicate (cosine >= 0.8) "
          "| lists with a rewrite and its original | coverage | filled |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    labels = {"ours": "ours", "newest": "(a) newest of the category", "tfidf": "(b) TF-IDF cosine"}
    for (name, language), row in results.items():
        recall = "n/a" if row["recall"] is None else f"{row['recall']:.3f}"
        fill = f"{row['filled']:.1%}" if name == "ours" else ""
        print(
            f"| {labels[name]} | {language} | {row['precision']:.3f} | {recall} | {row['duplicates']:.1%} "
            f"| {row['copies']} | {row['coverage']:.1%} | {fill} |"
        )
    ratio = results["ours", "all"]["precision"] / results["tfidf", "all"]["precision"]
    print(f"\nours / (b) precision: {ratio:.3f}")


if __name__ == "__main__":
    main()
