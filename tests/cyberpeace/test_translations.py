"""The interface in French: every message translated, and what the site loads is what was written.

The catalogue (locale/fr/LC_MESSAGES/django.po) is compiled into django.mo,
which is committed so that a fresh machine needs no gettext tools. These tests
fail if a message is left untranslated or fuzzy, or if django.mo was not
compiled again after django.po changed (`make messages` does both).
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

from orgs.models import Relation, RelationKind

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"


def entries(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr[n], and its flags."""
    found, entry, key = [], {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                found.append(entry)
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, text = line.partition(" ")
            entry[key] = ast.literal_eval(text)
    return [entry for entry in found if entry["msgid"]]  # the header has an empty msgid


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [
        entry["msgid"]
        for entry in entries(CATALOGUE / "django.po")
        if "fuzzy" in entry.get("flags", ())
        or not all(value for key, value in entry.items() if key.startswith("msgstr"))
    ]

    assert untranslated == []


def test_the_compiled_catalogue_says_what_the_po_file_says():
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for entry in entries(CATALOGUE / "django.po"):
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n, key in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                got = (
                    catalogue.npgettext(context, entry["msgid"], entry["msgid_plural"], n)
                    if context
                    else catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n)
                )
                if got != entry[key]:
                    stale.append(entry["msgid"])
        else:
            got = (
                catalogue.pgettext(context, entry["msgid"])
                if context
                else catalogue.gettext(entry["msgid"])
            )
            if got != entry["msgstr"]:
                stale.append(entry["msgid"])

    assert stale == []


@pytest.mark.django_db
def test_a_french_page_speaks_french_and_dates_in_french(client, make_event):
    event = make_event(title="Cyber dialogue", start="2018-01-24", end="2018-01-25")

    page = client.get("/fr" + event.get_absolute_url()).content.decode()

    assert '<html lang="fr">' in page
    assert "Aller au contenu" in page
    assert "24–25 janvier 2018" in page
    assert ">Événements</a>" in page


@pytest.mark.django_db
def test_a_month_shows_in_french_on_a_french_list(client, make_event):
    make_event(title="Cyber dialogue", start="2017-05")

    page = client.get("/fr/events/").content.decode()

    assert "mai 2017" in page
    assert "May 2017" not in page


@pytest.mark.django_db
def test_a_french_list_names_its_facets_and_their_choices_in_french(client, make_organisation):
    make_organisation(name="Geneva Cyber Forum", stakeholder_group="ngo", country="CH")

    page = client.get("/fr/organisations/").content.decode()

    assert "Groupe de parties prenantes" in page
    assert "ONG et associations" in page
    assert "Filtres" in page
    assert "Télécharger en CSV" in page
    assert "NGOs and associations" not in page
    assert "Stakeholder group" not in page


@pytest.mark.django_db
def test_a_french_organisation_page_labels_its_facts_and_relations_in_french(
    client, make_organisation
):
    founder = make_organisation(name="Founding Fund", stakeholder_group="ngo")
    organisation = make_organisation(
        name="Geneva Cyber Forum", stakeholder_group="intergovernmental", founded="2006-03"
    )
    Relation.objects.create(subject=organisation, kind=RelationKind.FOUNDED_BY, object=founder)

    addresses = ["/fr" + organisation.get_absolute_url(), "/fr" + founder.get_absolute_url()]
    page, founder_page = (client.get(address).content.decode() for address in addresses)

    assert "Organisations internationales et régionales" in page
    assert "Création" in page
    assert "mars 2006" in page
    assert "Fondée par" in page
    assert "Signaler une erreur" in page
    assert "A fondé" in founder_page
