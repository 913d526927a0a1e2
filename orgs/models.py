from __future__ import annotations

from django.db import models
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cyberpeace.lists import ListField, validate_acronym, validate_source
from cyberpeace.partialdate import PartialDateField, ends_after_start, validate_span
from cyberpeace.publishing import (
    PublicManager,
    PublicModel,
    PublicQuerySet,
    publish_permission,
    validate_no_loop,
)

SOURCES_HELP = (
    "Where the facts of this record come from: a seed document's file name or a public "
    "web address, one a line. A record without a source is one nobody can check."
)
MARKDOWN_HELP = "Markdown: *italic*, **bold**, [a link](https://example.org), lists with -."


def sources_field() -> ListField:
    return ListField(item_validator=validate_source, help_text=SOURCES_HELP)


class StakeholderGroup(models.TextChoices):
    NGO = "ngo", "NGOs and associations"
    INTERGOVERNMENTAL = "intergovernmental", "International and regional organisations"
    GOVERNMENT = "government", "Governments"
    ACADEMIA = "academia", "Academia and research"
    PRIVATE_SECTOR = "private_sector", "Private sector"
    TECHNICAL_COMMUNITY = "technical_community", "Technical community"
    PARTNERSHIP = "partnership", "Partnerships and initiatives"


class Topic(PublicModel):
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(
        blank=True, help_text="Two or three plain sentences on what the topic covers."
    )
    sources = sources_field()

    class Meta:
        ordering = ["name"]
        permissions = [publish_permission("topic", "topics")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:topic-detail", args=[self.slug])


class OrganisationQuerySet(PublicQuerySet):
    def for_list(self):
        return self.select_related("parent").prefetch_related("topics")

    def for_admin(self):
        return self.select_related("parent")

    def for_detail(self):
        return self.select_related("parent").prefetch_related(
            models.Prefetch(
                "organisation_topics",
                queryset=OrganisationTopic.objects.select_related("topic").filter(
                    topic__status="published"
                ),
            ),
            "social_accounts",
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("person").filter(
                    person__status="published"
                ),
            ),
            models.Prefetch("children", queryset=Organisation.objects.published()),
        )


class Organisation(PublicModel):
    name = models.CharField(
        max_length=200, help_text="The full name, as the organisation writes it."
    )
    acronyms = ListField(
        separator=",",
        item_validator=validate_acronym,
        help_text="Short names, separated by commas: ITU, UIT.",
    )
    stakeholder_group = models.CharField(
        max_length=30, choices=StakeholderGroup.choices, db_index=True
    )
    founded = PartialDateField(null=True, blank=True)
    address = models.TextField(
        blank=True, help_text="The postal address, as the organisation gives it."
    )
    city = models.CharField(max_length=100, blank=True)
    country = CountryField(blank=True, help_text="Where the organisation has its seat.")
    website = models.URLField(max_length=300, blank=True)
    email = models.EmailField(blank=True)
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
        help_text="The organisation this one belongs to, if any (a UN agency's parent body).",
    )
    topics = models.ManyToManyField(
        Topic, through="OrganisationTopic", related_name="organisations"
    )
    sources = sources_field()

    objects = PublicManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        ordering = ["name"]
        permissions = [publish_permission("organisation", "organisations")]
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
        validate_no_loop(self, "already belongs to")

    @property
    def acronym(self) -> str:
        return self.acronyms[0] if self.acronyms else ""


class OrganisationTopicManager(models.Manager):
    def get_by_natural_key(self, organisation: str, topic: str):
        return self.get(organisation__slug=organisation, topic__slug=topic)


class OrganisationTopic(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="organisation_topics"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="organisation_topics")
    text = models.TextField(
        blank=True, help_text="What this organisation does on this topic. " + MARKDOWN_HELP
    )
    local_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The organisation's own name for this topic, where it uses another one.",
    )

    history = HistoricalRecords()
    objects = OrganisationTopicManager()

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

    def natural_key(self) -> tuple[str, str]:
        return (self.organisation.slug, self.topic.slug)


class Platform(models.TextChoices):
    TWITTER = "twitter", "X (Twitter)"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    LINKEDIN = "linkedin", "LinkedIn"
    YOUTUBE = "youtube", "YouTube"
    FLICKR = "flickr", "Flickr"
    VIMEO = "vimeo", "Vimeo"
    MASTODON = "mastodon", "Mastodon"
    BLUESKY = "bluesky", "Bluesky"
    GITHUB = "github", "GitHub"
    OTHER = "other", "Other"


PROFILE_ADDRESSES = {
    Platform.TWITTER: "https://x.com/",
    Platform.INSTAGRAM: "https://www.instagram.com/",
    Platform.FACEBOOK: "https://www.facebook.com/",
}


class SocialAccountManager(models.Manager):
    def get_by_natural_key(self, organisation: str, platform: str, handle: str):
        return self.get(organisation__slug=organisation, platform=platform, handle=handle)


class SocialAccount(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="social_accounts"
    )
    platform = models.CharField(max_length=20, choices=Platform.choices)
    handle = models.CharField(
        max_length=100, help_text="As shown on the platform: @CyberpeaceInst."
    )
    url = models.URLField(
        max_length=300,
        blank=True,
        help_text="The full address of the account, where the source gives it or it is certain.",
    )

    history = HistoricalRecords()
    objects = SocialAccountManager()

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

    def natural_key(self) -> tuple[str, str, str]:
        return (self.organisation.slug, self.platform, self.handle)

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


class Person(PublicModel):
    name = models.CharField(max_length=200, help_text="As the person writes it, without titles.")
    honorific = models.CharField(
        max_length=100, blank=True, help_text="Shown before the name: H.E. Ambassador, Dr, Prof."
    )
    sources = sources_field()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        permissions = [publish_permission("person", "people")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:person-detail", args=[self.slug])


class MembershipManager(models.Manager):
    def get_by_natural_key(self, person: str, organisation: str, role: str):
        return self.get(person__slug=person, organisation__slug=organisation, role=role)


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=200, help_text="President, Executive Director, Board member…"
    )
    start = PartialDateField(null=True, blank=True)
    end = PartialDateField(
        null=True, blank=True, help_text="Empty while the person holds the role."
    )

    history = HistoricalRecords()
    objects = MembershipManager()

    class Meta:
        ordering = ["start", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                name="membership_once",
                violation_error_message="This person already has this role in this organisation.",
            ),
            models.CheckConstraint(
                condition=ends_after_start(),
                name="membership_ends_after_start",
                violation_error_message="The end cannot be before the start.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.role}, {self.organisation}"

    def clean(self) -> None:
        validate_span(self.start, self.end)

    def natural_key(self) -> tuple[str, str, str]:
        return (self.person.slug, self.organisation.slug, self.role)
