from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import images
from .models import Article
from .services import user_can_publish

NO_PUBLISH = _("You do not have permission to publish articles.")


class CheckedImageField(forms.ImageField):
    """An image field whose errors name the real problem (format, pixels, frames, damage)."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            images.validate_image(upload)
        return upload


class ArticleAdminForm(forms.ModelForm):
    cover = CheckedImageField(
        label=capfirst(_("cover image")),
        required=False,
        help_text=Article._meta.get_field("cover").help_text,
    )

    source_url = forms.URLField(label=capfirst(_("source link")), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - ArticleAdmin.fieldsets picks the fields

    user = None  # set by ArticleAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and not user_can_publish(self.user):
            status = self.fields["status"]
            status.choices = [choice for choice in status.choices if choice[0] != Article.Status.PUBLISHED]
            status.error_messages["invalid_choice"] = NO_PUBLISH

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Article.Status.PUBLISHED and not user_can_publish(self.user):
            raise forms.ValidationError(NO_PUBLISH)
        return status
