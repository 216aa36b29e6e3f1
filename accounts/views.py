from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: the same page whether the account exists or not."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {**admin.site.each_context(request), "cooloff_minutes": minutes, "title": ""}
    response = TemplateResponse(request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    return response.render()
