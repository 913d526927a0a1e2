"""Markdown written by editors and partners, rendered to HTML that cannot carry script."""

from __future__ import annotations

import markdown
import nh3
from django import forms
from django.db import models
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

MARKDOWN_HELP = "Markdown: *italic*, **bold**, [a link](https://example.org), lists with -."


def normalise_text(value: str) -> str:
    """Text as stored: line endings as "\\n" (browsers send "\\r\\n"), no trailing blanks.

    The one rule for every text field, applied by the admin's forms, the
    models (so the seed and the API too), so that saving what was read back
    unchanged changes nothing and history shows only real changes.
    """
    return value.replace("\r\n", "\n").replace("\r", "\n").rstrip()


class TextFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return normalise_text(value) if isinstance(value, str) else value


def normalise_texts(instance) -> None:
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, normalise_text(value))


class TypedTextMixin:
    """A model whose texts are stored by `normalise_text`, whichever path saves them."""

    def clean_fields(self, exclude=None) -> None:
        normalise_texts(self)
        super().clean_fields(exclude)

    def save(self, *args, **kwargs) -> None:
        normalise_texts(self)
        super().save(*args, **kwargs)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> SafeString:
    """The one way Markdown becomes HTML: every rendered field goes through here."""
    if not text:
        return mark_safe("")  # an empty string  # nosec B308
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return mark_safe(sanitise(html))  # noqa: S308 (sanitised by nh3 just now)  # nosec B308 B703
