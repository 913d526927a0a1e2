from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from cyberpeace.lists import ListField, validate_acronym
from cyberpeace.models import Cited, Identifier, visible_sources
from cyberpeace.partialdate import PartialDateField, end_not_before_start, validate_span
from cyberpeace.publishing import (
    LinkModel,
    PublicManager,
    PublicModel,
    PublicQuerySet,
    validate_no_loop,
    visible,
)
from cyberpeace.text import MARKDOWN_HELP


class StakeholderGroup(models.TextChoices):
    NGO = "ngo", _("NGOs and associations")
    INTERGOVERNMENTAL = "intergovernmental", _("International and regional organisations")
    GOVERNMENT = "government", _("Governments")
    ACADEMIA = "academia", _("Academia and research")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    TECHNICAL_COMMUNITY = "technical_community", _("Technical community")
    PARTNERSHIP = "partnership", _("Partnerships and initiatives")


class TopicQuerySet(PublicQuerySet):
    def for_detail(self, user):
        return self.prefetch_related(visible_sources(user))

    def with_counts(self, user):
        """``organisation_count``, ``programme_count``, ``event_count``: what ``user`` may
        see on each topic. Counted through the reverse relations by name, so that this
        app needs not know the models that tag topics."""
        return self.annotate(
            organisation_count=self._count("organisation_topics", user),
            programme_count=self._count("programmes", user),
            event_count=self._count("events", user),
        )

    def _count(self, relation_name: str, user):
        relation = self.model._meta.get_field(relation_name)
        topic = relation.field.name
        rows = (
            relation.related_model._default_manager.visible_to(user)
            .filter(**{topic: models.OuterRef("pk")})
            .order_by()
            .values(topic)
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return Coalesce(models.Subquery(rows), 0)

    def for_page(self, user):
        """A topic's page: the organisations on it, with their own text (programmes and
        events come from `initiatives`, through `cyberpeace.pages.detail_sections`)."""
        return self.prefetch_related(
            models.Prefetch(
                "organisation_topics",
                queryset=OrganisationTopic.objects.visible_to(user)
                .select_related("organisation")
                .order_by("organisation__name"),
            ),
            visible_sources(user),
        )


class Topic(Cited, PublicModel):
    name = models.CharField(
        max_length=120,
        unique=True,
        help_text="A few words, capital only at the start: “Child safety online”.",
    )
    description = models.TextField(
        blank=True, help_text="Two or three plain sentences on what the topic covers."
    )

    objects = PublicManager.from_queryset(TopicQuerySet)()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:topic-detail", args=[self.slug])


class OrganisationQuerySet(PublicQuerySet):
    def for_admin(self):
        return self.select_related("parent")

    def for_detail(self, user):
        """What an organisation's API record embeds, each related record and source
        only if ``user`` may see it."""
        cited = visible_sources(user)
        return self.prefetch_related(
            models.Prefetch("parent", queryset=visible(user, Organisation)),
            models.Prefetch(
                "organisation_topics",
                queryset=OrganisationTopic.objects.visible_to(user)
                .select_related("topic")
                .prefetch_related(cited),
            ),
            models.Prefetch(
                "social_accounts", queryset=SocialAccount.objects.prefetch_related(cited)
            ),
            "identifiers",
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.visible_to(user)
                .select_related("person")
                .prefetch_related(cited),
            ),
            models.Prefetch(
                "relations",
                queryset=Relation.objects.visible_to(user)
                .select_related("object")
                .prefetch_related(cited),
            ),
            models.Prefetch(
                "inverse_relations",
                queryset=Relation.objects.visible_to(user)
                .select_related("subject")
                .prefetch_related(cited),
            ),
            cited,
        )

    def for_page(self, user):
        """An organisation's page: what ``for_detail`` holds and its units, but not the
        sources of its links, which the page does not list. Its programmes and events come from
        `initiatives`, through `cyberpeace.pages.detail_sections`."""
        return self.prefetch_related(
            models.Prefetch("parent", queryset=visible(user, Organisation)),
            models.Prefetch("children", queryset=visible(user, Organisation)),
            models.Prefetch(
                "organisation_topics",
                queryset=OrganisationTopic.objects.visible_to(user).select_related("topic"),
            ),
            "social_accounts",
            "identifiers",
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.visible_to(user).select_related("person"),
            ),
            models.Prefetch(
                "relations", queryset=Relation.objects.visible_to(user).select_related("object")
            ),
            models.Prefetch(
                "inverse_relations",
                queryset=Relation.objects.visible_to(user).select_related("subject"),
            ),
            visible_sources(user),
        )


class Organisation(Cited, PublicModel):
    name = models.CharField(
        max_length=200,
        help_text="The full name, as the organisation writes it (“International "
        "Telecommunication Union”): short names go in Acronyms.",
    )
    acronyms = ListField(
        separator=",",
        item_validator=validate_acronym,
        help_text="Short names, separated by commas: ITU, UIT.",
    )
    stakeholder_group = models.CharField(
        max_length=30,
        choices=StakeholderGroup.choices,
        help_text="The kind of organisation it is: an NGO, a government, a UN body "
        "(international and regional organisations), a company (private sector)…",
    )
    founded = PartialDateField(
        null=True,
        blank=True,
        help_text="When it was founded: a year (1865), a month (2019-09) or a day "
        "(2019-09-26), only as precise as the source.",
    )
    address = models.TextField(
        blank=True, help_text="The postal address, as the organisation gives it."
    )
    city = models.CharField(
        max_length=100,
        blank=True,
        help_text="The city of its seat, in English: Geneva, not Genève.",
    )
    country = CountryField(
        blank=True,
        help_text="The country of its seat: type its name to find it in the list.",
    )
    website = models.URLField(
        max_length=300,
        blank=True,
        help_text="Its own home page, the full address: https://www.itu.int/.",
    )
    email = models.EmailField(
        blank=True,
        help_text="A public address for the whole organisation (info@example.org), "
        "never a person's own.",
    )
    summary = models.TextField(
        max_length=1000,
        blank=True,
        help_text="One plain paragraph (no Markdown) shown in lists and search results.",
    )
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The organisation this one is a unit of, if any (a UN agency's parent "
        "body). Membership, partnership and support are relations, below.",
    )
    topics = models.ManyToManyField(
        Topic, through="OrganisationTopic", related_name="organisations"
    )
    identifiers = GenericRelation(Identifier)

    objects = PublicManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        ordering = ["name"]
        # What the list filters and sorts by (tests/cyberpeace/test_indexes.py); the
        # city filter compares without case, as UPPER() does.
        indexes = [
            models.Index(fields=["name"], name="organisation_name"),
            models.Index(fields=["stakeholder_group", "name"], name="organisation_group_name"),
            models.Index(fields=["country", "name"], name="organisation_country_name"),
            models.Index(Upper("city"), name="organisation_city"),
            models.Index(fields=["founded"], name="organisation_founded"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="organisation_not_own_parent",
                violation_error_message="An organisation cannot be its own parent.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:detail", args=[self.slug])

    def clean(self) -> None:
        validate_no_loop(self, "parent", "already belongs to")

    @property
    def acronym(self) -> str:
        return self.acronyms[0] if self.acronyms else ""


class OrganisationTopic(Cited, LinkModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="organisation_topics",
        help_text="The organisation that works on the topic: type a few letters of its name.",
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="organisation_topics",
        help_text="The topic, from the list of topics: type a few letters of its name.",
    )
    text = models.TextField(
        blank=True, help_text="What this organisation does on this topic. " + MARKDOWN_HELP
    )
    local_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The organisation's own name for this topic, where it uses another one.",
    )

    link_ends = ("organisation", "topic")
    natural_key_fields = ("organisation__slug", "topic__slug")

    class Meta:
        ordering = ["topic__name"]
        verbose_name = "organisation topic"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "topic"],
                name="organisation_topic_once",
                violation_error_message="This organisation already has this topic.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.topic}"


class Platform(models.TextChoices):
    TWITTER = "twitter", _("X (Twitter)")
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    LINKEDIN = "linkedin", "LinkedIn"
    YOUTUBE = "youtube", "YouTube"
    FLICKR = "flickr", "Flickr"
    VIMEO = "vimeo", "Vimeo"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    GITHUB = "github", "GitHub"
    OTHER = "other", _("Other")


PROFILE_ADDRESSES = {
    Platform.TWITTER: "https://x.com/",
    Platform.INSTAGRAM: "https://www.instagram.com/",
    Platform.FACEBOOK: "https://www.facebook.com/",
}


class SocialAccount(Cited, LinkModel):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="social_accounts",
        help_text="Whose account it is: type a few letters of the organisation's name.",
    )
    platform = models.CharField(
        max_length=20,
        choices=Platform.choices,
        help_text="Where the account is; “Other” for a platform not in the list.",
    )
    handle = models.CharField(
        max_length=100,
        help_text="The account's name as the platform shows it, with its @ where it has "
        "one: @CyberpeaceInst.",
    )
    url = models.URLField(
        max_length=300,
        blank=True,
        help_text="The full address of the account, where the source gives it or it is certain.",
    )

    link_ends = ("organisation",)
    natural_key_fields = ("organisation__slug", "platform", "handle")

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "platform", "handle"],
                name="social_account_once",
                violation_error_message="This organisation already has this account.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.handle}"

    @property
    def link(self) -> str:
        """The account's address: as recorded, or made from a handle on a platform
        whose addresses are simply the handle (x.com/CyberpeaceInst)."""
        if self.url:
            return self.url
        handle = self.handle.removeprefix("@")
        base = PROFILE_ADDRESSES.get(self.platform)
        if base and handle and " " not in handle:
            return base + handle
        return ""


class PersonQuerySet(PublicQuerySet):
    def for_list(self, user):
        """Each person with ``current_memberships``: the roles with no end, where the
        reader may see the organisation."""
        return self.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.visible_to(user)
                .filter(end__isnull=True)
                .select_related("organisation")
                .order_by("organisation__name", "role"),
                to_attr="current_memberships",
            )
        )

    def for_detail(self, user):
        return self.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.visible_to(user)
                .select_related("organisation")
                .prefetch_related(visible_sources(user)),
            ),
            visible_sources(user),
        )

    def for_page(self, user):
        """A person's page: their roles (appearances come from `initiatives`)."""
        return self.prefetch_related(
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.visible_to(user).select_related("organisation"),
            ),
            visible_sources(user),
        )


class Person(Cited, PublicModel):
    name = models.CharField(
        max_length=200,
        help_text="As the person writes it, first name first, without titles: those go in "
        "Honorific.",
    )
    honorific = models.CharField(
        max_length=100, blank=True, help_text="Shown before the name: H.E. Ambassador, Dr, Prof."
    )

    objects = PublicManager.from_queryset(PersonQuerySet)()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="person_name")]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:person-detail", args=[self.slug])


class Membership(Cited, LinkModel):
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="Who holds the role: type a few letters of the person's name.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="Where they hold it: type a few letters of the organisation's name.",
    )
    role = models.CharField(
        max_length=200,
        help_text="The role as the organisation names it, capital at the start: President, "
        "Executive Director, Board member.",
    )
    start = PartialDateField(
        null=True,
        blank=True,
        help_text="When the person took the role: a year (2019), a month (2019-09) or a day "
        "(2019-09-26). Empty when the sources do not say.",
    )
    end = PartialDateField(
        null=True, blank=True, help_text="Empty while the person holds the role."
    )

    link_ends = ("person", "organisation")
    natural_key_fields = ("person__slug", "organisation__slug", "role")

    class Meta:
        ordering = ["start", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                name="membership_once",
                violation_error_message="This person already has this role in this organisation.",
            ),
            end_not_before_start("membership_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.role}, {self.organisation}"

    def clean(self) -> None:
        validate_span(self.start, self.end)


class RelationKind(models.TextChoices):
    MEMBER_OF = "member_of", _("Member of")
    PARTNER_OF = "partner_of", _("Partner of")
    SUPPORTED_BY = "supported_by", _("Supported by")
    OBSERVER_OF = "observer_of", _("Observer of")
    FOUNDED_BY = "founded_by", _("Founded by")


# How a relation reads from its object's side: "ITU is member of the ETC" is,
# on the ETC's page, "has member ITU".
INVERSE_LABELS = {
    RelationKind.MEMBER_OF: _("Has member"),
    RelationKind.PARTNER_OF: _("Partner of"),
    RelationKind.SUPPORTED_BY: _("Supports"),
    RelationKind.OBSERVER_OF: _("Has observer"),
    RelationKind.FOUNDED_BY: pgettext_lazy("an organisation founded another", "Founded"),
}


class Relation(Cited, LinkModel):
    """How one organisation stands to another: member of, partner of, supported by…"""

    subject = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="relations",
        help_text="The organisation that is a member of, a partner of, supported by… the "
        "other one: type a few letters of its name.",
    )
    kind = models.CharField(
        max_length=20,
        choices=RelationKind.choices,
        help_text="How the first organisation stands to the second, read as a sentence: "
        "“ITU” is “member of” “the ETC”.",
    )
    object = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="inverse_relations",
        help_text="The organisation the first one is a member of, a partner of, supported by…",
    )
    start = PartialDateField(
        null=True,
        blank=True,
        help_text="When the relation began: a year (2019), a month (2019-09) or a day "
        "(2019-09-26). Empty when the sources do not say.",
    )
    end = PartialDateField(
        null=True,
        blank=True,
        help_text="When it ended, as precisely as the sources say. Empty while it holds.",
    )
    note = models.CharField(
        max_length=500,
        blank=True,
        help_text="What the relation consists of, in a sentence at most: “Joined the "
        "Charter in 2019.”",
    )

    link_ends = ("subject", "object")
    natural_key_fields = ("subject__slug", "kind", "object__slug", "start")

    class Meta:
        ordering = ["kind", "object__name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(subject=models.F("object")),
                name="relation_not_to_itself",
                violation_error_message="An organisation cannot relate to itself.",
            ),
            # An unknown start counts as a value, so that the same relation with
            # no start is refused twice on SQLite and PostgreSQL alike.
            models.UniqueConstraint(
                "subject",
                "kind",
                "object",
                Coalesce("start", models.Value(""), output_field=models.CharField()),
                name="relation_once",
                violation_error_message="These organisations already have this relation "
                "from this start.",
            ),
            end_not_before_start("relation_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.get_kind_display().lower()} {self.object}"

    @property
    def inverse_label(self) -> str:
        return INVERSE_LABELS[self.kind]

    def clean(self) -> None:
        validate_span(self.start, self.end)
        if self.subject_id is None or self.object_id is None:
            return
        if self.subject_id == self.object_id:
            raise ValidationError(
                {"object": "An organisation cannot relate to itself: choose another one."},
                code="to_itself",
            )
        same = Relation.objects.filter(
            subject_id=self.subject_id, kind=self.kind, object_id=self.object_id, start=self.start
        ).exclude(pk=self.pk)
        if same.exists():
            since = f"since {self.start}" if self.start else "with no start date"
            raise ValidationError(
                {
                    "object": f"{self.subject} is already recorded as "
                    f"{self.get_kind_display().lower()} {self.object} {since}."
                },
                code="unique",
            )
