"""schema.org JSON-LD for detail pages: data built here, written as a data block.

The shared blocks do not import the apps, so the builders read the fields
DESIGN.md names (an organisation's ``acronyms``, an event's ``start``…) from
whatever record they are given. Dates are the ISO strings of reduced
precision ("2017-05"), which schema.org's Date accepts: none is invented.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# As Django's json_script: nothing in the data can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

ATTENDANCE_MODES = {
    "in_person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}


def script(data: dict) -> SafeString:
    """``data`` as a ``<script type="application/ld+json">`` block, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 (escaped by _ESCAPES above)  # nosec B308 B703


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _address(street: str, city: str, country) -> dict:
    address = _compact(
        {
            "streetAddress": street,
            "addressLocality": city,
            "addressCountry": country.code if country else "",
        }
    )
    return {"@type": "PostalAddress", **address} if address else {}


def organisation(record, *, url: str) -> dict:
    """schema.org ``Organization`` for an organisation whose page is at ``url``."""
    acronyms = list(record.acronyms or [])
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        **_compact(
            {
                "name": record.name,
                "alternateName": acronyms[0] if len(acronyms) == 1 else acronyms,
                "url": url,
                "sameAs": record.website,
                "foundingDate": str(record.founded) if record.founded else None,
                "address": _address(record.address, record.city, record.country),
                "description": record.summary,
                "email": record.email,
            }
        ),
    }


def event(record, *, url: str, organizers: Iterable[tuple[str, str]] = ()) -> dict:
    """schema.org ``Event`` for an event whose page is at ``url``.

    ``organizers``: (name, absolute page address) of its hosts, as the reader may see them.
    """
    location = None
    if record.venue or record.city or record.country:
        location = _compact(
            {
                "@type": "Place",
                "name": record.venue or record.city,
                "address": _address("", record.city, record.country),
            }
        )
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        **_compact(
            {
                "name": record.title,
                "startDate": str(record.start) if record.start else None,
                "endDate": str(record.end) if record.end else None,
                "location": location,
                "eventAttendanceMode": ATTENDANCE_MODES.get(record.attendance),
                "organizer": [
                    {"@type": "Organization", "name": name, "url": page}
                    for name, page in organizers
                ],
                "description": record.summary,
                "url": url,
            }
        ),
    }


def person(record, *, url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Person",
        **_compact({"name": record.name, "honorificPrefix": record.honorific, "url": url}),
    }
