from __future__ import annotations

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from cyberpeace.indexes import NullsLastIndex
from cyberpeace.models import Cited, Identifier, visible_sources
from cyberpeace.partialdate import (
    PartialDateField,
    end_not_before_start,
    last_day_of,
    last_day_text,
    validate_span,
)
from cyberpeace.publishing import (
    LinkModel,
    PublicManager,
    PublicModel,
    PublicQuerySet,
    validate_no_loop,
    visible,
)
from cyberpeace.text import MARKDOWN_HELP
from orgs.models import Organisation, Person, Topic


class ProgrammeKind(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    PROJECT = "project", _("Project")
    INITIATIVE = "initiative", _("Initiative")
    PLATFORM = "platform", _("Platform")
    PROCESS = "process", _("Process")
    NETWORK = "network", _("Network")


class ProgrammeState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")


class ProgrammeScope(models.TextChoices):
    GLOBAL = "global", _("Global")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


def programme_state(start, end, stored: str, today: datetime.date | None = None) -> str:
    """The one rule for a programme's state (`ProgrammeQuerySet.with_current_state` in SQL).

    Its dates settle it where they can: ended (the end's whole span is past)
    means completed, not yet begun (the start's whole span is ahead) means
    planned. Otherwise the state an editor stored, which may be empty.
    """
    today = (today or timezone.localdate()).isoformat()
    if end is not None and last_day_of(end) < today:
        return ProgrammeState.COMPLETED
    if start is not None and str(start) > today:
        return ProgrammeState.PLANNED
    return stored


class ProgrammeQuerySet(PublicQuerySet):
    def with_current_state(self, today: datetime.date | None = None):
        """Aliases `current_state` (to filter on): `programme_state` computed by the database."""
        today = (today or timezone.localdate()).isoformat()
        return self.alias(
            current_state=models.Case(
                models.When(
                    models.Q(end__isnull=False)
                    & models.lookups.LessThan(last_day_text("end"), models.Value(today)),
                    then=models.Value(ProgrammeState.COMPLETED),
                ),
                models.When(
                    models.Q(start__isnull=False)
                    & models.lookups.GreaterThan(
                        models.functions.Cast("start", models.CharField()), models.Value(today)
                    ),
                    then=models.Value(ProgrammeState.PLANNED),
                ),
                default=models.F("state"),
                output_field=models.CharField(),
            )
        )

    def for_admin(self):
        return self.select_related("parent")

    def for_detail(self, user):
        """What a programme's API record embeds, each related record only if ``user`` may
        see it."""
        return self.prefetch_related(
            models.Prefetch("parent", queryset=visible(user, Programme)),
            models.Prefetch("follows", queryset=visible(user, Programme)),
            models.Prefetch("successors", queryset=visible(user, Programme)),
            models.Prefetch("topics", queryset=visible(user, Topic)),
            models.Prefetch(
                "partnerships",
                queryset=Partnership.objects.visible_to(user)
                .select_related("organisation")
                .prefetch_related(visible_sources(user)),
            ),
            "identifiers",
            visible_sources(user),
        )

    def for_page(self, user):
        """A programme's page: what ``for_detail`` holds, its parts and its events, but not
        the sources of its links."""
        return self.prefetch_related(
            models.Prefetch("parent", queryset=visible(user, Programme)),
            models.Prefetch("children", queryset=visible(user, Programme)),
            models.Prefetch("follows", queryset=visible(user, Programme)),
            models.Prefetch("successors", queryset=visible(user, Programme)),
            models.Prefetch("topics", queryset=visible(user, Topic)),
            models.Prefetch(
                "partnerships",
                queryset=Partnership.objects.visible_to(user).select_related("organisation"),
            ),
            models.Prefetch("events", queryset=visible(user, Event).order_by(*EARLIEST_FIRST)),
            "identifiers",
            visible_sources(user),
        )


class Programme(Cited, PublicModel):
    title = models.CharField(
        max_length=250, help_text="Its full title, without its acronym: that goes below."
    )
    acronym = models.CharField(
        max_length=30,
        blank=True,
        help_text="Its short name, where it has one, as its organisers write it: OEWG, UN GGE.",
    )
    kind = models.CharField(
        max_length=20,
        choices=ProgrammeKind.choices,
        help_text="What the sources call it: a programme, project, initiative, platform, "
        "process or network.",
    )
    state = models.CharField(
        max_length=20,
        choices=ProgrammeState.choices,
        blank=True,
        db_index=True,
        help_text="Planned, running or finished. Leave empty when the sources do not say.",
    )
    start = PartialDateField(
        null=True,
        blank=True,
        help_text="When it began: a year (2015), a month (2015-09) or a day (2015-09-26), "
        "only as precise as the source.",
    )
    end = PartialDateField(
        null=True,
        blank=True,
        help_text="When it ended or is planned to end, as precisely as the sources say. "
        "Empty while it runs with no end in sight.",
    )
    scope = models.CharField(
        max_length=20,
        choices=ProgrammeScope.choices,
        blank=True,
        db_index=True,
        help_text="Whether it works worldwide, in a region or in one country. Leave empty "
        "when the sources do not say.",
    )
    countries = CountryField(
        multiple=True,
        blank=True,
        help_text="The countries it works in or for, where the sources name them.",
    )
    summary = models.TextField(
        max_length=1000, blank=True, help_text="One plain paragraph (no Markdown)."
    )
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The larger programme this one is part of, if any.",
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        help_text="The programme this one continues, if it is a next phase of another.",
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="programmes",
        help_text="The topics it works on: type a few letters of a topic's name.",
    )
    website = models.URLField(
        max_length=300,
        blank=True,
        help_text="Its own page, where it has one: the full address, starting with https://.",
    )
    identifiers = GenericRelation(Identifier)

    objects = PublicManager.from_queryset(ProgrammeQuerySet)()
    _history_m2m_fields = ["topics", "sources"]

    class Meta:
        ordering = ["title"]
        # What the list filters and sorts by (tests/cyberpeace/test_indexes.py).
        indexes = [
            models.Index(fields=["title"], name="programme_title"),
            models.Index(fields=["kind", "title"], name="programme_kind_title"),
            models.Index(fields=["start"], name="programme_start"),
            models.Index(fields=["end"], name="programme_end"),
        ]
        constraints = [
            end_not_before_start("programme_ends_after_start"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="programme_not_own_parent",
                violation_error_message="A programme cannot be part of itself.",
            ),
            models.CheckConstraint(
                condition=~models.Q(follows=models.F("pk")),
                name="programme_not_own_predecessor",
                violation_error_message="A programme cannot continue itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.acronym})" if self.acronym else self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:programme-detail", args=[self.slug])

    @property
    def current_state(self) -> str:
        """Its state by the one rule of `programme_state`: from its dates where they settle it."""
        return programme_state(self.start, self.end, self.state)

    def get_current_state_display(self) -> str:
        state = self.current_state
        return ProgrammeState(state).label if state else ""

    def clean(self) -> None:
        validate_span(self.start, self.end)
        validate_no_loop(self, "parent", "is already part of")
        validate_no_loop(self, "follows", "already continues")


class PartnershipRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_LEAD = "co_lead", _("Co-lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")
    HOST = "host", _("Host")
    MEMBER = "member", _("Member")


class Partnership(Cited, LinkModel):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="partnerships",
        help_text="The programme: type a few letters of its title or acronym.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partnerships",
        help_text="The partner: type a few letters of the organisation's name.",
    )
    role = models.CharField(
        max_length=20,
        choices=PartnershipRole.choices,
        help_text="Its part in the programme: lead, co-lead, partner, funder, host or member.",
    )
    start = PartialDateField(
        null=True,
        blank=True,
        help_text="When the organisation joined: a year (2015), a month (2015-09) or a day. "
        "Empty when it was there from the start, or the sources do not say.",
    )
    end = PartialDateField(
        null=True,
        blank=True,
        help_text="When it left, as precisely as the sources say. Empty while it takes part.",
    )
    note = models.CharField(
        max_length=500, blank=True, help_text="What the organisation does in it, in a few words."
    )

    link_ends = ("programme", "organisation")
    natural_key_fields = ("programme__slug", "organisation__slug", "role")

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"],
                name="partnership_once",
                violation_error_message="This organisation already has this role in this programme.",
            ),
            end_not_before_start("partnership_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_role_display()} of {self.programme}"

    def clean(self) -> None:
        validate_span(self.start, self.end)


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")
    LAUNCH = "launch", _("Launch")
    MEETING = "meeting", _("Meeting")
    FORUM = "forum", _("Forum")
    DIALOGUE = "dialogue", _("Dialogue")
    WEBINAR = "webinar", _("Webinar")
    TRAINING = "training", _("Training")
    SESSION = "session", _("Session")


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventQuerySet(PublicQuerySet):
    def for_admin(self):
        return self.select_related("programme")

    def for_detail(self, user):
        """What an event's page shows, each related record only if ``user`` may see it."""
        return self.prefetch_related(
            models.Prefetch("programme", queryset=visible(user, Programme)),
            models.Prefetch("topics", queryset=visible(user, Topic)),
            models.Prefetch(
                "roles",
                queryset=EventRole.objects.visible_to(user)
                .select_related("organisation")
                .prefetch_related(visible_sources(user)),
            ),
            models.Prefetch(
                "speakers",
                queryset=Speaker.objects.visible_to(user)
                .select_related("person")
                .prefetch_related(
                    models.Prefetch("affiliation", queryset=visible(user, Organisation)),
                    visible_sources(user),
                ),
            ),
            "links",
            visible_sources(user),
        )

    def for_page(self, user):
        """An event's page: what ``for_detail`` holds but the sources of its links."""
        return self.prefetch_related(
            models.Prefetch("programme", queryset=visible(user, Programme)),
            models.Prefetch("topics", queryset=visible(user, Topic)),
            models.Prefetch(
                "roles", queryset=EventRole.objects.visible_to(user).select_related("organisation")
            ),
            models.Prefetch(
                "speakers",
                queryset=Speaker.objects.visible_to(user)
                .select_related("person")
                .prefetch_related(
                    models.Prefetch("affiliation", queryset=visible(user, Organisation))
                ),
            ),
            "links",
            visible_sources(user),
        )


# Undated events (named by a source without a date) come after the dated ones,
# on SQLite and PostgreSQL alike, which otherwise put NULL at opposite ends.
LATEST_FIRST = [models.F("start").desc(nulls_last=True), "title"]
EARLIEST_FIRST = [models.F("start").asc(nulls_last=True), "title"]
LATEST_FIRST_INDEXED = [models.F("start").desc(nulls_last=True), models.F("title")]


class Event(Cited, PublicModel):
    title = models.CharField(
        max_length=250,
        help_text="The event's own title, as its organisers write it: “World Summit on the "
        "Information Society – Tunis”.",
    )
    kind = models.CharField(
        max_length=20,
        choices=EventKind.choices,
        help_text="What sort of event it is: conference, workshop, launch, meeting…",
    )
    start = PartialDateField(
        null=True,
        blank=True,
        help_text="The first day, or the month or year when that is all the sources say. "
        "Empty when they name the event without a date: never guess one.",
    )
    end = PartialDateField(
        null=True,
        blank=True,
        help_text="The last day, only for events of more than one day: 2018-01-25.",
    )
    venue = models.CharField(
        max_length=200,
        blank=True,
        help_text="The place where the sources name it: ETH Zurich, Palais des Nations. "
        "Empty for an event held only online.",
    )
    city = models.CharField(
        max_length=100,
        blank=True,
        help_text="The city it took place in, in English: Geneva, not Genève. Empty for an "
        "event held only online.",
    )
    country = CountryField(
        blank=True,
        help_text="The country it took place in: type its name to find it in the list.",
    )
    attendance = models.CharField(
        max_length=20,
        choices=Attendance.choices,
        blank=True,
        help_text="In person, online or both, where a source says so. Empty when unknown.",
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text="The programme or series the event belongs to, if any.",
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="events",
        help_text="The topics it dealt with: type a few letters of a topic's name.",
    )
    summary = models.TextField(
        max_length=1000, blank=True, help_text="One plain paragraph (no Markdown)."
    )
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)

    objects = PublicManager.from_queryset(EventQuerySet)()
    _history_m2m_fields = ["topics", "sources"]

    class Meta:
        ordering = LATEST_FIRST
        # What the list filters and sorts by (tests/cyberpeace/test_indexes.py). The
        # list's own order, latest first with undated events last, is read from an
        # index in that very order; a filter the list always shows in that order
        # leads one of its own.
        indexes = [
            NullsLastIndex(*LATEST_FIRST_INDEXED, name="event_latest_first"),
            models.Index(fields=["start", "title"], name="event_earliest_first"),
            models.Index(fields=["title"], name="event_title"),
            NullsLastIndex(models.F("country"), *LATEST_FIRST_INDEXED, name="event_country_latest"),
            NullsLastIndex(models.F("kind"), *LATEST_FIRST_INDEXED, name="event_kind_latest"),
        ]
        constraints = [end_not_before_start("event_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.title} ({self.start})" if self.start else self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:event-detail", args=[self.slug])

    @property
    def dated_to_the_day(self) -> bool:
        """Whether a calendar can hold it: only a start known to the day gives one a day."""
        return self.start is not None and self.start.precision == "day"

    def clean(self) -> None:
        if self.end is not None and self.start is None:
            raise ValidationError(
                {"start": "An event with an end needs its start too; or leave both empty."},
                code="end_without_start",
            )
        validate_span(self.start, self.end)


class EventLink(LinkModel):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="links",
        help_text="The event: type a few letters of its title.",
    )
    title = models.CharField(
        max_length=200, help_text="What the link leads to: Webcast, Photos, Report."
    )
    url = models.URLField(
        max_length=500,
        help_text="The full address of the page, starting with https:// or http://.",
    )

    link_ends = ("event",)
    natural_key_fields = ("event__slug", "url")

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "url"],
                name="event_link_once",
                violation_error_message="This event already has this link.",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EventRoleKind(models.TextChoices):
    HOST = "host", _("Host")
    CO_HOST = "co_host", _("Co-host")
    ORGANISER = "organiser", _("Organiser")
    PARTNER = "partner", _("Partner")
    PARTICIPANT = "participant", _("Participant")
    SPONSOR = "sponsor", _("Sponsor")


class EventRole(Cited, LinkModel):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="roles",
        help_text="The event: type a few letters of its title.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="event_roles",
        help_text="The organisation: type a few letters of its name.",
    )
    role = models.CharField(
        max_length=20,
        choices=EventRoleKind.choices,
        help_text="Its part in the event, as the sources say: host, co-host, organiser, "
        "partner, participant or sponsor.",
    )

    link_ends = ("event", "organisation")
    natural_key_fields = ("event__slug", "organisation__slug", "role")

    class Meta:
        ordering = ["role", "organisation__name"]
        verbose_name = "event role"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation", "role"],
                name="event_role_once",
                violation_error_message="This organisation already has this role at this event.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_role_display()} of {self.event}"


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    KEYNOTE = "keynote", _("Keynote speaker")
    PANELLIST = "panellist", _("Panellist")


class Speaker(Cited, LinkModel):
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="speakers",
        help_text="The event: type a few letters of its title.",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="appearances",
        help_text="Who spoke: type a few letters of the person's name.",
    )
    role = models.CharField(
        max_length=20,
        choices=SpeakerRole.choices,
        default=SpeakerRole.SPEAKER,
        help_text="How they took part: speaker, moderator, keynote speaker or panellist.",
    )
    affiliation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
        help_text="The organisation in whose name the person spoke.",
    )
    title = models.CharField(
        max_length=300, blank=True, help_text="What they presented, or their title at the time."
    )

    link_ends = ("event", "person")
    natural_key_fields = ("event__slug", "person__slug", "role")

    class Meta:
        ordering = ["role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="speaker_once",
                violation_error_message="This person already has this role at this event.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.event}"
