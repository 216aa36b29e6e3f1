"""What gunicorn's master prepares before it forks its workers (gunicorn.conf.py: when_ready)."""

import pytest
from django.template import engines

from newsportal.warmup import warm_up

pytestmark = pytest.mark.django_db


def test_warm_up_compiles_the_project_templates_without_opening_a_connection(django_assert_num_queries):
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    with django_assert_num_queries(0):
        compiled = warm_up()
    names = {template.origin.template_name for template in loader.get_template_cache.values() if template}
    for name in ("base.html", "articles/home.html", "articles/article_detail.html", "includes/card.html"):
        assert name in names
    assert compiled >= 30
    assert "admin/change_list.html" not in names, "packages' own templates load when first used"
