from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.desks import DESKS
from articles.models import Article, Category, Tag


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name_en = factory.Sequence(lambda n: f"Section {n}")
    name_ru = factory.Sequence(lambda n: f"Раздел {n}")
    name_uz = factory.Sequence(lambda n: f"Bo‘lim {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    language = "en"
    name = factory.Sequence(lambda n: f"tag {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Headline number {n}")
    lead = "A short lead."
    body = "<p>Body text.</p>"
    category = factory.SubFactory(CategoryFactory)
    language = "en"
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def desks(self, create, extracted, **kwargs):
        """Every desk unless given (``desks=["ru"]``; ``desks=[]`` for none)."""
        if create:
            languages = DESKS if extracted is None else extracted
            self.groups.add(*Group.objects.filter(name__in=[DESKS[language] for language in languages]))

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()
