"""An index that keeps NULL last, on both databases.

The lists put undated records last both ways (`start DESC NULLS LAST`), an
order PostgreSQL reads from an index only when the index is in that very
order. SQLite refuses NULLS in an index, but sorts NULL below every value, so
there a descending column already ends with them: the index drops the
modifier.
"""

from __future__ import annotations

from django.db import models
from django.db.models.expressions import OrderBy


class NullsLastIndex(models.Index):
    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = self.clone()
        plain.expressions = tuple(
            OrderBy(expression.expression, descending=expression.descending)
            if isinstance(expression, OrderBy)
            else expression
            for expression in self.expressions
        )
        return models.Index.create_sql(plain, model, schema_editor, using=using, **kwargs)
