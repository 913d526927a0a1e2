from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from cyberpeace.partialdate import PartialDate, format_period, format_range
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
    """An event's dates: a start alone is the day (or month, or year) it took place."""
    return format_range(start, end)


@register.simple_tag
def period(start: PartialDate | None, end: PartialDate | None) -> str:
    """A programme's, role's or relation's span: a start alone is "from …", an end alone
    "until …"."""
    return format_period(start, end)
