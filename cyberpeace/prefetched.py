"""To-many relations read off the prefetch cache, without a manager or a queryset.

DRF reads a nested list (``hosts``, ``sources``, ``topics``) as
``record.roles.all()``: a related manager built for the record, then a clone of
the prefetched queryset. For a list of fifty records with their links and each
link's sources that is thousands of managers and clones, more time than the
queries themselves. What was prefetched is already a list: these read it.
"""

from __future__ import annotations

from rest_framework import relations, serializers
from rest_framework.relations import MANY_RELATION_KWARGS


def prefetched(instance, source_attrs: list[str]):
    """The rows prefetched for a one-step source, or None when there are none."""
    if len(source_attrs) != 1:
        return None
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if not cache:
        return None
    rows = cache.get(source_attrs[0])
    return None if rows is None else list(rows)


class PrefetchedListSerializer(serializers.ListSerializer):
    def get_attribute(self, instance):
        rows = prefetched(instance, self.source_attrs)
        return super().get_attribute(instance) if rows is None else rows


class PrefetchedManyRelatedField(relations.ManyRelatedField):
    def get_attribute(self, instance):
        rows = prefetched(instance, self.source_attrs)
        return super().get_attribute(instance) if rows is None else rows


class PrefetchedManyMixin:
    """On a RelatedField: ``many=True`` makes a `PrefetchedManyRelatedField`."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return PrefetchedManyRelatedField(**list_kwargs)
