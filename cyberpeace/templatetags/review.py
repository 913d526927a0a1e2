from __future__ import annotations

from django import template

from cyberpeace.review import is_editor

register = template.Library()


@register.simple_tag
def may_review(user) -> bool:
    """Whether the admin index offers ``user`` the review queue."""
    return is_editor(user)
