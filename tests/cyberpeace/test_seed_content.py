"""The seed content, checked against the documents it comes from."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from initiatives.models import Event, EventRole, Partnership, Programme, Speaker
from orgs.models import Membership, Organisation, OrganisationTopic, Person, SocialAccount, Topic

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SOURCES = FIXTURES / "sources"
PUBLIC = [Topic, Organisation, Person, Programme, Event]
NAMED = {Organisation: "name", Person: "name", Programme: "title", Event: "title", Topic: "name"}

# What the scraping left in the documents, and which no record may carry over.
ARTEFACTS = [
    "[bookmark",  # a word-processor bookmark (002)
    "_GoBack",
    "缅北禁地",  # text injected by a third party (004)
    "](#)",  # links whose address was lost (000)
    "\\(",  # escaped brackets of Markdown link text (000)
    "Tech Against Terrorism ()",  # a link removed from between brackets (004)
    "2017-12-01T14:08:54",  # the page's time stamp and category line (003)
    "|Information and communication technologies|",
    "Category: Cyberconflict",  # the listing page's category line (001)
    "- >",  # quoted bullets (000)
    "bit.ly",  # short links the page cited; none can be checked
    "\u0421",  # a Cyrillic С standing for a Latin C in "Action Line С2" (001)
    "Gigahasmapped",  # words run together (001)
    "Gigaisworking",
    "forRoadSafety",
    "FirstSsession",
    "GGEInformal",
    "ResponsesLimiter",
    "Sciences2020",
    "AccessibilityImplementation",
    "InclusiveDigital",
    "Focus Groupon",
    "ITUis ",
    "ITU-TSG5",
    "labourpool",
    "Charter(CCC)",
    "SystemsCommunication",
    "TurntIn",
    "FG- AI4A",  # words broken across a line end (001)
    "WG- CP",
    "IMT- 2020",
    "high- level",
    "evidence- based",
    "Moller ,",  # a stray space before a comma in a name (000)
    "ICT Peace",  # a name missing its 4 (000)
    "ICT4 Peace",
    "OESCE",  # OSCE misspelt (000)
    "resources (1)",  # footnote markers left in topic names (001)
    "standards (2)",
    "things (3)",
    "disabilities (6)",
    "- Examples of operational activities",  # a heading scraped as a list item (001)
    "resources are available here.",  # links whose address was lost (001, 003)
    "website here.",
    "can be accessed here",
]


def normalise(text: str) -> str:
    """Letters and digits only, lower case: quotes, dashes and spacing do not count."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


@cache
def source_text(name: str) -> str:
    return (SOURCES / name).read_text(encoding="utf-8")


@cache
def source_words(name: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in re.split(r"[\s/–—-]+", source_text(name)))


def named_in(name: str, sources: list[str]) -> bool:
    """Whether a name is the documents': as written, part by part, or word by word."""
    for source in sources:
        text = normalise(source_text(source))
        if normalise(name) in text:
            return True
        if all(normalise(part) in text for part in name.split(" – ")):
            return True
        words = [normalise(word) for word in re.split(r"[\s/–—-]+", name)]
        if all(word in source_words(source) for word in words if word):
            return True
    return False


def texts(record) -> list[str]:
    """Every text an editor or a visitor reads on a record."""
    values = []
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        if isinstance(value, str) and field.name not in {"slug", "status", "website", "url"}:
            values.append(value)
    return values


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed loaded once for the module, and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def db_seeded(seeded, db):
    return seeded


def test_the_seed_is_large_enough(db_seeded):
    assert Organisation.objects.count() >= 40
    assert Programme.objects.count() >= 25
    assert Event.objects.count() >= 25
    assert Topic.objects.count() >= 15
    assert Person.objects.count() >= 12


def test_a_second_seed_changes_nothing(db_seeded):
    before = {
        model: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
        for model in PUBLIC
    }
    out = io.StringIO()
    call_command("seed", stdout=out)
    assert " new" in out.getvalue()
    assert all(
        re.search(r"\(0 new, 0 changed, \d+ unchanged\)$", line)
        for line in out.getvalue().splitlines()
    ), out.getvalue()
    after = {
        model: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
        for model in PUBLIC
    }
    assert after == before


@pytest.mark.parametrize("model", PUBLIC, ids=lambda m: m.__name__)
def test_every_record_cites_a_source_document_that_exists(db_seeded, model):
    for record in model.objects.all():
        assert record.sources, f"{record} has no source"
        for source in record.sources:
            if "://" not in source:
                assert (SOURCES / source).is_file(), (
                    f"{record} cites {source}, which is not in fixtures/sources/"
                )


@pytest.mark.parametrize("model", list(NAMED), ids=lambda m: m.__name__)
def test_every_name_appears_in_a_source_it_cites(db_seeded, model):
    missing = [
        str(record)
        for record in model.objects.all()
        if not named_in(getattr(record, NAMED[model]), record.sources)
    ]
    assert missing == []


@pytest.mark.parametrize("model", PUBLIC, ids=lambda m: m.__name__)
def test_every_year_appears_in_a_source_it_cites(db_seeded, model):
    unsupported = []
    for record in model.objects.all():
        cited = " ".join(source_text(source) for source in record.sources)
        values = texts(record)
        values += [
            str(getattr(record, name) or "")
            for name in ("start", "end", "founded")
            if hasattr(record, name)
        ]
        for year in set(re.findall(r"\b(1[89]\d\d|20\d\d)\b", " ".join(values))):
            if year not in cited:
                unsupported.append(f"{record}: {year}")
    assert unsupported == []


LINKS = [
    (OrganisationTopic, "organisation", "topic"),
    (Membership, "person", "organisation"),
    (Partnership, "programme", "organisation"),
    (EventRole, "event", "organisation"),
    (Speaker, "event", "person"),
]


@pytest.mark.parametrize(("model", "one", "other"), LINKS, ids=lambda v: getattr(v, "__name__", v))
def test_every_link_is_backed_by_a_document_both_ends_cite(db_seeded, model, one, other):
    unsupported = [
        str(link)
        for link in model.objects.select_related(one, other)
        if not set(getattr(link, one).sources) & set(getattr(link, other).sources)
    ]
    assert unsupported == []


def test_every_year_in_a_link_appears_in_a_source_of_its_ends(db_seeded):
    unsupported = []
    for model, one, other in LINKS:
        for link in model.objects.select_related(one, other):
            cited = " ".join(
                source_text(source)
                for source in {*getattr(link, one).sources, *getattr(link, other).sources}
            )
            values = " ".join(
                texts(link) + [str(getattr(link, n, "") or "") for n in ("start", "end")]
            )
            unsupported += [
                f"{link}: {y}" for y in re.findall(r"\b(?:19|20)\d\d\b", values) if y not in cited
            ]
    assert unsupported == []


def test_no_reference_dangles(db_seeded):
    # Every parent and every linked record is itself in the seed, published.
    for organisation in Organisation.objects.exclude(parent=None).select_related("parent"):
        assert organisation.parent.is_published
    for programme in Programme.objects.exclude(parent=None).select_related("parent"):
        assert programme.parent.is_published
    for event in Event.objects.exclude(programme=None).select_related("programme"):
        assert event.programme.is_published
    for speaker in Speaker.objects.exclude(affiliation=None).select_related(
        "affiliation", "person"
    ):
        assert speaker.affiliation.is_published
    # Every organisation is there for a reason: a role, a topic, a child, a member.
    idle = Organisation.objects.filter(
        partnerships=None, event_roles=None, organisation_topics=None, children=None,
        memberships=None, speakers=None,
    )  # fmt: skip
    assert list(idle) == []


@pytest.mark.parametrize("artefact", ARTEFACTS)
def test_no_record_carries_a_scraping_artefact(db_seeded, artefact):
    models = [
        *PUBLIC,
        OrganisationTopic,
        Membership,
        Partnership,
        SocialAccount,
        EventRole,
        Speaker,
    ]
    carriers = [
        f"{record._meta.label} {record}"
        for model in models
        for record in model.objects.all()
        if any(artefact in text for text in texts(record))
    ]
    assert carriers == []


def test_every_artefact_is_really_in_the_documents():
    documents = "".join(source_text(path.name) for path in SOURCES.glob("*.txt"))
    assert [artefact for artefact in ARTEFACTS if artefact not in documents] == []


def test_the_profiles_keep_the_organisations_own_names_for_topics(db_seeded):
    local = dict(
        OrganisationTopic.objects.filter(organisation__slug="itu")
        .exclude(local_name="")
        .values_list("topic__slug", "local_name")
    )
    assert local["child-safety-online"] == "Child online protection"
    assert local["digital-standards"] == "International standards"
    assert local["gender-rights-online"] == "Gender digital divide"


def test_social_accounts_belong_to_the_right_organisation(db_seeded):
    # The CyberPeace Institute's accounts come last in its document, after the IGF's.
    handles = set(
        SocialAccount.objects.filter(organisation__slug="cyberpeace-institute").values_list(
            "handle", flat=True
        )
    )
    assert handles == {
        "@CyberpeaceInstitute",
        "@cyberpeaceinst",
        "@cyberpeace-institute",
        "@CyberpeaceInst",
    }
    assert not SocialAccount.objects.filter(
        organisation__slug="igf", handle__icontains="cyberpeace"
    ).exists()


def test_a_broken_fixture_leaves_the_database_as_it_was(db_seeded, tmp_path):
    before = {model: model.objects.count() for model in PUBLIC}
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    last = sorted(tmp_path.glob("*.yaml"))[-1]
    last.write_text(
        last.read_text(encoding="utf-8")
        + "- model: initiatives.eventrole\n  fields: {event: [wrc-19], organisation: [nobody], role: host}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        CommandError, match=r"50_events.yaml, line \d+ .*organisation: no organisation \['nobody'\]"
    ):
        call_command("seed", *sorted(tmp_path.glob("*.yaml")), stdout=io.StringIO())
    assert {model: model.objects.count() for model in PUBLIC} == before
