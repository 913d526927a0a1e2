"""`{% timeline items %}` and `{% network centre links %}`: the pictures, as inline SVG.

Both take plain data (`cyberpeace.charts.TimelineItem`, `Node`, `NetworkLink`),
so they draw whatever a page gives them and know nothing of the models.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cyberpeace.charts import EVENT, PROGRAMME, layout_network, layout_timeline

register = template.Library()


def timeline_description(chart) -> str:
    programmes = sum(1 for item in chart.dated + chart.undated if item.kind == PROGRAMME)
    events = sum(1 for item in chart.dated + chart.undated if item.kind == EVENT)
    parts = []
    if programmes:
        parts.append(
            ngettext("%(count)d programme", "%(count)d programmes", programmes)
            % {"count": programmes}
        )
    if events:
        parts.append(ngettext("%(count)d event", "%(count)d events", events) % {"count": events})
    text = _(" and ").join(parts)
    if chart.dated:
        if chart.first_year == chart.last_year:
            text = _("%(items)s, in %(year)d.") % {"items": text, "year": chart.first_year}
        else:
            text = _("%(items)s, from %(first)d to %(last)d.") % {
                "items": text,
                "first": chart.first_year,
                "last": chart.last_year,
            }
    if chart.undated:
        text += " " + ngettext(
            "%(count)d has no known date.", "%(count)d have no known date.", len(chart.undated)
        ) % {"count": len(chart.undated)}
    return text + " " + _("The same facts follow as a table.")


@register.inclusion_tag("includes/timeline.html")
def timeline(items, title: str = "", id: str = "timeline"):
    """A timeline of ``items``: programmes as bars, events as short bars, undated ones listed.

    ``id`` tells two charts of one page apart (their SVG ids).
    """
    chart = layout_timeline(list(items or ()))
    return {
        "chart": chart,
        "title": title or _("Timeline"),
        "description": timeline_description(chart),
        "id": id,
    }


@register.inclusion_tag("includes/network.html")
def network(centre, links, title: str = "", id: str = "network"):
    """``centre`` (a Node) among its partners (NetworkLinks), each edge naming their programmes."""
    chart = layout_network(centre, list(links or ()))
    description = ngettext(
        "%(centre)s in the centre, and around it the %(count)d organisation it works with "
        "in programmes.",
        "%(centre)s in the centre, and around it the %(count)d organisations it works with "
        "in programmes.",
        chart.total,
    ) % {"centre": centre.label, "count": chart.total}
    if chart.drawn < chart.total:
        description += " " + _(
            "The drawing shows the %(drawn)d sharing the most programmes; the list has them all."
        ) % {"drawn": chart.drawn}
    return {
        "chart": chart,
        "title": title or _("Partnership network"),
        "description": description,
        "id": id,
    }
