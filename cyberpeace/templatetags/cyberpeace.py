from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from cyberpeace.partialdate import PartialDate, format_range
from cyberpeace.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    return render_markdown(text)


@register.filter
def partialdate(value: PartialDate | None) -> str:
    return value.display() if value else ""


@register.simple_tag
def daterange(start: PartialDate | None, end: PartialDate | None) -> str:
    return format_range(start, end)
