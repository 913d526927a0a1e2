from __future__ import annotations

from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cyberpeace.partialdate import PartialDateField, ends_after_start, validate_span
from cyberpeace.publishing import (
    PublicManager,
    PublicModel,
    PublicQuerySet,
    publish_permission,
    validate_no_loop,
)
from orgs.models import MARKDOWN_HELP, Organisation, Person, Topic, sources_field


class ProgrammeKind(models.TextChoices):
    PROGRAMME = "programme", "Programme"
    PROJECT = "project", "Project"
    INITIATIVE = "initiative", "Initiative"
    PLATFORM = "platform", "Platform"
    PROCESS = "process", "Process"
    NETWORK = "network", "Network"


class ProgrammeState(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"


class ProgrammeQuerySet(PublicQuerySet):
    def for_list(self):
        return self.select_related("parent").prefetch_related("topics")

    def for_admin(self):
        return self.select_related("parent")

    def for_detail(self):
        return self.select_related("parent").prefetch_related(
            models.Prefetch("topics", queryset=Topic.objects.published()),
            models.Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organisation").filter(
                    organisation__status="published"
                ),
            ),
            models.Prefetch("events", queryset=Event.objects.published().order_by("start")),
            models.Prefetch("children", queryset=Programme.objects.published()),
        )


class Programme(PublicModel):
    title = models.CharField(max_length=250)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=ProgrammeKind.choices, db_index=True)
    state = models.CharField(
        max_length=20,
        choices=ProgrammeState.choices,
        blank=True,
        db_index=True,
        help_text="Planned, running or finished. Leave empty when the sources do not say.",
    )
    start = PartialDateField(null=True, blank=True)
    end = PartialDateField(null=True, blank=True)
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
    topics = models.ManyToManyField(Topic, blank=True, related_name="programmes")
    website = models.URLField(max_length=300, blank=True)
    sources = sources_field()

    objects = PublicManager.from_queryset(ProgrammeQuerySet)()
    # Read by the history inherited from PublicModel: changes of topics are kept too.
    _history_m2m_fields = ["topics"]

    class Meta:
        ordering = ["title"]
        permissions = [publish_permission("programme", "programmes")]
        constraints = [
            models.CheckConstraint(
                condition=ends_after_start(),
                name="programme_ends_after_start",
                violation_error_message="The end cannot be before the start.",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="programme_not_own_parent",
                violation_error_message="A programme cannot be part of itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.acronym})" if self.acronym else self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:programme-detail", args=[self.slug])

    def clean(self) -> None:
        validate_span(self.start, self.end)
        validate_no_loop(self, "is already part of")


class PartnershipRole(models.TextChoices):
    LEAD = "lead", "Lead"
    CO_LEAD = "co_lead", "Co-lead"
    PARTNER = "partner", "Partner"
    FUNDER = "funder", "Funder"
    HOST = "host", "Host"
    MEMBER = "member", "Member"


class PartnershipManager(models.Manager):
    def get_by_natural_key(self, programme: str, organisation: str, role: str):
        return self.get(programme__slug=programme, organisation__slug=organisation, role=role)


class Partnership(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnerships"
    )
    role = models.CharField(max_length=20, choices=PartnershipRole.choices)
    start = PartialDateField(null=True, blank=True)
    end = PartialDateField(null=True, blank=True)
    note = models.CharField(
        max_length=500, blank=True, help_text="What the organisation does in it, in a few words."
    )

    history = HistoricalRecords()
    objects = PartnershipManager()

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"],
                name="partnership_once",
                violation_error_message="This organisation already has this role in this programme.",
            ),
            models.CheckConstraint(
                condition=ends_after_start(),
                name="partnership_ends_after_start",
                violation_error_message="The end cannot be before the start.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_role_display()} of {self.programme}"

    def natural_key(self) -> tuple[str, str, str]:
        return (self.programme.slug, self.organisation.slug, self.role)

    def clean(self) -> None:
        validate_span(self.start, self.end)


class EventKind(models.TextChoices):
    CONFERENCE = "conference", "Conference"
    WORKSHOP = "workshop", "Workshop"
    LAUNCH = "launch", "Launch"
    MEETING = "meeting", "Meeting"
    FORUM = "forum", "Forum"
    DIALOGUE = "dialogue", "Dialogue"
    WEBINAR = "webinar", "Webinar"
    TRAINING = "training", "Training"
    SESSION = "session", "Session"


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"


class EventQuerySet(PublicQuerySet):
    def for_list(self):
        return self.select_related("programme").prefetch_related("topics")

    def for_admin(self):
        return self.select_related("programme")

    def for_detail(self):
        return self.select_related("programme").prefetch_related(
            models.Prefetch("topics", queryset=Topic.objects.published()),
            models.Prefetch(
                "roles",
                queryset=EventRole.objects.select_related("organisation").filter(
                    organisation__status="published"
                ),
            ),
            models.Prefetch(
                "speakers",
                queryset=Speaker.objects.select_related("person", "affiliation").filter(
                    person__status="published"
                ),
            ),
            "links",
        )


class Event(PublicModel):
    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=20, choices=EventKind.choices, db_index=True)
    start = PartialDateField(
        help_text="The first day, or the month or year when that is all we know."
    )
    end = PartialDateField(null=True, blank=True, help_text="Only for events of more than one day.")
    venue = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True)
    attendance = models.CharField(
        max_length=20, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text="The programme the event belongs to, if any.",
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    summary = models.TextField(
        max_length=1000, blank=True, help_text="One plain paragraph (no Markdown)."
    )
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    sources = sources_field()

    objects = PublicManager.from_queryset(EventQuerySet)()
    _history_m2m_fields = ["topics"]

    class Meta:
        ordering = ["-start", "title"]
        permissions = [publish_permission("event", "events")]
        constraints = [
            models.CheckConstraint(
                condition=ends_after_start(),
                name="event_ends_after_start",
                violation_error_message="The end cannot be before the start.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start})" if self.start else self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:event-detail", args=[self.slug])

    def clean(self) -> None:
        validate_span(self.start, self.end)


class EventLinkManager(models.Manager):
    def get_by_natural_key(self, event: str, url: str):
        return self.get(event__slug=event, url=url)


class EventLink(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(
        max_length=200, help_text="What the link leads to: Webcast, Photos, Report."
    )
    url = models.URLField(max_length=500)

    history = HistoricalRecords()
    objects = EventLinkManager()

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

    def natural_key(self) -> tuple[str, str]:
        return (self.event.slug, self.url)


class EventRoleKind(models.TextChoices):
    HOST = "host", "Host"
    CO_HOST = "co_host", "Co-host"
    ORGANISER = "organiser", "Organiser"
    PARTNER = "partner", "Partner"
    PARTICIPANT = "participant", "Participant"
    SPONSOR = "sponsor", "Sponsor"


class EventRoleManager(models.Manager):
    def get_by_natural_key(self, event: str, organisation: str, role: str):
        return self.get(event__slug=event, organisation__slug=organisation, role=role)


class EventRole(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="event_roles"
    )
    role = models.CharField(max_length=20, choices=EventRoleKind.choices)

    history = HistoricalRecords()
    objects = EventRoleManager()

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

    def natural_key(self) -> tuple[str, str, str]:
        return (self.event.slug, self.organisation.slug, self.role)


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", "Speaker"
    MODERATOR = "moderator", "Moderator"
    KEYNOTE = "keynote", "Keynote speaker"
    PANELLIST = "panellist", "Panellist"


class SpeakerManager(models.Manager):
    def get_by_natural_key(self, event: str, person: str, role: str):
        return self.get(event__slug=event, person__slug=person, role=role)


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appearances")
    role = models.CharField(max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
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

    history = HistoricalRecords()
    objects = SpeakerManager()

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

    def natural_key(self) -> tuple[str, str, str]:
        return (self.event.slug, self.person.slug, self.role)
