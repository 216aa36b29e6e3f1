import hashlib

from django import template
from django.utils.safestring import mark_safe

from ..fragments import edition_fragment

register = template.Library()


class EditionCacheNode(template.Node):
    def __init__(self, nodelist, seconds: int, name: str, vary_on: list, condition=None):
        self.nodelist = nodelist
        self.seconds = seconds
        self.name = name
        self.vary_on = vary_on
        self.condition = condition

    def render(self, context):
        if self.condition is not None and not self.condition.resolve(context):
            return self.nodelist.render(context)
        # What it varies on may be a reader's words (a search): hashed, the key is always a valid one.
        vary = hashlib.sha256("\n".join(str(v.resolve(context)) for v in self.vary_on).encode()).hexdigest()
        html = edition_fragment(f"block:{self.name}:{vary}", self.seconds, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped when it was rendered


@register.tag
def edition_cache(parser, token):
    """``{% edition_cache seconds name [vary_on ...] [if condition] %}…{% endedition_cache %}``: the block's
    HTML as an edition fragment, kept until the edition changes or ``seconds`` (at most 60) pass, and by
    each worker a moment (``{% cache %}`` asks Redis every time). When ``condition`` is false the block is
    rendered afresh and kept nowhere."""
    bits = token.split_contents()
    condition = None
    if "if" in bits:
        at = bits.index("if")
        if at != len(bits) - 2:
            raise template.TemplateSyntaxError(f"'{bits[0]}' takes one value after 'if'")
        condition = parser.compile_filter(bits[-1])
        bits = bits[:at]
    if len(bits) < 3 or not bits[1].isdigit():
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes the seconds, a name and what the block varies on")
    nodelist = parser.parse(("endedition_cache",))
    parser.delete_first_token()
    variables = [parser.compile_filter(bit) for bit in bits[3:]]
    return EditionCacheNode(nodelist, int(bits[1]), bits[2], variables, condition)
