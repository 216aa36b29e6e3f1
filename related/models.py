from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class Term(models.Model):
    """A term of one edition and the number of indexed articles that contain it."""

    language = models.CharField(max_length=2)
    text = models.CharField(max_length=100)
    df = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "text"], name="related_term_unique")]

    def __str__(self):
        return f"{self.language}:{self.text} ({self.df})"


class Edition(models.Model):
    """How many documents an edition's index holds: N of the IDF, kept as a counter.

    Counting the documents on every publish costs tens of milliseconds at
    100,000 articles on PostgreSQL; the counter moves with each indexed or
    removed article and is set by the full rebuild.
    """

    language = models.CharField(max_length=2, primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.language}: {self.documents} documents"


class Document(models.Model):
    """The indexed form of a published article: its unit TF-IDF vector and what scoring needs."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="+")
    language = models.CharField(max_length=2)
    category_id = models.BigIntegerField()
    published_at = models.DateTimeField()
    tag_ids = models.JSONField(default=list)
    term_ids = models.JSONField(default=list, help_text="Every term of the article, for document frequencies.")
    vector = models.JSONField(default=dict, help_text="{term id: weight}, unit length")
    sketch = models.BinaryField(default=b"", help_text="The smallest hashes of its shingles (related.copies).")
    shingles = models.PositiveIntegerField(default=0, help_text="How many different shingles its text has.")

    class Meta:
        indexes = [models.Index(fields=["language", "-published_at"], name="related_document_latest")]

    def __str__(self):
        return f"document {self.article_id}"


class Posting(models.Model):
    """Inverted index: which documents contain a term, with the term's weight there."""

    # One index serves the candidate query, term -> (document, weight), without
    # touching the table; every extra index slows the rebuild's inserts. No foreign
    # key constraints either: a rebuild writes millions of postings, and checking
    # each one's two keys cost PostgreSQL a minute at commit. The index is the
    # engine's own derived data; postings go with their document or term through
    # the ORM's cascade, and a rebuild writes all of them again.
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="postings", db_constraint=False)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term", "document", "weight"], name="related_posting_lookup")]

    def __str__(self):
        return f"{self.term_id} in {self.document_id}: {self.weight}"


class RelatedItem(models.Model):
    """The stored similar-news list of an article, pins first."""

    # (article, related) is unique and indexed; the rank index serves the page.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="similar_items", db_index=False)
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="similar_to")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField(help_text="Similarity; pins carry 0.")
    pinned = models.BooleanField(default=False)
    filled = models.BooleanField(default=False, help_text="Not similar: the newest of the section, filling the list.")

    class Meta:
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_item_unique"),
            models.CheckConstraint(condition=~Q(article=F("related")), name="related_item_not_self"),
        ]
        indexes = [models.Index(fields=["article", "rank"], name="related_item_list")]

    def __str__(self):
        return f"{self.article_id} -> {self.related_id} #{self.rank}"


class RelatedPin(models.Model):
    """An article an editor wants first in another's similar news."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_pins")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = _("pinned similar article")
        verbose_name_plural = _("pinned similar articles")
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="related_pin_unique"),
            models.CheckConstraint(condition=~Q(article=F("related")), name="related_pin_not_self"),
        ]

    def __str__(self):
        return f"{self.article_id} pins {self.related_id}"


class RelatedExclusion(models.Model):
    """An article that must never appear in another's similar news."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_exclusions")
    excluded = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("article"))

    class Meta:
        verbose_name = _("excluded similar article")
        verbose_name_plural = _("excluded similar articles")
        constraints = [models.UniqueConstraint(fields=["article", "excluded"], name="related_exclusion_unique")]

    def __str__(self):
        return f"{self.article_id} excludes {self.excluded_id}"
