"""The cover's upload field as an editor wants it: the stored picture shown, not its path."""

import posixpath

from django import forms
from django.utils.translation import gettext_lazy as _


class CoverInput(forms.ClearableFileInput):
    """A file input that shows the stored cover's card rendition above "Remove the cover" and
    "Replace with:". ``preview`` ({"url", "width", "height"}) and ``preview_alt`` are set by the
    form from the article; without a rendition the stored file is named and linked."""

    template_name = "articles/widgets/cover_input.html"
    initial_text = _("Stored")
    input_text = _("Replace with")
    clear_checkbox_label = _("Remove the cover")

    preview = None
    preview_alt = ""

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/jpeg,image/png,image/webp,image/gif", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["preview"] = self.preview
        context["widget"]["preview_alt"] = self.preview_alt
        context["widget"]["file_name"] = posixpath.basename(str(value)) if value else ""
        return context
