from __future__ import annotations

from django import template
from django.urls import reverse

from cyberpeace.corrections import correction_kind

register = template.Library()


@register.simple_tag
def correction_url(record) -> str:
    """The address of the form to suggest a correction to ``record``; empty for other objects."""
    kind = correction_kind(record)
    return reverse("suggest-correction", args=[kind, record.slug]) if kind else ""
