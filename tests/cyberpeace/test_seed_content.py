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

from cyberpeace.models import Source
from initiatives.models import Event, EventRole, Partnership, Programme, Speaker
from orgs.models import (
    Membership,
    Organisation,
    OrganisationTopic,
    Person,
    Relation,
    SocialAccount,
    Topic,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
PUBLIC = [Topic, Organisation, Person, Programme, Event]
LINKS = [Membership, Partnership, EventRole, Speaker, Relation, OrganisationTopic, SocialAccount]
CITING = PUBLIC + LINKS
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
    "onSMART",
    "SwissTrust",
    "TurntIn",
    "ITUis ",
    "ITU-TSG5",
    "labourpool",
    "Charter(CCC)",
    "SystemsCommunication",
    "eCollaboration",
    "FG- AI4A",  # words broken across a line end (001)
    "WG- CP",
    "IMT- 2020",
    "SIG- SECURITY",
    "WSIS- SDG",
    "high- level",
    "evidence- based",
    "Centre for digital trust EPFL",  # a name scrambled around its acronym (001)
    "Moller ,",  # a stray space before a comma in a name (000)
    "ICT Peace",  # a name missing its 4 (000)
    "ICT4 Peace",
    "OESCE",  # OSCE misspelt (000)
    "resources (1)",  # footnote markers left in topic names (001)
    "standards (2)",
    "things (3)",
    "disabilities (6)",
    "- Examples of operational activities",  # a heading scraped as a list item (001)
    "More information is available here",  # links whose address was lost (001, 003)
    "resources are available here.",
    "website here.",
    "can be accessed here",
    "are available here",
]

# The directory's own words for governments, ministries and missions
# ("Ministry of Foreign Affairs of Thailand"); only the rest must be the documents'.
CONVENTIONS = [
    r"^Government of (the )?",
    r"^Ministry of Foreign Affairs of (the )?",
    r"^Permanent Mission of (the )?",
    r" to the United Nations( Office at Geneva)?$",
]


def normalise(text: str) -> str:
    """Letters and digits only, lower case: quotes, dashes and spacing do not count."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


@cache
def document(source_pk: int) -> str:
    """The text of a Source's stored copy, or of what its record says of itself."""
    source = Source.objects.get(pk=source_pk)
    if source.file:
        with source.file.open("rb") as stored:
            return stored.read().decode("utf-8")
    return " ".join(filter(None, [source.title, source.publisher, str(source.published or "")]))


@cache
def words(source_pk: int) -> frozenset[str]:
    return frozenset(normalise(word) for word in re.split(r"[\s/–—-]+", document(source_pk)))


def named_in(name: str, sources: list[Source]) -> bool:
    """Whether a name is the documents': as written, part by part, or word by word."""
    for pattern in CONVENTIONS:
        name = re.sub(pattern, "", name)
    for source in sources:
        text = normalise(document(source.pk))
        if normalise(name) in text:
            return True
        if all(normalise(part) in text for part in name.split(" – ")):
            return True
        parts = [normalise(word) for word in re.split(r"[\s/–—-]+", name)]
        if all(part in words(source.pk) for part in parts if part):
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


def test_the_seed_is_large_enough(db_seeded):
    assert Organisation.objects.count() >= 100
    assert Programme.objects.count() >= 100
    assert Event.objects.count() >= 50
    assert Relation.objects.count() >= 25
    assert Topic.objects.count() >= 15
    assert Person.objects.count() >= 12


def test_a_second_seed_changes_nothing(db_seeded):
    models = [Source, *CITING]
    before = {m: list(m.objects.order_by("pk").values_list("pk", flat=True)) for m in models}
    stamps = {m: list(m.objects.order_by("pk").values_list("updated_at")) for m in PUBLIC}
    out = io.StringIO()
    call_command("seed", stdout=out)
    assert " new" in out.getvalue()
    assert all(
        re.search(r"\(0 new, 0 changed, \d+ unchanged\)$", line)
        for line in out.getvalue().splitlines()
    ), out.getvalue()
    assert {m: list(m.objects.order_by("pk").values_list("pk", flat=True)) for m in models} == (
        before
    )
    assert {m: list(m.objects.order_by("pk").values_list("updated_at")) for m in PUBLIC} == stamps


@pytest.mark.parametrize("model", CITING, ids=lambda m: m.__name__)
def test_every_record_and_relation_cites_a_source(db_seeded, model):
    assert model.objects.count()
    assert [str(record) for record in model.objects.filter(sources=None)] == []


def test_every_source_has_its_stored_copy_or_address(db_seeded):
    for source in Source.objects.all():
        assert source.url or source.file, source
        if source.file:
            assert Path(source.file.path).is_file(), f"{source}: no file {source.file.name}"
            assert source.file.path.startswith(str(FIXTURES / "sources")), source


def test_no_source_title_looks_like_a_file_name(db_seeded):
    file_like = re.compile(r"\.(txt|pdf|html?|docx?)$|^\d{3}_[0-9a-f]{16}|^https?://", re.I)
    assert [s.title for s in Source.objects.all() if file_like.search(s.title)] == []


def test_every_document_is_a_source(db_seeded):
    stored = set(Source.objects.exclude(file="").values_list("file", flat=True))
    assert {f"seed/{path.name}" for path in (FIXTURES / "sources").glob("*.txt")} == stored


@pytest.mark.parametrize("model", list(NAMED), ids=lambda m: m.__name__)
def test_every_name_appears_in_a_source_it_cites(db_seeded, model):
    missing = [
        str(record)
        for record in model.objects.prefetch_related("sources")
        if not named_in(getattr(record, NAMED[model]), list(record.sources.all()))
    ]
    assert missing == []


@pytest.mark.parametrize("model", CITING, ids=lambda m: m.__name__)
def test_every_year_appears_in_a_source_it_cites(db_seeded, model):
    unsupported = []
    for record in model.objects.prefetch_related("sources"):
        cited = " ".join(document(source.pk) for source in record.sources.all())
        values = texts(record) + [
            str(getattr(record, name) or "")
            for name in ("start", "end", "founded")
            if hasattr(record, name)
        ]
        for year in set(re.findall(r"\b(1[89]\d\d|20\d\d)\b", " ".join(values))):
            if year not in cited:
                unsupported.append(f"{record}: {year}")
    assert unsupported == []


def names_of(record) -> list[str]:
    """What a document may call a record: its name or title, and its acronyms."""
    if isinstance(record, Topic):
        return [record.name]
    names = [getattr(record, NAMED[type(record)])]
    names += getattr(record, "acronyms", []) or []
    if getattr(record, "acronym", ""):
        names.append(record.acronym)
    return names


ENDS = [
    (Membership, "person", "organisation"),
    (Partnership, "programme", "organisation"),
    (EventRole, "event", "organisation"),
    (Speaker, "event", "person"),
    (Relation, "subject", "object"),
]


@pytest.mark.parametrize(("model", "one", "other"), ENDS, ids=lambda v: getattr(v, "__name__", v))
def test_every_link_cites_a_source_that_names_both_ends(db_seeded, model, one, other):
    unsupported = []
    links = model.objects.prefetch_related("sources", f"{one}__sources", f"{other}__sources")
    for link in links:
        sources = list(link.sources.all())
        for end in (getattr(link, one), getattr(link, other)):
            # Named there, or (for a name in the directory's conventions, such as
            # "Government of the United Kingdom" for the document's "UK") the end
            # itself cites the document.
            if not any(named_in(name, sources) for name in names_of(end)) and not (
                set(sources) & set(end.sources.all())
            ):
                unsupported.append(f"{link}: {end}")
    assert unsupported == []


def test_no_reference_dangles(db_seeded):
    # Every parent and every linked record is itself in the seed, published.
    for organisation in Organisation.objects.exclude(parent=None).select_related("parent"):
        assert organisation.parent.is_published
    for programme in Programme.objects.exclude(parent=None).select_related("parent"):
        assert programme.parent.is_published
    for event in Event.objects.exclude(programme=None).select_related("programme"):
        assert event.programme.is_published
    # Every organisation is there for a reason: a role, a topic, a unit, a relation.
    idle = Organisation.objects.filter(
        partnerships=None, event_roles=None, organisation_topics=None, children=None,
        memberships=None, speakers=None, relations=None, inverse_relations=None,
    )  # fmt: skip
    assert [str(o) for o in idle if o.parent is None] == []


def test_no_summary_is_repeated_at_the_start_of_its_description(db_seeded):
    repeated = []
    for model in (Organisation, Programme, Event):
        for record in model.objects.exclude(summary="").exclude(description=""):
            first = re.split(r"(?<=[.!?])\s", record.summary.strip())[0]
            if normalise(record.description).startswith(normalise(first)):
                repeated.append(str(record))
    assert repeated == []


def test_no_programme_title_carries_its_acronym_in_brackets(db_seeded):
    bracketed = [
        p.title for p in Programme.objects.exclude(acronym="") if f"({p.acronym})" in p.title
    ]
    assert bracketed == []


def test_organisations_are_named_in_full(db_seeded):
    # A name is not one of its own acronyms, nor a job title.
    short = [o.name for o in Organisation.objects.all() if o.name in o.acronyms]
    titles = [
        o.name
        for o in Organisation.objects.all()
        if re.search(r"\b(Officer|Advis[eo]r|Director|Secretary-General|President)$", o.name)
    ]
    assert short + titles == []


def test_no_attendance_is_guessed(db_seeded):
    # Attendance is recorded only where a document says it; what remains says
    # online or virtual in the event's own words.
    for event in Event.objects.exclude(attendance=""):
        assert event.attendance == "online", event
        words_of_event = f"{event.title} {event.summary} {event.description}".lower()
        assert re.search(r"online|virtual|webinar|streaming", words_of_event), event


@pytest.mark.parametrize("artefact", ARTEFACTS)
def test_no_record_carries_a_scraping_artefact(db_seeded, artefact):
    carriers = [
        f"{record._meta.label} {record}"
        for model in [Source, *CITING]
        for record in model.objects.all()
        if any(artefact in text for text in texts(record))
    ]
    assert carriers == []


def test_every_artefact_is_really_in_the_documents():
    documents = "".join(
        path.read_text(encoding="utf-8") for path in (FIXTURES / "sources").glob("*.txt")
    )
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
    assert local["internet-of-things"] == "Smart cities"


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
    before = {model: model.objects.count() for model in CITING}
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    last = sorted(tmp_path.glob("*.yaml"))[-1]
    last.write_text(
        last.read_text(encoding="utf-8")
        + "- model: initiatives.eventrole\n  fields: {event: [wrc-19], organisation: [nobody], "
        "role: host, sources: [[profile-itu]]}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        CommandError, match=r"50_events.yaml, line \d+ .*organisation: no organisation \['nobody'\]"
    ):
        call_command("seed", *sorted(tmp_path.glob("*.yaml")), stdout=io.StringIO())
    assert {model: model.objects.count() for model in CITING} == before
