"""Each correction of the seed content, pinned against the seeded records, with the sentence that supports it.

The corrections come from the audit of the seed against its documents (seven reports:
the ICT4Peace history, the five actor profiles, and the Tech Against Terrorism pages).
Each case names the Source that supports it and quotes the sentence, and its check fails
if the correction is undone. Corrections resting on an absence ("no sentence says so")
quote what the document does say instead. The few facts that come from an organisation's
own website, which no stored document gives, are in ``ON_RECORD``: they are checked
against the website Source's record instead of a quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
from django.conf import settings

from cyberpeace.models import Source
from initiatives.models import Event, EventRole, Partnership, Programme
from orgs.models import Membership, Organisation, OrganisationTopic, Relation, SocialAccount

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Correction(NamedTuple):
    id: str
    source: str  # the slug of the Source that supports it
    quote: str  # its sentence, word for word (for ON_RECORD: the Source record's publisher)
    check: Callable[[], bool]  # True when the seeded records hold the correction


# The documents, by the slugs of their Sources.
HISTORY = "ict4peace-in-action-since-2004"  # 000
CPI = "profile-cyberpeace-institute"  # 001, lines 1-61 and 619-626
GGI = "profile-geneva-graduate-institute"  # 001, lines 63-111
UNIDIR = "profile-unidir"  # 001, lines 113-215
ITU = "profile-itu"  # 001, lines 216-578
IGF = "profile-igf"  # 001, lines 579-618
OSCE = "osce-cve-conference-intervention"  # 002
LAUNCH = "tech-against-terrorism-next-phase-launch"  # 003
BANGKOK = "second-asia-ict-and-ct-dialogue"  # 004


# Reading the records.


def org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def prog(slug: str) -> Programme:
    return Programme.objects.get(slug=slug)


def event(slug: str) -> Event:
    return Event.objects.get(slug=slug)


def day(value) -> str:
    """A partial date as written in the fixtures ("2019-08"), or "" when empty."""
    return "" if value is None else str(value)


def slug_of(record) -> str | None:
    return record.slug if record is not None else None


def parent(slug: str) -> str | None:
    return slug_of(org(slug).parent)


def part_of(slug: str) -> str | None:
    return slug_of(prog(slug).parent)


def follows(slug: str) -> str | None:
    return slug_of(prog(slug).follows)


def series(slug: str) -> str | None:
    return slug_of(event(slug).programme)


def codes(slug: str) -> list[str]:
    return sorted(country.code for country in prog(slug).countries)


def roles_at(event_slug: str, org_slug: str) -> set[str]:
    links = EventRole.objects.filter(event__slug=event_slug, organisation__slug=org_slug)
    return set(links.values_list("role", flat=True))


def at_event(event_slug: str, role: str | None = None) -> set[str]:
    links = EventRole.objects.filter(event__slug=event_slug)
    if role:
        links = links.filter(role=role)
    return set(links.values_list("organisation__slug", flat=True))


def roles_in(programme: str, org_slug: str) -> set[str]:
    links = Partnership.objects.filter(programme__slug=programme, organisation__slug=org_slug)
    return set(links.values_list("role", flat=True))


def in_programme(programme: str, role: str | None = None) -> set[str]:
    links = Partnership.objects.filter(programme__slug=programme)
    if role:
        links = links.filter(role=role)
    return set(links.values_list("organisation__slug", flat=True))


def partnership(programme: str, org_slug: str) -> Partnership:
    return Partnership.objects.get(programme__slug=programme, organisation__slug=org_slug)


def related(subject: str, kind: str, obj: str) -> bool:
    return Relation.objects.filter(subject__slug=subject, kind=kind, object__slug=obj).exists()


def relation(subject: str, kind: str, obj: str) -> Relation:
    return Relation.objects.get(subject__slug=subject, kind=kind, object__slug=obj)


def cites(record, slug: str) -> bool:
    return record.sources.filter(slug=slug).exists()


def cites_un(record, slug: str) -> bool:
    """Whether a record cites a UN document, recorded as a Source of that kind."""
    return record.sources.filter(slug=slug, kind="un_document").exists()


def topic_text(org_slug: str, topic: str) -> str:
    return OrganisationTopic.objects.get(organisation__slug=org_slug, topic__slug=topic).text


def attendance_unknown(*slugs: str) -> bool:
    events = Event.objects.filter(slug__in=slugs)
    return events.count() == len(slugs) and not events.exclude(attendance="").exists()


def named_from(slug: str, website: str, name: str) -> bool:
    """Whether an organisation bears its full name, citing the website that gives it."""
    record = org(slug)
    return record.name == name and cites(record, website)


# The corrections, document by document.

CORRECTIONS = [
    # 000: the ICT4Peace history (report 000)
    Correction(
        "forum-2009-ict4peace-organised-its-cybersecurity-program-only",
        HISTORY,
        "ICT4Peace experts were invited by ITU to organise the entire Cybersecurity Program "
        "of the ITU World Telecom Forum 2009, with over 800 participants",
        lambda: (
            roles_at("itu-world-telecom-forum-2009", "ict4peace") == set()
            and series("itu-world-telecom-forum-2009") is None
            and roles_at("itu-world-telecom-forum-2009-cybersecurity-program", "ict4peace")
            == {"organiser"}
            and series("itu-world-telecom-forum-2009-cybersecurity-program")
            == "ict4peace-norms-and-cbms"
        ),
    ),
    Correction(
        "gifct-launch-co-hosted-not-the-programme",
        HISTORY,
        "ICT4Peace and UN CTED created the «Tech against Terrorism» Platform and hosted the "
        "launch of the Global Internet Forum to Counter Terrorism (GIFCT) in San Francisco, CA",
        lambda: (
            not Partnership.objects.filter(programme__slug="gifct").exists()
            and at_event("gifct-launch", "co_host") == {"ict4peace", "un-cted"}
            and series("gifct-launch") == "gifct"
            and event("gifct-launch").start is None
            and event("gifct-launch").country.code == "US"
        ),
    ),
    Correction(
        "gifct-launch-attended-by-the-uk-and-us-governments",
        HISTORY,
        "with the Home Secretaries of the US and UK in attendance",
        lambda: (
            at_event("gifct-launch", "participant")
            == {"government-of-the-united-kingdom", "government-of-the-united-states"}
        ),
    ),
    Correction(
        "gifct-summary-says-who-hosted-its-launch",
        HISTORY,
        "hosted the launch of the Global Internet Forum to Counter Terrorism (GIFCT)",
        lambda: "San Francisco" in prog("gifct").summary,
    ),
    Correction(
        "preventing-terrorist-use-of-icts-led-by-ict4peace-with-cted",
        HISTORY,
        "in cooperation with the UN Counter Terrorism Executive Directorate (UN CTED), "
        "ICT4Peace launched the project",
        lambda: (
            roles_in("preventing-the-use-of-icts-for-terrorist-purposes", "ict4peace") == {"lead"}
            and roles_in("preventing-the-use-of-icts-for-terrorist-purposes", "un-cted")
            == {"partner"}
        ),
    ),
    Correction(
        "preventing-terrorist-use-of-icts-summary-says-potentially",
        HISTORY,
        "potentially engage industry representatives in shaping a voluntary trust building "
        "mechanism such as a code of conduct",
        lambda: (
            "potentially engage industry"
            in prog("preventing-the-use-of-icts-for-terrorist-purposes").summary
        ),
    ),
    Correction(
        "christchurch-paris-meeting-has-no-organiser-the-document-never-names",
        HISTORY,
        "ICT4Peace was called, along with others, by the Office of the Prime Minister of New "
        "Zealand, to help, both in New Zealand and before and during the Paris Meeting, to "
        "launch the Christchurch Call",
        lambda: (
            roles_at(
                "christchurch-call-paris-meeting-2019",
                "office-of-the-prime-minister-of-new-zealand",
            )
            == set()
            and not at_event("christchurch-call-paris-meeting-2019", "organiser")
        ),
    ),
    Correction(
        "christchurch-call-ict4peace-helped-before-and-during-the-paris-meeting",
        HISTORY,
        "The policy paper as an input to the Call can be found here",
        lambda: (
            "before and during" in partnership("christchurch-call", "ict4peace").note
            and "policy paper" in partnership("christchurch-call", "ict4peace").note
            and "Office of the Prime Minister of New Zealand" in prog("christchurch-call").summary
        ),
    ),
    Correction(
        "new-zealand-supported-by-ict4peace",
        HISTORY,
        "ICT4Peace is continuing its support the Government of NZ with research on the use "
        "social media in the Christchurch attack in NZ",
        lambda: (
            day(relation("government-of-new-zealand", "supported_by", "ict4peace").start) == "2019"
        ),
    ),
    Correction(
        "zhet-is-an-organisation-and-ict4peace-its-partner",
        HISTORY,
        "in cooperation with its Partner Zurich Hub for Ethics and Technology (ZHET)",
        lambda: (
            not Programme.objects.filter(slug="zhet").exists()
            and org("zhet").name == "Zurich Hub for Ethics and Technology"
            and org("zhet").parent is None
            and related("ict4peace", "partner_of", "zhet")
            and roles_in("ict4peace-ai-and-digital-human-security", "zhet") == {"partner"}
        ),
    ),
    Correction(
        "zhet-members-are-companies-not-universities",
        HISTORY,
        "an association of ETH and University of Zurich Professors, technology companies such "
        "as ABB, Microsoft, and civil society groups",
        lambda: (
            set(
                Relation.objects.filter(object__slug="zhet", kind="member_of").values_list(
                    "subject__slug", flat=True
                )
            )
            == {"abb", "microsoft"}
        ),
    ),
    Correction(
        "tech-against-terrorism-is-no-part-of-an-ict4peace-programme",
        LAUNCH,
        "Tech against Terrorism, a joint project between CTED and ICT4Peace",
        lambda: part_of("tech-against-terrorism") is None,
    ),
    Correction(
        "cimag-and-cims-are-un-bodies-not-parts-of-ict4peace-work",
        HISTORY,
        "ICT4Peace and UN CITO created the UN Crisis Information Advisory Group (CIMAG) with "
        "all relevant UN Agencies, Funds and Programs as members",
        lambda: (
            part_of("cimag") is None
            and part_of("un-crisis-information-management-strategy") is None
        ),
    ),
    Correction(
        "geneva-security-forum-launched-jointly-not-a-part",
        HISTORY,
        "ICT4Peace Experts, together with the Government of Geneva launched the Geneva "
        "Security Forum",
        lambda: (
            part_of("geneva-security-forum") is None
            and in_programme("geneva-security-forum", "co_lead")
            == {"ict4peace", "government-of-geneva"}
        ),
    ),
    Correction(
        "second-stocktaking-follows-the-first",
        HISTORY,
        "In 2017-2018 a second stock-taking was carried out on behalf of UN USG Hochschild",
        lambda: (
            follows("second-stocktaking-of-un-crisis-information-management")
            == "stocktaking-of-un-crisis-information-management"
            and "Hochschild"
            in prog("second-stocktaking-of-un-crisis-information-management").summary
        ),
    ),
    Correction(
        "cims-and-cimag-summaries-say-what-the-sentence-says",
        HISTORY,
        "CITO and ICT4Peace together with CIMAG then developed the UN Crisis Information "
        "Management Strategy of the UN Secretary General",
        lambda: (
            "until 2015" in prog("un-crisis-information-management-strategy").summary
            and "Crisis Information Management Strategy" in prog("cimag").summary
        ),
    ),
    Correction(
        "history-events-attendance-unknown",
        HISTORY,
        "the ICT4Peace hosted an international workshop at ETH Zurich to develop a better "
        "common understanding of practical Confidence Building Measures",
        lambda: attendance_unknown(
            "wsis-2003-geneva",
            "ecosoc-humanitarian-segment-2006",
            "crisis-management-through-ict-launch-2007",
            "itu-world-telecom-forum-2009",
            "itu-world-telecom-forum-2009-cybersecurity-program",
            "critical-infrastructure-dialogue-geneva-2012",
            "cbms-workshop-eth-zurich-2013",
            "cybersecurity-diplomacy-workshop-bogota-2014",
            "oewg-first-session-2019",
            "christchurch-call-paris-meeting-2019",
            "gifct-launch",
        ),
    ),
    Correction(
        "stauffacher-swiss-role-has-no-invented-start",
        HISTORY,
        "coined for the first time in 2003 by Ambassador Daniel Stauffacher during his work as "
        "the Special Representative of the Swiss Government to host the UN World Summit on the "
        "Information Society in Geneva (WSIS 2003)",
        lambda: (
            Membership.objects.get(
                person__slug="daniel-stauffacher", organisation__slug="swiss-government"
            ).start
            is None
        ),
    ),
    Correction(
        "cims-ict4peace-assistance-ends-in-2015",
        HISTORY,
        "ICT4Peace assisted the UN CITO until 2015 in implementing the Strategy.",
        lambda: (
            day(partnership("un-crisis-information-management-strategy", "ict4peace").end) == "2015"
        ),
    ),
    Correction(
        "ccw-gge-ict4peace-since-2017",
        HISTORY,
        "Starting 2017 ICT4Peace participated in the meetings of the UN's Convention of "
        "Certain Conventional Weapons (CCW) Group of Governmental Experts (GGE) in Geneva",
        lambda: day(partnership("ccw-group-of-governmental-experts", "ict4peace").start) == "2017",
    ),
    Correction(
        "oewg-ict4peace-since-august-2019",
        HISTORY,
        "accredited to and participated in the first session of the UN Open Ended Working "
        "Group (OEWG) in August 2019",
        lambda: day(partnership("un-open-ended-working-group", "ict4peace").start) == "2019-08",
    ),
    Correction(
        "ict4peace-board-and-founders-cite-the-history",
        HISTORY,
        "incorporated as a Foundation in March 2006 in Geneva by Daniel Stauffacher, Maria "
        "Cattai and Alain Modoux",
        lambda: (
            Membership.objects.filter(organisation__slug="ict4peace").count() >= 8
            and not Membership.objects.filter(organisation__slug="ict4peace")
            .exclude(sources__slug=HISTORY)
            .exists()
        ),
    ),
    Correction(
        "tech-against-terrorism-companies-cite-the-launch-page-not-the-history",
        LAUNCH,
        "e.g. Facebook, Google, Kaspersky Lab, Microsoft, Telefonica, and Twitter",
        lambda: (
            all(
                cites(link, LAUNCH) and not cites(link, HISTORY)
                for link in Partnership.objects.filter(
                    programme__slug="tech-against-terrorism",
                    organisation__slug__in=[
                        "facebook",
                        "google",
                        "kaspersky-lab",
                        "microsoft",
                        "telefonica",
                        "twitter",
                    ],
                )
            )
            and in_programme("tech-against-terrorism", "partner")
            == {"facebook", "google", "kaspersky-lab", "microsoft", "telefonica", "twitter"}
        ),
    ),
    Correction(
        "cims-cites-a-65-491",
        HISTORY,
        "endorsed by the General Assembly (CIMS (A/65/491)",
        lambda: cites_un(prog("un-crisis-information-management-strategy"), "a-65-491"),
    ),
    Correction(
        "trust-and-attribution-pilot-phase-planned-for-2020",
        HISTORY,
        "In 2020 a pilot phase will be carried out.",
        lambda: (
            prog("trust-and-attribution-in-cyberspace-pilot-phase").state == "planned"
            and day(prog("trust-and-attribution-in-cyberspace-pilot-phase").start) == "2020"
            and part_of("trust-and-attribution-in-cyberspace-pilot-phase")
            == "trust-and-attribution-in-cyberspace"
            and roles_in("trust-and-attribution-in-cyberspace-pilot-phase", "ict4peace") == {"lead"}
        ),
    ),
    Correction(
        "osce-negotiations-on-cyber-cbms-recorded",
        HISTORY,
        "This publication was also prepared for the then starting negotiations at the OESCE on "
        "a set of CBMs for cyberspace, which concluded successfully",
        lambda: (
            roles_in("osce-negotiations-on-cyber-cbms", "osce") == {"lead"}
            and roles_in("osce-negotiations-on-cyber-cbms", "ict4peace") == {"partner"}
            and prog("osce-negotiations-on-cyber-cbms").state == "completed"
        ),
    ),
    Correction(
        "high-level-panel-on-digital-cooperation-received-ict4peace-findings",
        HISTORY,
        "Part of these findings ICT4Peace submitted to the High-Level Panel on Digital Cooperation",
        lambda: roles_in("high-level-panel-on-digital-cooperation", "ict4peace") == {"partner"},
    ),
    Correction(
        "capacity-building-program-works-in-colombia-and-names-its-workshops",
        HISTORY,
        "ICT4Peace organized over a dozen similar workshops in cooperation with ASEAN, OSCE, "
        "AU, OAS, Government of Kenya, GCSP Geneva",
        lambda: (
            codes("cybersecurity-policy-and-diplomacy-capacity-building-program") == ["CO"]
            and "over a dozen similar workshops"
            in prog("cybersecurity-policy-and-diplomacy-capacity-building-program").summary
        ),
    ),
    Correction(
        "bogota-workshop-names-the-oas",
        HISTORY,
        "Organisation of American States",
        lambda: (
            "Organisation of American States"
            in event("cybersecurity-diplomacy-workshop-bogota-2014").summary
            and event("cybersecurity-diplomacy-workshop-bogota-2014")
            .topics.filter(slug="cybersecurity")
            .exists()
        ),
    ),
    Correction(
        "promotion-of-norms-summary-gives-its-reason",
        HISTORY,
        "With the increasing militarisation of and use of the cyberspace for strategic "
        "purposes by States, in 2009 the ICT4Peace Foundation launched its Programme",
        lambda: (
            "militarisation" in prog("promotion-of-norms-of-responsible-behavior-and-cbms").summary
        ),
    ),
    Correction(
        "swiss-government-named-government-of-switzerland",
        HISTORY,
        "the Special Representative of the Swiss Government",
        lambda: org("swiss-government").name == "Government of Switzerland",
    ),
    Correction(
        "norms-and-cbms-programme-title-without-acronym",
        HISTORY,
        "2// Support to Developing Norms of Responsible State Behaviour, Confidence Building "
        "Measures (CBMs) and Capacity Building for a peaceful, secure, free and open Cyberspace",
        lambda: (
            prog("ict4peace-norms-and-cbms").title
            == "Support to Developing Norms of Responsible State Behaviour, Confidence Building "
            "Measures and Capacity Building for a peaceful, secure, free and open Cyberspace"
        ),
    ),
    Correction(
        "promotion-of-norms-title-without-acronym",
        HISTORY,
        "„Promotion of Norms of Responsible Behavior and Confidence Building Measures (CBMs) "
        "for the Cyberspace”",
        lambda: (
            prog("promotion-of-norms-of-responsible-behavior-and-cbms").title
            == "Promotion of Norms of Responsible Behavior and Confidence Building Measures for "
            "the Cyberspace"
        ),
    ),
    Correction(
        "ccw-gge-full-title-and-acronym",
        HISTORY,
        "the UN's Convention of Certain Conventional Weapons (CCW) Group of Governmental "
        "Experts (GGE)",
        lambda: (
            prog("ccw-group-of-governmental-experts").title
            == "Group of Governmental Experts of the Convention on Certain Conventional Weapons"
            and prog("ccw-group-of-governmental-experts").acronym == "CCW GGE"
        ),
    ),
    Correction(
        "ccw-gge-summary-does-not-make-laws-its-subject",
        HISTORY,
        "While studying the role and potential impact of Lethal Autonomous Weapons Systems "
        "(LAWS), ICT4Peace early on concluded",
        lambda: "Lethal" not in prog("ccw-group-of-governmental-experts").summary,
    ),
    Correction(
        "ecosoc-2006-event-titled-by-the-consultations",
        HISTORY,
        "UN DESA and the ICT4Peace Foundation held informal consultations with member States "
        "and NGOs on the implementation on para 36 WSIS Tunis Commitment",
        lambda: event("ecosoc-humanitarian-segment-2006").title.startswith(
            "Informal consultations on paragraph 36 of the WSIS Tunis Commitment"
        ),
    ),
    Correction(
        "eth-workshop-2013-titled-by-its-subject",
        HISTORY,
        "to develop a better common understanding of practical Confidence Building Measures to "
        "be applied to the Cyberspace",
        lambda: (
            event("cbms-workshop-eth-zurich-2013").title
            == "International workshop on practical Confidence Building Measures for cyberspace"
        ),
    ),
    Correction(
        "ict4peace-summary-in-the-third-person",
        HISTORY,
        "Since 2004 we explore and champion the use of ICTs and media for democracy and "
        "peaceful societies",
        lambda: (
            not re.search(r"\b(we|our)\b", org("ict4peace").summary, re.I)
            and "Since 2004" in org("ict4peace").summary
        ),
    ),
    Correction(
        "ict4peace-description-names-its-president-and-keeps-no-personal-email",
        HISTORY,
        "contacting Daniel Stauffacher, president ICT4Peace Foundation",
        lambda: (
            "Daniel Stauffacher is its president." in org("ict4peace").description
            and org("ict4peace").email == ""
        ),
    ),
    # 001: the CyberPeace Institute profile
    Correction(
        "cyberpeace-interdisciplinary-text-keeps-to-its-sections",
        CPI,
        "Participation in international initiatives: The Paris Call Working Groups",
        lambda: (
            "##### Calls for a moratorium"
            in topic_text("cyberpeace-institute", "interdisciplinary-approaches")
            and "Mediators work"
            not in topic_text("cyberpeace-institute", "interdisciplinary-approaches")
            and "Prix de l"
            not in topic_text("cyberpeace-institute", "interdisciplinary-approaches")
        ),
    ),
    Correction(
        "cyberpeace-swiss-trust-valley-unglued",
        CPI,
        "formed a strategic partnership with the SwissTrust Valley for Digital Transformation "
        "and Cybersecurity",
        lambda: (
            "Swiss Trust Valley for Digital Transformation and Cybersecurity"
            in org("cyberpeace-institute").description
            and "SwissTrust" not in org("cyberpeace-institute").description
            and not OrganisationTopic.objects.filter(
                organisation__slug="cyberpeace-institute", text__contains="SwissTrust"
            ).exists()
        ),
    ),
    Correction(
        "cyberpeace-epfl-centre-name-unscrambled",
        CPI,
        "namely with the Ecole Polytechnique Fédérale de Lausanne Centre for digital trust "
        "EPFL (C4DT)",
        lambda: (
            "Centre for Digital Trust (C4DT)" in org("cyberpeace-institute").description
            and "Centre for digital trust EPFL" not in org("cyberpeace-institute").description
        ),
    ),
    Correction(
        "cyberpeace-operational-activities-under-digital-activities",
        CPI,
        "- Examples of operational activities",
        lambda: (
            "\n### Examples of operational activities" in org("cyberpeace-institute").description
            and not re.search(r"^## Examples", org("cyberpeace-institute").description, re.M)
        ),
    ),
    Correction(
        "cyberpeace-awards-in-their-own-section",
        CPI,
        "The Institute and its staff have received several awards for innovative and "
        "continuous efforts promoting cyberpeace",
        lambda: (
            "\n## Awards\n" in org("cyberpeace-institute").description
            and "second prize for Innovation in Global Security"
            in org("cyberpeace-institute").description
        ),
    ),
    Correction(
        "cyberpeace-member-of-the-geneva-chamber-of-commerce",
        CPI,
        "the Institute is a member of the Geneva Chamber of Commerce, Industry and Services (CCIG)",
        lambda: (
            related(
                "cyberpeace-institute",
                "member_of",
                "geneva-chamber-of-commerce-industry-and-services",
            )
            and org("geneva-chamber-of-commerce-industry-and-services").acronyms == ["CCIG"]
        ),
    ),
    Correction(
        "cyberpeace-partner-of-swiss-trust-valley-since-2020",
        CPI,
        "In 2020, the Institute formed a strategic partnership with the",
        lambda: (
            day(relation("cyberpeace-institute", "partner_of", "swiss-trust-valley").start)
            == "2020"
        ),
    ),
    Correction(
        "cyberpeace-academic-partners-epfl-centre-unige-iheid",
        CPI,
        "Various academic collaborations are ongoing through participation in conferences, "
        "workshops, and lectures, namely with the Ecole Polytechnique Fédérale de Lausanne "
        "Centre for digital trust EPFL (C4DT), the University of Geneva (UNIGE), and the "
        "Graduate Institute (IHEID)",
        lambda: (
            all(
                related("cyberpeace-institute", "partner_of", partner)
                for partner in ("epfl-c4dt", "university-of-geneva", "geneva-graduate-institute")
            )
            and parent("epfl-c4dt") == "epfl"
            and not related("cyberpeace-institute", "partner_of", "epfl")
        ),
    ),
    Correction(
        "mediators-platform-made-by-the-mediation-support-unit",
        CPI,
        "the UN Department of Political and Peacebuilding Affairs (UNDPPA) Mediation Support Unit",
        lambda: (
            roles_in("digital-risk-management-e-learning-platform-for-mediators", "undppa") == set()
            and roles_in(
                "digital-risk-management-e-learning-platform-for-mediators",
                "undppa-mediation-support-unit",
            )
            == {"co_lead"}
            and parent("undppa-mediation-support-unit") == "undppa"
        ),
    ),
    Correction(
        "mediators-platform-described",
        CPI,
        "Mediators work in low-trust, volatile contexts and don’t always have the knowledge to "
        "assess the risks posed by digital technology.",
        lambda: (
            "low-trust"
            in prog("digital-risk-management-e-learning-platform-for-mediators").description
        ),
    ),
    Correction(
        "undppa-named-in-full",
        CPI,
        "the UN Department of Political and Peacebuilding Affairs (UNDPPA)",
        lambda: (
            org("undppa").name == "United Nations Department of Political and Peacebuilding Affairs"
        ),
    ),
    Correction(
        "paris-call-launched-by-the-government-of-france",
        CPI,
        "The Paris Call for Trust and Security in Cyberspace is a multistakeholder initiative "
        "launched by the French government at the Paris Peace Forum in November 2018.",
        lambda: (
            in_programme("paris-call", "lead") == {"government-of-france"}
            and day(partnership("paris-call", "government-of-france").start) == "2018-11"
            and at_event("paris-call-launch-2018", "organiser") == {"government-of-france"}
            and not Organisation.objects.filter(slug="french-government").exists()
        ),
    ),
    Correction(
        "paris-peace-forum-2021-not-part-of-wg5-nor-attended-by-the-institute",
        CPI,
        "The work of this group led to the Final Report published during the Paris Peace Forum "
        "2021.",
        lambda: (
            series("paris-peace-forum-2021") is None
            and roles_at("paris-peace-forum-2021", "cyberpeace-institute") == set()
        ),
    ),
    Correction(
        "cyberpeace-events-attendance-unknown",
        CPI,
        "At the World Economic Forum meeting in Davos, in May 2022",
        lambda: attendance_unknown(
            "paris-call-launch-2018", "paris-peace-forum-2021", "world-economic-forum-davos-2022"
        ),
    ),
    Correction(
        "paris-call-wg5-summary-is-a-working-group-not-a-methodology",
        CPI,
        "To operationalise these principles, in November 2020 six working groups were created",
        lambda: (
            not prog("paris-call-wg5").summary.startswith("A methodology")
            and "six working groups" in prog("paris-call-wg5").summary
        ),
    ),
    Correction(
        "paris-call-wg5-title-and-acronym",
        CPI,
        "The Institute co-led WG5 with colleagues from Geopolitics in the Datasphere",
        lambda: (
            prog("paris-call-wg5").title == "Paris Call Working Group 5"
            and prog("paris-call-wg5").acronym == "WG5"
        ),
    ),
    Correction(
        "paris-call-wg3-title-and-acronym",
        CPI,
        "The Institute contributed to WG3: Advancing the UN negotiations with a strong "
        "multistakeholder approach",
        lambda: (
            prog("paris-call-wg3").title
            == "Paris Call Working Group 3: Advancing the UN "
            "negotiations with a strong multistakeholder approach"
            and prog("paris-call-wg3").acronym == "WG3"
        ),
    ),
    Correction(
        "cyber-incident-tracer-title-without-acronym-and-its-report",
        CPI,
        "Publication of the strategic analysis report Playing with Lives: Cyberattacks on "
        "Healthcare are Attacks on People, and launch of the Cyber Incident Tracer (CIT) "
        "#Health platform",
        lambda: (
            prog("cyber-incident-tracer-health").title == "Cyber Incident Tracer #Health"
            and prog("cyber-incident-tracer-health").acronym == "CIT"
            and "Playing with Lives" in prog("cyber-incident-tracer-health").description
        ),
    ),
    Correction(
        "davos-2022-spyware-call-and-its-seven-partners",
        CPI,
        "the CyberPeace Institute joined Access Now, the Office of the High Commissioner for "
        "Human Rights (OHCHR), Human Rights Watch (HRW), Amnesty International, the "
        "International Trade Union Confederation (ITUC), and Consumers International to call "
        "on decision-makers",
        lambda: (
            in_programme("spyware-moratorium-call-davos-2022", "partner")
            == {
                "cyberpeace-institute",
                "access-now",
                "ohchr",
                "human-rights-watch",
                "amnesty-international",
                "ituc",
                "consumers-international",
            }
            and day(prog("spyware-moratorium-call-davos-2022").start) == "2022-05"
        ),
    ),
    Correction(
        "surveillance-technology-moratorium-call-2021",
        CPI,
        "This is in addition to a call made in 2021, in which the Institute joined more than "
        "100 civil society organisations",
        lambda: (
            in_programme("surveillance-technology-moratorium-call-2021") == {"cyberpeace-institute"}
            and day(prog("surveillance-technology-moratorium-call-2021").start) == "2021"
        ),
    ),
    Correction(
        "un-working-group-on-mercenaries-with-the-institute",
        CPI,
        "the Working Group (WG) on the use of mercenaries as a means of violating human rights "
        "and impeding the exercise of the rights of peoples to self-determination",
        lambda: (
            day(
                partnership(
                    "un-working-group-on-the-use-of-mercenaries", "cyberpeace-institute"
                ).start
            )
            == "2021"
            and day(
                partnership(
                    "un-working-group-on-the-use-of-mercenaries", "cyberpeace-institute"
                ).end
            )
            == "2022"
            and in_programme("un-working-group-on-the-use-of-mercenaries", "lead")
            == {"united-nations"}
        ),
    ),
    Correction(
        "un-gge-institute-contribution-dated-and-un-led",
        CPI,
        "In 2021–2022, the Institute contributed to and commented on various UN-led processes",
        lambda: (
            day(partnership("un-group-of-governmental-experts", "cyberpeace-institute").start)
            == "2021"
            and day(partnership("un-group-of-governmental-experts", "cyberpeace-institute").end)
            == "2022"
            and in_programme("un-group-of-governmental-experts", "lead") == {"united-nations"}
            and prog("un-group-of-governmental-experts").title
            == "United Nations Group of Governmental Experts"
        ),
    ),
    Correction(
        "oewg-followed-by-the-institute",
        CPI,
        "The Institute has closely followed the work of the UN Open-Ended Working Group (UN OEWG)",
        lambda: roles_in("un-open-ended-working-group", "cyberpeace-institute") == {"partner"},
    ),
    Correction(
        "oewg-full-title",
        CPI,
        "UN Open-Ended Working Group (UN OEWG) on developments in the field of information and "
        "telecommunications in the context of international security",
        lambda: (
            prog("un-open-ended-working-group").title
            == "United Nations Open-Ended Working Group on developments in the field of "
            "information and telecommunications in the context of international security"
        ),
    ),
    Correction(
        "oewg-ii-follows-the-oewg",
        CPI,
        "In the Open-Ended Working Group on security of and in the use of information and "
        "communications technologies 2021–2025 (OEWG II)",
        lambda: follows("oewg-2021-2025") == "un-open-ended-working-group",
    ),
    Correction(
        "cyberpeace-builders-work-globally",
        CPI,
        "It assists NGOs with cybersecurity whether they work locally or globally, and supports "
        "them in crisis-affected areas across the globe.",
        lambda: (
            prog("cyberpeace-builders").scope == "global"
            and "across the globe" in prog("cyberpeace-builders").description
        ),
    ),
    Correction(
        "ukraine-platform-countries",
        CPI,
        "in the armed conflict between Ukraine and the Russian Federation",
        lambda: (
            codes("cyber-attacks-in-times-of-conflict-platform-ukraine") == ["RU", "UA"]
            and prog("cyber-attacks-in-times-of-conflict-platform-ukraine").scope == ""
        ),
    ),
    Correction(
        "geopolitics-in-the-datasphere-summary-is-more-than-its-french-name",
        CPI,
        "Geopolitics in the Datasphere [Géopolitique de la Datasphère]",
        lambda: (
            org("geopolitics-of-the-datasphere").summary != "Géopolitique de la Datasphère."
            and "Working Group 5" in org("geopolitics-of-the-datasphere").summary
        ),
    ),
    Correction(
        "cyberpeace-social-accounts-cite-the-profile",
        CPI,
        "Twitter @CyberpeaceInst",
        lambda: (
            set(
                SocialAccount.objects.filter(
                    organisation__slug="cyberpeace-institute", sources__slug=CPI
                ).values_list("handle", flat=True)
            )
            == {
                "@CyberpeaceInstitute",
                "@cyberpeaceinst",
                "@cyberpeace-institute",
                "@CyberpeaceInst",
            }
        ),
    ),
    # 001: the Geneva Graduate Institute profile
    Correction(
        "graduate-institute-full-name",
        GGI,
        "The Geneva Graduate Institute of International and Development Studies (Geneva "
        "Graduate Institute) is an institution of research and higher education",
        lambda: (
            org("geneva-graduate-institute").name
            == "Geneva Graduate Institute of International and Development Studies"
            and org("geneva-graduate-institute").acronyms == ["Geneva Graduate Institute", "IHEID"]
        ),
    ),
    Correction(
        "graduate-institute-member-of-swissuniversities-which-leads-nothing",
        GGI,
        "As part of its membership of SwissUniversities, it also offers a very complete "
        "programme for doctoral students – Strengthening Digital Skills in Education.",
        lambda: (
            related("geneva-graduate-institute", "member_of", "swissuniversities")
            and in_programme("strengthening-digital-skills-in-education")
            == {"geneva-graduate-institute"}
        ),
    ),
    Correction(
        "digital-skills-in-education-active",
        GGI,
        "Launched in 2019, the second phase of that programme runs from 2021 to 2024.",
        lambda: prog("strengthening-digital-skills-in-education").state == "active",
    ),
    Correction(
        "i-dair-hosted-by-the-institute-not-its-unit",
        GGI,
        "The Institute hosts the new Digital Health and AI Research Collaborative (I-DAIR)",
        lambda: (
            parent("i-dair") is None
            and related("i-dair", "supported_by", "geneva-graduate-institute")
        ),
    ),
    Correction(
        "i-dair-supported-by-gesda",
        GGI,
        "This platform is supported by the Geneva Science and Diplomacy Anticipator (GESDA).",
        lambda: (
            related("i-dair", "supported_by", "gesda")
            and org("gesda").name == "Geneva Science and Diplomacy Anticipator"
        ),
    ),
    Correction(
        "amandeep-gill-former-ambassador-of-india",
        GGI,
        "directed by former Ambassador of India and Visiting Lecturer at the Institute "
        "Amandeep Gill",
        lambda: Membership.objects.filter(
            person__slug="amandeep-gill",
            organisation__slug="government-of-india",
            role="Ambassador (former)",
            sources__slug=GGI,
        ).exists(),
    ),
    Correction(
        "tech-hub-is-an-active-initiative",
        GGI,
        "This transdisciplinary and horizontal initiative enables the Institute to forge and "
        "express its own unique voice on the digital turn",
        lambda: (
            prog("competence-hub-on-digital-technologies").kind == "initiative"
            and prog("competence-hub-on-digital-technologies").state == "active"
        ),
    ),
    Correction(
        "graduate-institute-projects-have-summaries",
        GGI,
        "The faculty carries out a number of digital policy-related research projects",
        lambda: (
            not Programme.objects.filter(
                slug__in=[
                    "governing-health-futures-2030",
                    "intrepid-project",
                    "laws-and-war-crimes",
                    "digital-infrastructuring-of-democracy",
                    "african-futures",
                    "effects-of-digital-economy-on-banking-and-finance",
                    "doctoral-school-on-digital-studies",
                ],
                summary="",
            ).exists()
            and Programme.objects.filter(slug="governing-health-futures-2030").exists()
        ),
    ),
    Correction(
        "digitalisation-of-peace-processes-project",
        GGI,
        "This project explores how the increasing digitalisation of peace processes affects "
        "international peace building efforts",
        lambda: (
            prog("digitalisation-of-peace-processes").kind == "project"
            and roles_in("digitalisation-of-peace-processes", "geneva-graduate-institute")
            == {"lead"}
        ),
    ),
    Correction(
        "ai-in-democracy-project-works-in-switzerland",
        GGI,
        "seeks to engage with youth in Switzerland to explore the future role of AI in "
        "democracy through storytelling and narrative foresight. It will give a voice to the "
        "citizens of tomorrow and collaborate with art schools to design participatory AI art.",
        lambda: (
            codes("future-role-of-ai-in-democracy") == ["CH"]
            and prog("future-role-of-ai-in-democracy").scope == "national"
            and "collaborates with art schools" in prog("future-role-of-ai-in-democracy").summary
        ),
    ),
    Correction(
        "african-futures-regional",
        GGI,
        "strengthens empirical knowledge on changing trends in employment in the region",
        lambda: prog("african-futures").scope == "regional" and codes("african-futures") == [],
    ),
    Correction(
        "graduate-institute-centres-say-what-they-host",
        GGI,
        "The project Governing Health Futures 2030: Growing up in a Digital World, hosted at "
        "the Global Health Centre (GHC)",
        lambda: (
            "Governing Health Futures 2030" in org("global-health-centre").summary
            and "youth in Switzerland" in org("albert-hirschman-centre-on-democracy").summary
        ),
    ),
    Correction(
        "graduate-institute-links-cite-the-profile",
        GGI,
        "the Modelling Early Risk Indicators to Anticipate Malnutrition (MERIAM) project",
        lambda: (
            cites(partnership("meriam", "geneva-graduate-institute"), GGI)
            and not Membership.objects.filter(person__slug="amandeep-gill")
            .exclude(sources__slug=GGI)
            .exists()
        ),
    ),
    # 001: the IGF profile
    Correction(
        "igf-description-does-not-repeat-its-summary",
        IGF,
        "The IGF Secretariat in Geneva coordinates both the planning of IGF annual meetings",
        lambda: (
            org("igf").description.startswith("The IGF Secretariat in Geneva")
            and not org("igf").description.startswith(org("igf").summary)
        ),
    ),
    Correction(
        "igf-is-no-unit-of-the-un-but-supported-by-its-secretariat",
        IGF,
        "In fulfilling its mandate, the Forum is institutionally supported by the UN "
        "Secretariat for the Internet Governance Forum",
        lambda: parent("igf") is None and related("igf", "supported_by", "igf-secretariat"),
    ),
    Correction(
        "igf-secretariat-placed-with-desa",
        IGF,
        "UN Secretariat for the Internet Governance Forum placed with the Department of "
        "Economic and Social Affairs (DESA)",
        lambda: (
            org("igf-secretariat").name
            == "United Nations Secretariat for the Internet Governance Forum"
            and parent("igf-secretariat") == "un-desa"
            and org("igf-secretariat").city == "Geneva"
        ),
    ),
    Correction(
        "igf-leadership-panel-of-the-igf-cites-the-roadmap",
        IGF,
        "as recommended in the Secretary-General’s Roadmap for Digital Cooperation, the UN "
        "Secretary-General established the IGF Leadership Panel",
        lambda: (
            parent("igf-leadership-panel") == "igf"
            and cites_un(org("igf-leadership-panel"), "roadmap-for-digital-cooperation")
        ),
    ),
    Correction(
        "igf-cites-the-tunis-agenda-and-resolution-70-125",
        IGF,
        "The IGF mandate was outlined in the Tunis Agenda for the Information Society of the "
        "World Summit on the Information Society (WSIS, November 2005). It was renewed for "
        "another 10 years by the UN General Assembly (UNGA) on 16 December 2015, (70/125).",
        lambda: (
            cites_un(org("igf"), "tunis-agenda")
            and cites_un(org("igf"), "a-res-70-125")
            and day(Source.objects.get(slug="a-res-70-125").published) == "2015-12-16"
        ),
    ),
    Correction(
        "mag-summary-works-with-the-secretariat-and-set-the-2019-tracks",
        IGF,
        "the MAG decided (considering community input) to structure the IGF programme around a "
        "limited number of tracks",
        lambda: (
            org("multistakeholder-advisory-group").summary.startswith(
                "Works together with the IGF Secretariat"
            )
            and "In 2019" in org("multistakeholder-advisory-group").summary
        ),
    ),
    Correction(
        "igf-meetings-linked-to-the-annual-meeting-series",
        IGF,
        "The IGF ecosystem converges around the annual IGF, which is attended by thousands of "
        "participants.",
        lambda: (
            set(
                Event.objects.filter(programme__slug="igf-annual-meeting").values_list(
                    "slug", flat=True
                )
            )
            >= {
                "igf-2006-athens",
                "igf-2018-paris",
                "igf-2019-berlin",
                "igf-2020-online",
                "igf-2021-katowice",
            }
            and in_programme("igf-annual-meeting", "lead") == {"igf-secretariat"}
        ),
    ),
    Correction(
        "igf-meetings-attendance-only-where-stated",
        IGF,
        "Since its first meeting in Athens (2006), the IGF has been a pioneer in online "
        "deliberation and hybrid meetings.",
        lambda: (
            attendance_unknown(
                "igf-2006-athens", "igf-2018-paris", "igf-2019-berlin", "igf-2021-katowice"
            )
            and event("igf-2020-online").attendance == "online"
        ),
    ),
    Correction(
        "igf-meetings-organised-by-the-secretariat-not-the-forum",
        IGF,
        "The IGF Secretariat in Geneva coordinates both the planning of IGF annual meetings "
        "(working together with the Multistakeholder Advisory Group (MAG)",
        lambda: (
            not EventRole.objects.filter(
                event__slug__startswith="igf-20", organisation__slug="igf"
            ).exists()
            and all(
                roles_at(slug, "igf-secretariat") == {"organiser"}
                for slug in (
                    "igf-2018-paris",
                    "igf-2019-berlin",
                    "igf-2020-online",
                    "igf-2021-katowice",
                )
            )
        ),
    ),
    Correction(
        "igf-athens-2006-has-no-organiser-the-document-never-names",
        IGF,
        "Since its first meeting in Athens (2006)",
        lambda: at_event("igf-2006-athens") == set(),
    ),
    Correction(
        "igf-meeting-titles-in-full",
        IGF,
        "The last few IGFs include Paris (2018), Berlin (2019), online edition due to the "
        "pandemic (2020), and Katowice (2021)",
        lambda: all(
            event(slug).title == f"Internet Governance Forum {year}"
            for slug, year in (
                ("igf-2006-athens", 2006),
                ("igf-2018-paris", 2018),
                ("igf-2019-berlin", 2019),
                ("igf-2020-online", 2020),
                ("igf-2021-katowice", 2021),
            )
        ),
    ),
    Correction(
        "igf-meeting-summaries-give-their-themes-and-tracks",
        IGF,
        "IGF 2018 had eight themes: cybersecurity, trust, and privacy",
        lambda: (
            "eight themes" in event("igf-2018-paris").summary
            and "limited number of tracks" in event("igf-2019-berlin").summary
            and "four thematic tracks" in event("igf-2020-online").summary
        ),
    ),
    Correction(
        "igf-intersessional-work-and-its-parts",
        IGF,
        "The intersessional work includes best practice forums (on issues such as "
        "cybersecurity, local content, data and new technologies, and gender and access); "
        "dynamic coalitions",
        lambda: (
            part_of("policy-options-for-connecting-the-next-billion")
            == "igf-intersessional-activities"
            and all(
                part_of(slug) == "igf-intersessional-activities"
                for slug in (
                    "igf-best-practice-forums",
                    "igf-dynamic-coalitions",
                    "igf-policy-networks",
                )
            )
            and in_programme("igf-intersessional-activities", "lead") == {"igf-secretariat"}
        ),
    ),
    Correction(
        "national-and-regional-igfs-supported-not-led-by-the-secretariat",
        IGF,
        "The IGF Secretariat supports such initiatives (which are independent) and coordinates "
        "the participation of the overall network.",
        lambda: (
            roles_in("national-and-regional-igf-initiatives", "igf-secretariat") == {"partner"}
            and part_of("national-and-regional-igf-initiatives") is None
        ),
    ),
    Correction(
        "wsis-2005-attendance-unknown-and-cites-the-igf-profile",
        IGF,
        "(WSIS, November 2005)",
        lambda: event("wsis-2005-tunis").attendance == "" and cites(event("wsis-2005-tunis"), IGF),
    ),
    # 001: the UNIDIR profile
    Correction(
        "unidir-digital-tools-are-tools-not-publications",
        UNIDIR,
        "- Innovations in Life Sciences2020 Innovations Dialogue: Life Sciences, International "
        "Security and Disarmament",
        lambda: (
            "Directed Energy Weapons" not in org("unidir").description
            and "Innovations in Life Sciences" not in org("unidir").description
            and "Cyber Policy Portal Database" in org("unidir").description
        ),
    ),
    Correction(
        "unidir-description-lists-the-bwc-database",
        UNIDIR,
        "Biological Weapons Convention National Implementation Measures Database (to be launched)",
        lambda: (
            "Biological Weapons Convention National Implementation Measures Database"
            in org("unidir").description
        ),
    ),
    Correction(
        "unidir-future-of-meetings-heading-once-and-after-the-tools",
        UNIDIR,
        "Space Security Portal (to be launched)",
        lambda: (
            org("unidir").description.count("Future of meetings") == 1
            and org("unidir").description.index("Space Security Portal")
            < org("unidir").description.index("## Future of meetings")
        ),
    ),
    Correction(
        "unidir-future-of-meetings-prose",
        UNIDIR,
        "UNIDIR has organized virtual events, meetings, and workshops through video "
        "conferencing platforms such as Zoom and Webex.",
        lambda: (
            "Zoom and Webex" in org("unidir").description
            and "StreamYard" in org("unidir").description
        ),
    ),
    Correction(
        "unidir-cybersecurity-text-starts-after-its-heading",
        UNIDIR,
        "SecTec builds knowledge and raises awareness of the security implications of new and "
        "emerging technologies.",
        lambda: topic_text("unidir", "cybersecurity").startswith("SecTec builds knowledge"),
    ),
    Correction(
        "unidir-2015-gge-report-cited",
        UNIDIR,
        "collates national take-up of the recommendations from the 2015 GGE report",
        lambda: (
            cites_un(
                OrganisationTopic.objects.get(
                    organisation__slug="unidir", topic__slug="cybersecurity"
                ),
                "a-70-174",
            )
            and cites_un(prog("national-survey-un-ict-recommendations"), "a-70-174")
        ),
    ),
    Correction(
        "sectec-summary-without-an-invented-expansion",
        UNIDIR,
        "The research areas of UNIDIR’s SecTec focus on cybersecurity, such as threats and "
        "vulnerabilities related to information and communications technologies (ICTs)",
        lambda: "security and technology" not in prog("sectec").summary.lower(),
    ),
    Correction(
        "sectec-active-and-described",
        UNIDIR,
        "continues to support the OEWG on security of and in the use of ICTs (2021–2025)",
        lambda: prog("sectec").state == "active" and "OEWG" in prog("sectec").description,
    ),
    Correction(
        "cyber-policy-portal-unidirs-not-a-part-of-sectec",
        UNIDIR,
        "making the results of the survey publicly available on their national profiles on "
        "UNIDIR’s Cyber Policy Portal",
        lambda: (
            part_of("cyber-policy-portal") is None
            and roles_in("cyber-policy-portal", "unidir") == {"lead"}
        ),
    ),
    Correction(
        "cyber-policy-portal-active-and-global",
        UNIDIR,
        "It provides profiles of the cyber policies of all 193 UN member states",
        lambda: (
            prog("cyber-policy-portal").state == "active"
            and prog("cyber-policy-portal").scope == "global"
        ),
    ),
    Correction(
        "cyber-policy-portal-database-part-of-the-portal",
        UNIDIR,
        "The Cyber Policy Portal Database provides direct access to documents and references "
        "through the profiles of all 193 UN member states on the Cyber Policy Portal.",
        lambda: (
            part_of("cyber-policy-portal-database") == "cyber-policy-portal"
            and roles_in("cyber-policy-portal-database", "unidir") == {"lead"}
        ),
    ),
    Correction(
        "national-survey-recorded",
        UNIDIR,
        "The survey allows UN member states to conduct regular self-assessments of national "
        "implementation of the recommendations.",
        lambda: (
            prog("national-survey-un-ict-recommendations").state == "active"
            and prog("national-survey-un-ict-recommendations").scope == "global"
            and part_of("national-survey-un-ict-recommendations") is None
            and roles_in("national-survey-un-ict-recommendations", "unidir") == {"lead"}
        ),
    ),
    Correction(
        "bwc-database-planned",
        UNIDIR,
        "UNIDIR will develop a virtual repository of these risk mitigation measures",
        lambda: (
            prog("bwc-national-implementation-measures-database").state == "planned"
            and roles_in("bwc-national-implementation-measures-database", "unidir") == {"lead"}
        ),
    ),
    Correction(
        "cyber-stability-conference-unidirs-active-series",
        UNIDIR,
        "The annual Cyber Stability Conference brings various stakeholders together to promote "
        "a secure and stable cyberspace and in particular the role of the UN processes",
        lambda: (
            part_of("cyber-stability-conference") is None
            and prog("cyber-stability-conference").state == "active"
            and "OEWG" in prog("cyber-stability-conference").summary
        ),
    ),
    Correction(
        "ai-portal-summary",
        UNIDIR,
        "relevant to the development and use of AI for military or security purposes",
        lambda: "military or security purposes" in prog("artificial-intelligence-portal").summary,
    ),
    Correction(
        "space-security-portal-summary-without-a-follows-link",
        UNIDIR,
        "to serve as a one-stop online hub for materials on the space security policies of key "
        "stakeholders",
        lambda: (
            "one-stop online hub" in prog("space-security-portal").summary
            and follows("space-security-portal") is None
        ),
    ),
    Correction(
        "innovations-dialogue-summary",
        UNIDIR,
        "- 2019 Innovations Dialogue Annual Conference",
        lambda: "2019, 2020 and 2021" in prog("innovations-dialogue").summary,
    ),
    Correction(
        "unidir-events-attendance-only-where-stated",
        UNIDIR,
        "In addition, UNIDIR’s 2022 Cyber Stability Conference was hosted on a browser-based "
        "streaming platform, StreamYard",
        lambda: (
            attendance_unknown(
                "cyber-stability-conference-2019",
                "cyber-stability-conference-2020",
                "cyber-stability-conference-2021",
                "innovations-dialogue-2019",
                "innovations-dialogue-2020",
                "innovations-dialogue-2021",
                "gge-historical-briefing-2019",
            )
            and event("cyber-stability-conference-2022").attendance == "online"
        ),
    ),
    Correction(
        "unidir-support-of-un-processes-in-its-tenses",
        UNIDIR,
        "SecTec has supported the UN processes on ICTs Group of Governmental Experts (GGE) and "
        "the Open-Ended Working Group (OEWG) and continues to support the OEWG",
        lambda: (
            partnership("un-open-ended-working-group", "unidir").note == "SecTec has supported it."
            and partnership("oewg-2021-2025", "unidir").note == "SecTec continues to support it."
            and "expert advice to its chairperson"
            in partnership("un-group-of-governmental-experts", "unidir").note
        ),
    ),
    Correction(
        "unidir-side-event-supply-chain-security",
        UNIDIR,
        "- Unidir Side Event: Supply Chain Security in the Digital Age",
        lambda: (
            roles_at("unidir-side-event-supply-chain-security", "unidir") == {"organiser"}
            and event("unidir-side-event-supply-chain-security").start is None
        ),
    ),
    Correction(
        "unidir-laws-webinar-series-undated",
        UNIDIR,
        "- Webinar Series on the Technological, Military and Legal Aspects of Lethal "
        "Autonomous Weapon Systems",
        lambda: (
            event("laws-webinar-series").kind == "webinar"
            and event("laws-webinar-series").start is None
            and roles_at("laws-webinar-series", "unidir") == {"organiser"}
        ),
    ),
    Correction(
        "unidir-technology-and-ceasefires-virtual-launch",
        UNIDIR,
        "- Virtual Launch of the Technology and Ceasefires Publication",
        lambda: (
            event("technology-and-ceasefires-virtual-launch").attendance == "online"
            and event("technology-and-ceasefires-virtual-launch").kind == "launch"
        ),
    ),
    Correction(
        "unidir-cyber-crisis-management-workshop-series",
        UNIDIR,
        "- International Cyber Crisis Management Regional Workshop Series",
        lambda: (
            event("international-cyber-crisis-management-regional-workshop-series").kind
            == "workshop"
            and roles_at("international-cyber-crisis-management-regional-workshop-series", "unidir")
            == {"organiser"}
        ),
    ),
    Correction(
        "unidir-three-multi-stakeholder-dialogues",
        UNIDIR,
        "- Multi-Stakeholder Dialogue: Enhancing International Cooperation Mechanisms for "
        "Cybercrime And Cyberterrorism Investigations",
        lambda: (
            EventRole.objects.filter(
                event__slug__in=[
                    "msd-cybercrime-cyberterrorism-investigations",
                    "msd-attribution",
                    "msd-due-diligence",
                ],
                event__kind="dialogue",
                organisation__slug="unidir",
                role="organiser",
            ).count()
            == 3
        ),
    ),
    Correction(
        "unidir-conversation-with-the-chairs-of-the-gge-and-oewg",
        UNIDIR,
        "- Multilateral Responses to Cyber Security Challenges: A Conversation with the chairs "
        "of the UN GGE and the OEWG",
        lambda: (
            roles_at("conversation-with-chairs-un-gge-oewg", "unidir") == {"organiser"}
            and not event("conversation-with-chairs-un-gge-oewg").speakers.exists()
        ),
    ),
    Correction(
        "unidir-geneva-peace-week-session-not-placed",
        UNIDIR,
        "- Geneva Peace Week: Legal and Humanitarian Challenges in the Age of Cyber Conflict",
        lambda: (
            event("geneva-peace-week-cyber-conflict-session").city == ""
            and event("geneva-peace-week-cyber-conflict-session").start is None
            and roles_at("geneva-peace-week-cyber-conflict-session", "unidir") == {"organiser"}
        ),
    ),
    Correction(
        "unidir-links-cite-the-profile",
        UNIDIR,
        "UNIDIR SecTec is currently developing the Artificial Intelligence Portal.",
        lambda: (
            not Partnership.objects.filter(organisation__slug="unidir")
            .exclude(sources__slug=UNIDIR)
            .exists()
            and not EventRole.objects.filter(organisation__slug="unidir")
            .exclude(sources__slug=UNIDIR)
            .exists()
        ),
    ),
    # 001: the ITU profile, lines 216-406
    Correction(
        "itu-description-does-not-repeat-its-summary",
        ITU,
        "For more information, visit www.itu.int.",
        lambda: (
            org("itu").description.startswith("From broadband networks")
            and not org("itu").description.startswith(org("itu").summary[:80])
            and "For more information, visit" not in org("itu").description
        ),
    ),
    Correction(
        "itu-sectors-and-development-bureau-are-units",
        ITU,
        "Through the ITU Radiocommunication Sector (ITU-R), ITU is involved in the global "
        "management of the radio frequency spectrum",
        lambda: (
            all(parent(slug) == "itu" for slug in ("itu-r", "itu-t", "itu-d", "bdt"))
            and org("bdt").name == "Telecommunication Development Bureau"
        ),
    ),
    Correction(
        "itu-t-study-groups-are-units-of-itu-t",
        ITU,
        "It has 11 technical standardisation committees called Study Groups (SGs)",
        lambda: (
            Organisation.objects.filter(parent__slug="itu-t", slug__startswith="itu-t-sg").count()
            == 11
            and org("itu-t-sg17").name == "ITU-T Study Group 17 – Security"
        ),
    ),
    Correction(
        "itu-d-and-itu-r-study-groups-are-units-of-their-sectors",
        ITU,
        "ITU-R SG1 covers Spectrum Management and Monitoring.",
        lambda: (
            parent("itu-d-sg1") == "itu-d"
            and parent("itu-d-sg2") == "itu-d"
            and parent("itu-r-sg1") == "itu-r"
            and parent("itu-r-sg6") == "itu-r"
        ),
    ),
    Correction(
        "itu-council-and-its-working-groups",
        ITU,
        "The ITU Council Working Group on Child Protection Online",
        lambda: (
            parent("itu-council") == "itu"
            and parent("wg-cp") == "itu-council"
            and parent("cwg-internet") == "itu-council"
        ),
    ),
    Correction(
        "wtsa-governs-itu-t",
        ITU,
        "The ITU World Telecommunication Standardization Assembly (WTSA) is the governing body "
        "of ITU’s standardisation arm (ITU-T).",
        lambda: parent("wtsa") == "itu-t",
    ),
    Correction(
        "itu-member-of-the-emergency-telecommunications-cluster",
        ITU,
        "ITU is also part of the Emergency Telecommunications Cluster (ETC)",
        lambda: related("itu", "member_of", "emergency-telecommunications-cluster"),
    ),
    Correction(
        "itu-joined-the-crisis-connectivity-charter-in-2019",
        ITU,
        "ITU joined the Crisis Connectivity Charter(CCC) in 2019",
        lambda: day(relation("itu", "member_of", "crisis-connectivity-charter").start) == "2019",
    ),
    Correction(
        "smart-cables-led-by-the-joint-task-force",
        ITU,
        "creating Science Monitoring And Reliable Telecommunications (SMART) cables – is led by "
        "the ITU/WMO/UNESCO-IOC Joint Task Force (JTF)",
        lambda: (
            roles_in("smart-cables", "joint-task-force-on-smart-cable-systems") == {"lead"}
            and roles_in("smart-cables", "itu") == {"partner"}
        ),
    ),
    Correction(
        "joint-task-force-of-itu-wmo-and-ioc-unesco-since-2012",
        ITU,
        "onSMART Cable Systems, a multidisciplinary body established in 2012",
        lambda: (
            day(org("joint-task-force-on-smart-cable-systems").founded) == "2012"
            and set(
                Relation.objects.filter(
                    object__slug="joint-task-force-on-smart-cable-systems", kind="member_of"
                ).values_list("subject__slug", flat=True)
            )
            == {"itu", "wmo", "ioc-unesco"}
            and parent("ioc-unesco") == "unesco"
        ),
    ),
    Correction(
        "itu-cybersecurity-memorandum-partners",
        ITU,
        "strengthened by a memorandum of understanding (MoU) with a range of organisations such "
        "as the United Nations Office on Drugs and Crime (UNODC), World Bank, Interpol, World "
        "Economic Forum",
        lambda: (
            Relation.objects.filter(
                subject__slug="itu",
                kind="partner_of",
                object__slug__in=["unodc", "world-bank", "interpol", "world-economic-forum"],
                note__icontains="memorandum of understanding",
            ).count()
            == 4
        ),
    ),
    Correction(
        "bitsight-partner-of-itu",
        ITU,
        "BitSight provided access to ITU member states for its cybersecurity scoring platform",
        lambda: related("bitsight", "partner_of", "itu"),
    ),
    Correction(
        "itu-agreement-with-the-scort-foundation",
        ITU,
        "ITU signed an agreement with the SCORT Foundation on COP",
        lambda: related("itu", "partner_of", "scort-foundation"),
    ),
    Correction(
        "itu-2020-agreement-with-saudi-arabia",
        ITU,
        "(a 2020 agreement between ITU and the Kingdom of Saudi Arabia)",
        lambda: day(relation("itu", "partner_of", "kingdom-of-saudi-arabia").start) == "2020",
    ),
    Correction(
        "saudi-arabia-named-as-its-government",
        ITU,
        "ITU worked with the Government of Japan and the Kingdom of Saudi Arabia on this "
        "initiative.",
        lambda: org("kingdom-of-saudi-arabia").name == "Government of Saudi Arabia",
    ),
    Correction(
        "itu-topic-texts-cite-the-profile",
        ITU,
        "Information and communication infrastructure development is one of ITU’s priority areas.",
        lambda: (
            OrganisationTopic.objects.filter(organisation__slug="itu").count() >= 18
            and not OrganisationTopic.objects.filter(organisation__slug="itu")
            .exclude(sources__slug=ITU)
            .exists()
        ),
    ),
    Correction(
        "itu-cits-platform-name-without-a-bullet-glyph",
        ITU,
        "- eCollaboration on Intelligent Transport SystemsCommunication Standards (CITS)",
        lambda: (
            "eCollaboration" not in topic_text("itu", "telecommunication-infrastructure")
            and "Collaboration on Intelligent Transport Systems Communication Standards (CITS)"
            in topic_text("itu", "telecommunication-infrastructure")
        ),
    ),
    Correction(
        "itu-speedboat-title-on-one-line",
        ITU,
        "The Speedboat Initiative issued a COVID-19 Crisis Response: Digital Development Joint "
        "Action Plan and Call for Action",
        lambda: (
            "Crisis Response: Digital Development Joint Action Plan"
            in topic_text("itu", "telecommunication-infrastructure")
        ),
    ),
    Correction(
        "itu-smart-cable-systems-unglued",
        ITU,
        "Joint Task Force (JTF) onSMART Cable Systems",
        lambda: (
            "onSMART" not in topic_text("itu", "telecommunication-infrastructure")
            and "on SMART Cable Systems" in topic_text("itu", "telecommunication-infrastructure")
        ),
    ),
    Correction(
        "itu-emergency-work-list-not-under-the-focus-group",
        ITU,
        "Work includes the following:",
        lambda: (
            topic_text("itu", "telecommunication-infrastructure").index(
                "Work includes the following"
            )
            < topic_text("itu", "telecommunication-infrastructure").index(
                "Focus Group on Artificial Intelligence for Natural Disaster Management"
            )
        ),
    ),
    Correction(
        "itu-ai-for-road-safety-not-an-itu-r-item",
        ITU,
        "- AI forRoadSafetyinitiative: Launched in October 2021",
        lambda: (
            "- AI for Road Safety" not in topic_text("itu", "artificial-intelligence")
            and topic_text("itu", "artificial-intelligence").index("AI for Road Safety")
            > topic_text("itu", "artificial-intelligence").index("Report ITU-R BT.2447")
        ),
    ),
    Correction(
        "itu-ai-report-sentence-keeps-its-antecedent",
        ITU,
        "It is a joint effort between ITU and 46 UN agencies and bodies",
        lambda: (
            "It is a joint effort" not in topic_text("itu", "artificial-intelligence")
            and "joint effort between ITU and 46 UN agencies"
            in topic_text("itu", "artificial-intelligence")
        ),
    ),
    Correction(
        "itu-cwg-internet-name-not-split-by-its-acronym",
        ITU,
        "a Working Group on International Internet (CWG-Internet)- related Public Policy Issues",
        lambda: (
            ")- related" not in topic_text("itu", "critical-internet-resources")
            and "Internet-related Public Policy Issues (CWG-Internet)"
            in topic_text("itu", "critical-internet-resources")
        ),
    ),
    Correction(
        "itu-sig-security-address-joined",
        ITU,
        "More details are available at http://itu.int/go/SIG- SECURITY.",
        lambda: (
            "SIG- SECURITY" not in topic_text("itu", "network-security")
            and "SIG-SECURITY" in topic_text("itu", "network-security")
        ),
    ),
    Correction(
        "itu-network-security-first-sentence-has-a-verb",
        ITU,
        "ITU and the WSIS Action Line C5 – Building confidence and security in the use of ICTs, "
        "bringing different stakeholders together",
        lambda: topic_text("itu", "network-security").startswith(
            "As facilitator of WSIS Action Line C5"
        ),
    ),
    Correction(
        "itu-blockchain-question-14-17-in-full",
        ITU,
        "ITU-T SG17 Question 14/17 on DLT security",
        lambda: (
            "Q/17" not in topic_text("itu", "blockchain")
            and "Q14/17" in topic_text("itu", "blockchain")
        ),
    ),
    Correction(
        "itu-programme-links-cite-the-profile",
        ITU,
        "AI for Good is organised by ITU in partnership with 40 UN sister agencies",
        lambda: (
            cites(partnership("ai-for-good", "itu"), ITU)
            and EventRole.objects.filter(
                event__slug="get-19", organisation__slug="itu", sources__slug=ITU
            ).exists()
        ),
    ),
    Correction(
        "child-online-protection-title-without-acronym",
        ITU,
        "ITU launched the Child Online Protection (COP) Initiative in 2008",
        lambda: (
            prog("child-online-protection-initiative").title == "Child Online Protection Initiative"
            and prog("child-online-protection-initiative").acronym == "COP"
        ),
    ),
    Correction(
        "child-online-protection-covid-collaborators",
        ITU,
        "in collaboration with UNICEF, Global Partnership to End Violence Against Children "
        "(GPEVAC), UNESCO, UNODC, WePROTECT Global Alliance, WHO, and World Childhood "
        "Foundation USA (Childhood USA)",
        lambda: (
            in_programme("child-online-protection-initiative", "partner")
            == {
                "unicef",
                "gpevac",
                "unesco",
                "unodc",
                "weprotect-global-alliance",
                "who",
                "world-childhood-foundation-usa",
            }
            and prog("child-online-protection-initiative").scope == "global"
        ),
    ),
    Correction(
        "global-education-coalition",
        ITU,
        "Global Education Coalition for COVID-19 response – a collaboration between UNESCO, "
        "UNICEF, ITU, WHO, GSMA, and Microsoft.",
        lambda: (
            in_programme("global-education-coalition", "partner")
            == {"unesco", "unicef", "itu", "who", "gsma", "microsoft"}
        ),
    ),
    Correction(
        "global-cybersecurity-index-not-part-of-the-agenda",
        ITU,
        "In the last iteration of the GCI, 150 member states participated.",
        lambda: (
            part_of("global-cybersecurity-index") is None
            and prog("global-cybersecurity-index").scope == "global"
            and "150 member states" in prog("global-cybersecurity-index").summary
        ),
    ),
    Correction(
        "global-cybersecurity-agenda-and-the-2022-council-session",
        ITU,
        "The 2022 session of the ITU Council approved guidelines for better utilisation of the "
        "GCA framework by ITU.",
        lambda: (
            prog("global-cybersecurity-agenda").scope == "global"
            and "2022 session of the ITU Council" in prog("global-cybersecurity-agenda").description
            and day(event("itu-council-2022").start) == "2022"
            and roles_at("itu-council-2022", "itu-council") == {"organiser"}
        ),
    ),
    Correction(
        "media-saves-lives-five-partners",
        ITU,
        "ITU partnered with the United Nations Office for Disaster Risk Reduction (UNDRR), WMO, "
        "the Intergovernmental Oceanographic Commission of UNESCO (IOC-UNESCO), and the World "
        "Broadcasting Unions in 2020",
        lambda: (
            in_programme("media-saves-lives")
            == {"itu", "undrr", "wmo", "ioc-unesco", "world-broadcasting-unions"}
        ),
    ),
    Correction(
        "cap-helpdesk-established-by-wmo",
        ITU,
        "The organisations are supporting the WMO to establish a CAP HelpDesk.",
        lambda: (
            in_programme("cap-helpdesk", "lead") == {"wmo"}
            and in_programme("cap-helpdesk", "partner") == {"itu", "ifrc"}
            and prog("call-to-action-on-emergency-alerting").summary != ""
        ),
    ),
    Correction(
        "digital-currency-initiative-follows-the-focus-group",
        ITU,
        "ITU and Stanford University launched the Digital Currency Global Initiative (DCGI) in "
        "2020 to continue the work of the ITU Focus Group on Digital Currency",
        lambda: (
            follows("digital-currency-global-initiative") == "itu-focus-group-on-digital-currency"
        ),
    ),
    Correction(
        "u4ssc-country-hub-hosted-by-the-austrian-economic-centre",
        ITU,
        "the first U4SSC Country Hub has been set up in Vienna, Austria, hosted by the Austrian "
        "Economic Centre (AEC)",
        lambda: (
            roles_in("u4ssc-country-hub", "austrian-economic-centre") == {"host"}
            and part_of("u4ssc-country-hub") == "u4ssc"
            and codes("u4ssc-country-hub") == ["AT"]
        ),
    ),
    Correction(
        "u4ssc-ai-thematic-group-and-topics",
        ITU,
        "through its Thematic Group on Guiding Principles for Artificial Intelligence in Cities",
        lambda: (
            part_of("u4ssc-thematic-group-ai-in-cities") == "u4ssc"
            and {"artificial-intelligence", "emerging-technologies"}
            <= set(prog("u4ssc").topics.values_list("slug", flat=True))
        ),
    ),
    Correction(
        "connect2recover-filed-under-telecommunication-infrastructure",
        ITU,
        "Connect2Recover provides country-specific support to reinforce digital infrastructures",
        lambda: (
            set(prog("connect2recover").topics.values_list("slug", flat=True))
            == {"telecommunication-infrastructure"}
            and prog("connect2recover").summary.startswith("Provides country-specific support")
        ),
    ),
    Correction(
        "iawg-ai-established-at-the-40th-hlcp-session",
        ITU,
        "During the 40th High-Level Committee on Programmes (HLCP) session in October 2020, an "
        "Interagency Working Group on AI (IAWG-AI) was established",
        lambda: (
            day(event("hlcp-40th-session").start) == "2020-10"
            and roles_at("hlcp-40th-session", "high-level-committee-on-programmes") == {"organiser"}
            and "40th session" in prog("interagency-working-group-on-ai").summary
        ),
    ),
    Correction(
        "ai-for-good-global",
        ITU,
        "It’s the leading action-oriented, global, and inclusive UN platform on AI.",
        lambda: (
            prog("ai-for-good").scope == "global"
            and "co-convened with Switzerland" in prog("ai-for-good").description
        ),
    ),
    Correction(
        "ai-ml-in-5g-challenge-global",
        ITU,
        "rallies like-minded students and professionals from around the globe",
        lambda: (
            prog("ai-ml-in-5g-challenge").scope == "global"
            and prog("ai-ml-in-5g-challenge").summary != ""
        ),
    ),
    Correction(
        "safe-cyber-environment-for-children-summary",
        ITU,
        "kicked-off in August 2021 to further strengthen global efforts to implement the ITU "
        "COP Guidelines",
        lambda: (
            "August 2021"
            in prog("creating-a-safe-and-empowering-cyber-environment-for-children").summary
        ),
    ),
    Correction(
        "reg4covid-launched-by-itu-d",
        ITU,
        "ITU-D launched the Global Network Resiliency Platform (REG4COVID)",
        lambda: roles_in("reg4covid", "itu-d") == {"lead"} and prog("reg4covid").start is None,
    ),
    Correction(
        "speedboat-initiative-has-no-lead-the-document-never-names",
        ITU,
        "Discussions involving the World Bank, Global System for Mobile Communications (GSMA), "
        "and the World Economic Forum identified how to bring together communities",
        lambda: (
            not Partnership.objects.filter(
                programme__slug="speedboat-initiative", role__in=["lead", "co_lead"]
            ).exists()
            and in_programme("speedboat-initiative", "partner")
            == {"world-bank", "gsma", "world-economic-forum"}
        ),
    ),
    Correction(
        "fg-ai4a-title-and-its-co-leads",
        ITU,
        "ITU and the Food and Agriculture Organization of the United Nations (FAO) Focus Group "
        "on Artificial Intelligence (AI) and Internet of Things (IoT) for Digital Agriculture "
        "(FG- AI4A), established by ITU-T SG20",
        lambda: (
            prog("fg-ai4a").title
            == "ITU-T Focus Group on Artificial Intelligence and "
            "Internet of Things for Digital Agriculture"
            and in_programme("fg-ai4a", "co_lead") == {"itu-t", "fao"}
            and roles_in("fg-ai4a", "itu-t-sg20") == {"partner"}
        ),
    ),
    Correction(
        "fg-ai4ndm-co-led-by-itu-wmo-and-unep",
        ITU,
        "The ITU/WMO/UNEP Focus Group on Artificial Intelligence for Natural Disaster "
        "Management (FG-AI4NDM), established by ITU-T SG2",
        lambda: (
            in_programme("fg-ai4ndm", "co_lead") == {"itu-t", "wmo", "unep"}
            and roles_in("fg-ai4ndm", "itu-t-sg2") == {"partner"}
        ),
    ),
    Correction(
        "fg-ai4h-with-who-and-its-ad-hoc-group",
        ITU,
        "in early 2020 it created an Ad-hoc Group on Digital Technologies for COVID-19 Health "
        "Emergencies (AHG-DT4HE)",
        lambda: (
            in_programme("fg-ai4h", "co_lead") == {"itu-t", "who"}
            and part_of("ahg-dt4he") == "fg-ai4h"
            and day(prog("ahg-dt4he").start) == "2020"
        ),
    ),
    Correction(
        "itu-t-focus-groups-led-by-itu-t",
        ITU,
        "short-term exploration/incubation ITU-T Focus Groups (FGs) whose deliverables guide "
        "the ITU-T SGs",
        lambda: all(
            in_programme(slug, "lead") == {"itu-t"}
            for slug in ("fg-vm", "fg-ai4ad", "fg-ai4ee", "fg-an", "fg-tbfxg", "fg-qit4n", "fg-dlt")
        ),
    ),
    Correction(
        "fg-dlt-closed",
        ITU,
        "continue the work of the now closed ITU-T Focus Group on distributed ledger technologies",
        lambda: prog("fg-dlt").state == "completed",
    ),
    Correction(
        "itu-t-collaboration-platforms",
        ITU,
        "Various platforms were established to support coordination and collaboration on "
        "various topics",
        lambda: all(
            roles_in(slug, "itu-t") == {"partner"}
            for slug in ("cits", "global-standards-collaboration", "world-standards-cooperation")
        ),
    ),
    Correction(
        "disaster-connectivity-map-with-the-etc",
        ITU,
        "With the ETC, ITU developed the Disaster Connectivity Map (DCM)",
        lambda: (
            roles_in("disaster-connectivity-map", "itu") == {"lead"}
            and roles_in("disaster-connectivity-map", "emergency-telecommunications-cluster")
            == {"partner"}
        ),
    ),
    Correction(
        "ai-for-road-safety-launched-october-2021",
        ITU,
        "Launched in October 2021, the initiative promotes an AI-enhanced approach to reduce "
        "fatalities",
        lambda: (
            day(prog("ai-for-road-safety").start) == "2021-10"
            and roles_in("ai-for-road-safety", "itu") == {"lead"}
        ),
    ),
    Correction(
        "women-in-cyber-mentorship-programme",
        ITU,
        "The Women in Cyber Mentorship Programme builds skills of junior women professionals "
        "entering the field of cybersecurity.",
        lambda: (
            roles_in("women-in-cyber-mentorship-programme", "itu") == {"lead"}
            and prog("women-in-cyber-mentorship-programme")
            .topics.filter(slug="network-security")
            .exists()
        ),
    ),
    Correction(
        "global-symposium-for-regulators-held-by-itu-d",
        ITU,
        "ITU, through its Development Sector, also holds an annual meeting for all "
        "telecommunications regulators on the occasion of the Global Symposium for Regulators "
        "(GSR)",
        lambda: roles_in("global-symposium-for-regulators", "itu-d") == {"lead"},
    ),
    Correction(
        "wsis-action-lines-c2-c5-c6-facilitated-by-itu",
        ITU,
        "ITU is the sole facilitator for three different WSIS Action Lines: C2 (Information and "
        "communication infrastructure), C5 (Building confidence and security in the use of "
        "ICTs), and C6 (Enabling environment).",
        lambda: all(
            part_of(slug) == "wsis-process"
            and partnership(slug, "itu").role == "lead"
            and partnership(slug, "itu").note == "Sole facilitator."
            for slug in ("wsis-action-line-c2", "wsis-action-line-c5", "wsis-action-line-c6")
        ),
    ),
    Correction(
        "wsis-action-line-c4-led-by-itu",
        ITU,
        "ITU has also been taking the lead role in facilitating WSIS Action Line C4 (Capacity "
        "building)",
        lambda: (
            part_of("wsis-action-line-c4") == "wsis-process"
            and roles_in("wsis-action-line-c4", "itu") == {"lead"}
        ),
    ),
    Correction(
        "committee-on-the-rights-of-the-child-recorded",
        ITU,
        "by the UN Committee on the Rights of the Child (CRC)",
        lambda: (
            parent("committee-on-the-rights-of-the-child") == "united-nations"
            and org("committee-on-the-rights-of-the-child").acronyms == ["CRC"]
        ),
    ),
    Correction(
        "itu-conferences-attendance-unknown",
        ITU,
        "The Global Forum on Emergency Telecommunications (GET-19), which took place 6–8 March "
        "2019, Balaclava, Mauritius.",
        lambda: attendance_unknown(
            "get-19", "wrc-19", "wtdc-22", "kaleidoscope-2018", "digital-inclusion-summit-2021"
        ),
    ),
    Correction(
        "wrc-19-and-wtdc-22-organised-not-hosted-by-itu",
        ITU,
        "during the 2019 World Radiocommunication Conference (WRC-19), ITU established "
        "regulatory procedures",
        lambda: (
            roles_at("wrc-19", "itu") == {"organiser"}
            and roles_at("wtdc-22", "itu") == {"organiser"}
        ),
    ),
    Correction(
        "kaleidoscope-2018-hosted-by-utn",
        ITU,
        "Kaleidoscope 2018: Machine Learning for a 5G Future was hosted by Universidad "
        "Tecnológica Nacional, Santa Fe, Argentina.",
        lambda: roles_at("kaleidoscope-2018", "universidad-tecnologica-nacional") == {"host"},
    ),
    # 001: the ITU profile, lines 407-578
    Correction(
        "itu-accessibility-text-without-a-lost-link",
        ITU,
        "including organising Accessible Americas and Accessible events. More information is "
        "available here.",
        lambda: (
            "More information is available here"
            not in topic_text("itu", "rights-of-persons-with-disabilities")
            and "Policy accordingly.\n" in topic_text("itu", "rights-of-persons-with-disabilities")
        ),
    ),
    Correction(
        "itu-wsis-sdg-matrix-unsplit",
        ITU,
        "noting the WSIS- SDG Matrix developed by UN agencies, This close interlink",
        lambda: (
            "WSIS- SDG" not in topic_text("itu", "interdisciplinary-approaches")
            and "WSIS-SDG Matrix developed by UN agencies. This"
            in topic_text("itu", "interdisciplinary-approaches")
        ),
    ),
    Correction(
        "itu-iot-local-name-smart-cities",
        ITU,
        "Within the work of ITU, the work related to the IoT also includes ‘Smart cities’.",
        lambda: (
            OrganisationTopic.objects.get(
                organisation__slug="itu", topic__slug="internet-of-things"
            ).local_name
            == "Smart cities"
        ),
    ),
    Correction(
        "itu-youth-initiatives-under-youth-engagement",
        ITU,
        "The initiatives detailed below have been implemented as part of the ITU Youth Strategy.",
        lambda: (
            "\n### Generation Connect Initiative\n" in org("itu").description
            and "\n## Generation Connect Initiative\n" not in org("itu").description
        ),
    ),
    Correction(
        "giga-global-and-described",
        ITU,
        "creating Giga, a unique global partnership with the bold ambition to connect every "
        "school in the world to the internet by 2030",
        lambda: (
            prog("giga").scope == "global"
            and "1.1 million schools" in prog("giga").description
            and not prog("giga").description.startswith(prog("giga").summary)
        ),
    ),
    Correction(
        "network-of-women-launched-by-bdt",
        ITU,
        "In 2021, BDT launched the Network of Women (NoW) at the World Telecommunication "
        "Development Conference (WTDC)",
        lambda: (
            in_programme("network-of-women", "lead") == {"bdt"}
            and roles_in("network-of-women", "itu") == set()
        ),
    ),
    Correction(
        "networks-of-women-for-wrc-23-and-wrc-19-split-off",
        ITU,
        "At the World Radiocommunication Seminar Online 2020, ITU-R launched the NoW for WRC-23",
        lambda: (
            in_programme("network-of-women-for-wrc-23", "lead") == {"itu-r"}
            and day(prog("network-of-women-for-wrc-23").start) == "2020"
            and Programme.objects.filter(slug="network-of-women-for-wrc-19").exists()
        ),
    ),
    Correction(
        "african-girls-can-code-led-by-itu-with-un-women-and-the-auc",
        ITU,
        "The African Girls Can Code Initiative (AGCCI) was started in Africa in collaboration "
        "with UN Women and the African Union Commission (AUC)",
        lambda: (
            in_programme("african-girls-can-code-initiative", "lead") == {"itu"}
            and in_programme("african-girls-can-code-initiative", "partner")
            == {"un-women", "african-union-commission"}
            and not in_programme("african-girls-can-code-initiative", "co_lead")
        ),
    ),
    Correction(
        "wsis-process-full-title",
        ITU,
        "The WSIS process was initiated by ITU in 1998",
        lambda: (
            prog("wsis-process").title == "World Summit on the Information Society process"
            and prog("wsis-process").acronym == "WSIS"
        ),
    ),
    Correction(
        "wsis-process-itu-role-in-full",
        ITU,
        "it led the organisation of the Summits in 2003 and 2005 in coordination with the UN "
        "system",
        lambda: (
            "led the organisation of the Summits in 2003 and 2005"
            in partnership("wsis-process", "itu").note
        ),
    ),
    Correction(
        "wsis-process-and-prizes-cite-the-overall-review",
        ITU,
        "Following the outcomes of the UN General Assembly Overall Review on WSIS (Res. A/70/125)",
        lambda: (
            cites_un(prog("wsis-process"), "a-res-70-125")
            and cites_un(prog("wsis-prizes"), "a-res-70-125")
            and not Partnership.objects.filter(programme__slug="wsis-prizes").exists()
        ),
    ),
    Correction(
        "wsis-forum-series-and-its-co-organisers",
        ITU,
        "Co-organised by ITU, UNESCO, the United Nations Development Programme (UNDP) and the "
        "United Nations Conference on Trade and Development (UNCTAD)",
        lambda: (
            in_programme("wsis-forum", "co_lead") == {"itu", "unesco", "undp", "unctad"}
            and series("wsis-forum-2021") == "wsis-forum"
            and series("wsis-forum-2022") == "wsis-forum"
        ),
    ),
    Correction(
        "itu-programmes-have-summaries",
        ITU,
        "with over 100 partners working together to ensure that women are given access",
        lambda: (
            not Programme.objects.filter(
                slug__in=[
                    "equals",
                    "african-girls-can-code-initiative",
                    "digital-currency-global-initiative",
                    "financial-inclusion-global-initiative",
                    "digital-regulation-handbook-and-platform",
                    "generation-connect",
                    "network-of-women",
                ],
                summary="",
            ).exists()
            and Programme.objects.filter(slug="equals").exists()
        ),
    ),
    Correction(
        "figi-co-led-by-the-world-bank-group-not-the-world-bank",
        ITU,
        "co-led by ITU, the World Bank Group, and the Committee on Payments and Market "
        "Infrastructures",
        lambda: (
            in_programme("financial-inclusion-global-initiative", "co_lead")
            == {"itu", "world-bank-group", "committee-on-payments-and-market-infrastructures"}
            and org("world-bank").acronyms == []
        ),
    ),
    Correction(
        "itu-world-bank-collaboration-since-2000",
        ITU,
        "The Digital Regulation Handbook and Platform is the result of ongoing collaboration "
        "between ITU and the World Bank, which started in 2000.",
        lambda: Relation.objects.filter(
            subject__slug="itu", kind="partner_of", object__slug="world-bank", start="2000"
        ).exists(),
    ),
    Correction(
        "equals-in-tech-awards-part-of-equals",
        ITU,
        "Under this initiative, ITU contributes with the annual flagship event the EQUALS in "
        "Tech Awards.",
        lambda: (
            part_of("equals-in-tech-awards") == "equals"
            and roles_in("equals-in-tech-awards", "itu") == {"lead"}
        ),
    ),
    Correction(
        "women-in-tech-network-and-challenge-led-by-itu",
        ITU,
        "Other activities such as the Women in Technology Challenge and the EQUALS Women in "
        "Tech Network led by ITU",
        lambda: (
            roles_in("women-in-technology-challenge", "itu") == {"lead"}
            and roles_in("equals-women-in-tech-network", "itu") == {"lead"}
        ),
    ),
    Correction(
        "dfs-security-lab-and-the-regional-telecom-bodies",
        ITU,
        "ITU has also set up a Digital Financial Services (DFS) Security Lab to collaborate "
        "with regulators",
        lambda: (
            in_programme("dfs-security-lab", "partner") == {"crasa", "eaco", "watra"}
            and in_programme("dfs-security-lab", "lead") == {"itu"}
        ),
    ),
    Correction(
        "insights-on-dfs-webinars-may-to-december-2020",
        ITU,
        "Twelve webinars were held between May and December 2020",
        lambda: (
            (
                day(prog("insights-on-digital-financial-services").start),
                day(prog("insights-on-digital-financial-services").end),
            )
            == ("2020-05", "2020-12")
        ),
    ),
    Correction(
        "itu-capacity-development-programmes-led-by-itu",
        ITU,
        "ITU also develops digital skills at basic and intermediate level to citizens through "
        "its Digital Transformation Centre (DTC) Initiative.",
        lambda: (
            Partnership.objects.filter(
                organisation__slug="itu",
                role="lead",
                programme__slug__in=[
                    "itu-academy",
                    "digital-transformation-centre-initiative",
                    "bridging-the-standardization-gap",
                    "digital-services-and-applications-programme",
                    "ecosystem-development-projects",
                    "itu-innovation-challenges",
                ],
            ).count()
            == 6
        ),
    ),
    Correction(
        "itu-e-waste-affiliations",
        ITU,
        "ITU plays a key role in the UN E-waste Coalition, is a founding partner of the Global "
        "E-waste Statistics Partnership (GESP), and collaborates with the Circular Electronics "
        "Partnership.",
        lambda: (
            partnership("global-e-waste-statistics-partnership", "itu").note
            == "A founding partner."
            and roles_in("un-e-waste-coalition", "itu") == {"member"}
            and roles_in("circular-electronics-partnership", "itu") == {"partner"}
        ),
    ),
    Correction(
        "indigenous-capacity-building-countries",
        ITU,
        "21 of whom have completed the full programme – from Argentina, Bolivia, Ecuador, "
        "Honduras, Mexico, and Peru",
        lambda: (
            codes("capacity-building-for-indigenous-communities")
            == ["AR", "BO", "EC", "HN", "MX", "PE"]
            and prog("capacity-building-for-indigenous-communities").scope == "regional"
        ),
    ),
    Correction(
        "indigenous-radio-network-course-2021",
        ITU,
        "A further course in 2021, on Innovative Communication Tools on How to Develop, Manage "
        "and Operate an Indigenous Radio Network",
        lambda: (
            series("indigenous-radio-network-course-2021")
            == "capacity-building-for-indigenous-communities"
            and roles_at("indigenous-radio-network-course-2021", "itu") == {"organiser"}
        ),
    ),
    Correction(
        "digital-inclusion-for-all-ages-and-its-four-organisers",
        ITU,
        "in the Digital Inclusion For All Ages event jointly organised with the United Nations "
        "Department of Economic and Social Affairs (UN DESA), the Office of the "
        "Secretary’s-General Envoy on Technology, and the NGO Committee on Ageing",
        lambda: (
            at_event("digital-inclusion-for-all-ages-2021", "organiser")
            == {
                "itu",
                "un-desa",
                "office-of-the-secretary-generals-envoy-on-technology",
                "ngo-committee-on-ageing",
            }
        ),
    ),
    Correction(
        "itu-youth-strategy-and-its-initiatives",
        ITU,
        "The ITU Youth Strategy ensures the participation of youth in ITU",
        lambda: (
            all(
                part_of(slug) == "itu-youth-strategy"
                for slug in (
                    "generation-connect",
                    "generation-connect-visionaries-board",
                    "i-codi-youth-challenge",
                )
            )
            and day(prog("i-codi-youth-challenge").start) == "2020"
            and roles_in("digital-skills-for-jobs-campaign", "itu") == {"lead"}
        ),
    ),
    Correction(
        "road-to-addis-series-and-its-two-events",
        ITU,
        "An event on International Youth Day 2021 saw participation of youth as equal partners "
        "alongside the leaders of today’s digital change, while the Partner2Connect Meeting "
        "2021 launched the Partner2Connect Coalition.",
        lambda: (
            set(
                Event.objects.filter(programme__slug="road-to-addis").values_list("slug", flat=True)
            )
            == {"road-to-addis-international-youth-day-2021", "partner2connect-meeting-2021"}
            and not Partnership.objects.filter(programme__slug="partner2connect-coalition").exists()
        ),
    ),
    Correction(
        "generation-connect-global-youth-summit-2022",
        ITU,
        "Generation Connect, launched in 2020, prepared the way for the journey to World "
        "Telecommunication Development Conference 2022 and the Generation Connect Global Youth "
        "Summit in 2022.",
        lambda: (
            series("generation-connect-global-youth-summit-2022") == "generation-connect"
            and at_event("generation-connect-global-youth-summit-2022") == set()
        ),
    ),
    Correction(
        "itu-co-chair-of-ianyd-since-march-2021",
        ITU,
        "Since March 2021, ITU has been the co-chair of the United Nations Inter-Agency Network "
        "on Youth Development (IANYD) with a one-year mandate.",
        lambda: (
            day(relation("itu", "member_of", "ianyd").start) == "2021-03"
            and relation("itu", "member_of", "ianyd").end is None
        ),
    ),
    Correction(
        "itu-and-the-office-of-the-envoy-on-youth",
        ITU,
        "including the co-creation of the Digital Technology session of the #YouthLead "
        "Innovation Festival",
        lambda: (
            related("itu", "partner_of", "office-of-the-secretary-generals-envoy-on-youth")
            and roles_in("itu-youth-strategy", "office-of-the-secretary-generals-envoy-on-youth")
            == {"partner"}
            and at_event("youthlead-innovation-festival-digital-technology-session", "organiser")
            == {"itu", "office-of-the-secretary-generals-envoy-on-youth"}
        ),
    ),
    Correction(
        "wsis-stocktaking-database-maintained-since-2004",
        ITU,
        "in accordance with paragraph 120 of the Tunis Agenda for the Information Society "
        "adopted by WSIS, ITU has been maintaining the WSIS Stocktaking Database since 2004",
        lambda: (
            roles_in("wsis-stocktaking", "itu") == {"lead"}
            and day(prog("wsis-stocktaking").start) == "2004"
            and cites_un(prog("wsis-stocktaking"), "tunis-agenda")
        ),
    ),
    Correction(
        "ungis-established-in-2006",
        ITU,
        "Established in 2006 after WSIS",
        lambda: day(org("ungis").founded) == "2006" and parent("ungis") == "united-nations",
    ),
    Correction(
        "partnership-on-measuring-ict-for-development",
        ITU,
        "Partnership on Measuring ICT for Development is an international, multistakeholder "
        "initiative",
        lambda: (
            prog("partnership-on-measuring-ict-for-development").kind == "initiative"
            and not Partnership.objects.filter(
                programme__slug="partnership-on-measuring-ict-for-development"
            ).exists()
        ),
    ),
    Correction(
        "connectivity-targets-announced-in-2022-with-the-envoy-on-technology",
        ITU,
        "ITU also works in close collaboration with the Office of the United Nations "
        "Secretary-General’s Envoy on Technology and in 2022 announced",
        lambda: (
            day(prog("universal-meaningful-connectivity-targets").start) == "2022"
            and roles_in("universal-meaningful-connectivity-targets", "itu") == {"lead"}
            and related("itu", "partner_of", "office-of-the-secretary-generals-envoy-on-technology")
        ),
    ),
    Correction(
        "connectivity-targets-cite-the-roadmap",
        ITU,
        "developed as part of the implementation of the UN Secretary-General’s Roadmap for "
        "Digital Cooperation",
        lambda: cites_un(
            prog("universal-meaningful-connectivity-targets"), "roadmap-for-digital-cooperation"
        ),
    ),
    Correction(
        "project-connect-part-of-giga",
        ITU,
        "Giga’s Project Connect map provides a real-time display of access and gaps",
        lambda: part_of("project-connect") == "giga",
    ),
    Correction(
        "accessible-africa-2021-online",
        ITU,
        "Accessible Africa, virtual, 2021.",
        lambda: (
            event("accessible-africa-2021").attendance == "online"
            and roles_at("accessible-africa-2021", "itu") == {"organiser"}
        ),
    ),
    Correction(
        "accessible-asia-pacific-2021-online",
        ITU,
        "Accessible Asia-Pacific (ASP): Regional Dialogue on Digital Transformation: Gearing Up "
        "for Inclusive and Sustainable Development, virtual event, 2021.",
        lambda: (
            event("accessible-asia-pacific-2021").attendance == "online"
            and roles_at("accessible-asia-pacific-2021", "itu") == {"organiser"}
        ),
    ),
    Correction(
        "accessible-americas-and-arab-region-attendance-unknown",
        ITU,
        "Accessible Americas: ICT for ALL, Cuba 2021",
        lambda: attendance_unknown("accessible-americas-2021", "accessible-arab-region-2021"),
    ),
    Correction(
        "wsis-forum-2021-attendance-unknown",
        ITU,
        "WSIS Forum 2021 featured ICTs and Accessibility for Persons with Disabilities and "
        "Specific Needs, with virtual workshops on innovative technologies",
        lambda: event("wsis-forum-2021").attendance == "",
    ),
    Correction(
        "wsis-forum-2022-recorded",
        ITU,
        "ITU and UNESCO are developing activities for rollout at the WSIS Forum 2022",
        lambda: day(event("wsis-forum-2022").start) == "2022",
    ),
    Correction(
        "world-radiocommunication-seminar-2020-online",
        ITU,
        "At the World Radiocommunication Seminar Online 2020",
        lambda: (
            event("world-radiocommunication-seminar-2020").attendance == "online"
            and at_event("world-radiocommunication-seminar-2020") == set()
        ),
    ),
    Correction(
        "plenipotentiary-conference-2018-recorded",
        ITU,
        "established in 2018 by the Plenipotentiary Conference",
        lambda: (
            day(event("plenipotentiary-conference-2018").start) == "2018"
            and at_event("plenipotentiary-conference-2018") == set()
        ),
    ),
    Correction(
        "digital-inclusion-summit-ilo-a-partner-not-an-organiser",
        ITU,
        "organised by the International Training Centre in collaboration with the International "
        "Labour Organization (ILO) (July 2021)",
        lambda: (
            roles_at("digital-inclusion-summit-2021", "ilo") == {"partner"}
            and at_event("digital-inclusion-summit-2021", "organiser")
            == {"international-training-centre"}
        ),
    ),
    # 002-004: Tech Against Terrorism
    Correction(
        "bangkok-dialogue-co-hosted-by-the-ministries",
        BANGKOK,
        "Co-hosted by the Ministries of Foreign Affairs of the Republic of Korea and Thailand",
        lambda: (
            at_event("asia-ict-and-ct-dialogue-bangkok-2018", "co_host")
            == {
                "ministry-of-foreign-affairs-of-the-republic-of-korea",
                "ministry-of-foreign-affairs-of-thailand",
            }
        ),
    ),
    Correction(
        "korea-recorded-as-its-government-not-the-country",
        LAUNCH,
        "the Permanent Mission of the Republic of Korea to the United Nations",
        lambda: (
            parent("permanent-mission-of-the-republic-of-korea")
            == "government-of-the-republic-of-korea"
            and parent("ministry-of-foreign-affairs-of-the-republic-of-korea")
            == "government-of-the-republic-of-korea"
            and not Organisation.objects.filter(name="Republic of Korea").exists()
        ),
    ),
    Correction(
        "thailand-recorded-as-its-government-not-the-country",
        BANGKOK,
        "the Ministries of Foreign Affairs of the Republic of Korea and Thailand",
        lambda: (
            parent("ministry-of-foreign-affairs-of-thailand") == "government-of-thailand"
            and not Organisation.objects.filter(name="Thailand").exists()
        ),
    ),
    Correction(
        "spanish-mission-to-the-united-nations",
        LAUNCH,
        "H.E. Ambassador Roman Oyarzun Marchesi of the Permanent Mission of Spain",
        lambda: (
            org("permanent-mission-of-spain").name
            == "Permanent Mission of Spain to the United Nations"
        ),
    ),
    Correction(
        "swiss-mission-to-the-united-nations",
        LAUNCH,
        "H. E. Oliver Zehnder of the Permanent Mission of Switzerland",
        lambda: (
            org("permanent-mission-of-switzerland").name
            == "Permanent Mission of Switzerland to the United Nations"
        ),
    ),
    Correction(
        "launch-2017-co-hosted-by-three",
        LAUNCH,
        "the Permanent Mission of the Republic of Korea to the United Nations, along with the "
        "United Nations Counter-Terrorism Committee Executive Directorate (CTED), and Swiss "
        "non-governmental organization ICT4Peace, hosted an event to launch the next phase",
        lambda: (
            at_event("tech-against-terrorism-next-phase-launch-2017", "co_host")
            == {"permanent-mission-of-the-republic-of-korea", "un-cted", "ict4peace"}
            and not at_event("tech-against-terrorism-next-phase-launch-2017", "host")
        ),
    ),
    Correction(
        "korean-mission-hosted-the-launch-not-the-programme",
        LAUNCH,
        "Tech against Terrorism, a joint project between CTED and ICT4Peace, is a "
        "public-private partnership",
        lambda: (
            not Partnership.objects.filter(
                programme__slug__startswith="tech-against-terrorism",
                organisation__slug="permanent-mission-of-the-republic-of-korea",
            ).exists()
        ),
    ),
    Correction(
        "tech-against-terrorism-events-attendance-unknown",
        BANGKOK,
        "a workshop on information and communications technologies (ICT) and counter-terrorism "
        "(CT) was held in Bangkok",
        lambda: attendance_unknown(
            "tech-against-terrorism-next-phase-launch-2017",
            "asia-ict-and-ct-dialogue-jeju-2017",
            "asia-ict-and-ct-dialogue-bangkok-2018",
            "asia-ict-and-ct-dialogue-third-workshop",
            "tech-against-terrorism-uk-startup-workshops",
            "osce-cve-conference",
        ),
    ),
    Correction(
        "asia-ict-and-ct-dialogue-series",
        BANGKOK,
        "this was the 2nd Asia ICT and CT Dialogue",
        lambda: (
            prog("asia-ict-and-ct-dialogue").scope == "regional"
            and codes("asia-ict-and-ct-dialogue") == ["KR", "TH"]
            and day(prog("asia-ict-and-ct-dialogue").start) == "2017-05"
            and not Partnership.objects.filter(programme__slug="asia-ict-and-ct-dialogue").exists()
        ),
    ),
    Correction(
        "asia-dialogue-workshops-linked-to-the-series",
        BANGKOK,
        "Whereas the first workshop – held in Jeju, Republic of Korea, in May 2017 – had "
        "enabled participants to discuss current challenges, the second gathering deepened",
        lambda: (
            set(
                Event.objects.filter(programme__slug="asia-ict-and-ct-dialogue").values_list(
                    "slug", flat=True
                )
            )
            == {
                "asia-ict-and-ct-dialogue-jeju-2017",
                "asia-ict-and-ct-dialogue-bangkok-2018",
                "asia-ict-and-ct-dialogue-third-workshop",
            }
        ),
    ),
    Correction(
        "asia-dialogue-third-workshop-2018",
        BANGKOK,
        "It is anticipated that the third workshop (tentatively scheduled for the second half "
        "of 2018) will produce an agreement on general principles",
        lambda: (
            day(event("asia-ict-and-ct-dialogue-third-workshop").start) == "2018"
            and event("asia-ict-and-ct-dialogue-third-workshop").city == ""
            and at_event("asia-ict-and-ct-dialogue-third-workshop") == set()
        ),
    ),
    Correction(
        "jeju-workshop-has-no-cted-participant",
        BANGKOK,
        "this was the 2nd Asia ICT and CT Dialogue involving the United Nations "
        "Counter-Terrorism Committee Executive Directorate (CTED)",
        lambda: (
            at_event("asia-ict-and-ct-dialogue-jeju-2017") == set()
            and roles_at("asia-ict-and-ct-dialogue-bangkok-2018", "un-cted") == {"participant"}
        ),
    ),
    Correction(
        "bangkok-summary-names-the-ministries-and-the-purpose",
        BANGKOK,
        "with a focus on exploring practical ways to strengthen the implementation of all "
        "relevant Security Council resolutions in this area",
        lambda: (
            "Ministries of Foreign Affairs"
            in event("asia-ict-and-ct-dialogue-bangkok-2018").summary
            and "Security Council resolutions"
            in event("asia-ict-and-ct-dialogue-bangkok-2018").summary
        ),
    ),
    Correction(
        "knowledge-sharing-platform-follows-the-first-phase",
        LAUNCH,
        "hosted an event to launch the next phase of Tech against Terrorism, a "
        "knowledge-sharing platform (KSP)",
        lambda: (
            follows("tech-against-terrorism-knowledge-sharing-platform")
            == "tech-against-terrorism-first-phase"
            and part_of("tech-against-terrorism-knowledge-sharing-platform")
            == "tech-against-terrorism"
        ),
    ),
    Correction(
        "knowledge-sharing-platform-active",
        LAUNCH,
        "The knowledge-sharing platform establishes a sustainable mechanism to coordinate "
        "governments with the tech sector",
        lambda: prog("tech-against-terrorism-knowledge-sharing-platform").state == "active",
    ),
    Correction(
        "tech-against-terrorism-cites-resolutions-2395-and-2396",
        BANGKOK,
        "had been recognized by several Security Council resolutions, including 2395 (2017) and "
        "2396 (2017)",
        lambda: (
            cites_un(prog("tech-against-terrorism"), "s-res-2395-2017")
            and cites_un(prog("tech-against-terrorism"), "s-res-2396-2017")
        ),
    ),
    Correction(
        "tech-against-terrorism-cites-s-2017-375",
        OSCE,
        "The project was recently referred to in UN Security Council document S/2017/375 on the "
        "“Comprehensive international framework to counter terrorist narratives”",
        lambda: cites_un(prog("tech-against-terrorism"), "s-2017-375"),
    ),
    Correction(
        "tech-against-terrorism-description-aims-strands-and-recognition",
        OSCE,
        "There are currently three main strands to the work being carried out by ICT4Peace and "
        "UN CTED under the Tech Against Terrorism banner",
        lambda: all(
            words in prog("tech-against-terrorism").description
            for words in (
                "## Strands of work",
                "London",
                "S/2017/375",
                "2395 (2017)",
                "2396 (2017)",
            )
        ),
    ),
    Correction(
        "first-phase-worked-around-the-world",
        OSCE,
        "carried out the first phase of a project addressing the problem of terrorist use of "
        "internet and communications technology around the world",
        lambda: (
            prog("tech-against-terrorism-first-phase").scope == "global"
            and "Security Council" in prog("tech-against-terrorism-first-phase").summary
        ),
    ),
    Correction(
        "first-strand-works-in-the-uk",
        OSCE,
        "workshops for IT Start-up companies and focus group sessions in London and elsewhere "
        "in the UK, in partnership with Facebook, Google, Twitter, Microsoft and others",
        lambda: (
            codes("tech-against-terrorism-understanding-the-problem") == ["GB"]
            and prog("tech-against-terrorism-understanding-the-problem").scope == ""
        ),
    ),
    Correction(
        "uk-startup-workshops-as-an-event",
        OSCE,
        "We are doing this initially by organising workshops for IT Start-up companies",
        lambda: (
            at_event("tech-against-terrorism-uk-startup-workshops", "partner")
            == {"facebook", "google", "twitter", "microsoft"}
            and at_event("tech-against-terrorism-uk-startup-workshops", "organiser")
            == {"ict4peace", "un-cted"}
            and event("tech-against-terrorism-uk-startup-workshops").country.code == "GB"
            and event("tech-against-terrorism-uk-startup-workshops").start is None
        ),
    ),
    Correction(
        "osce-cve-conference-as-an-undated-event",
        OSCE,
        "OSCE CVE conference intervention: short version",
        lambda: (
            event("osce-cve-conference").start is None
            and at_event("osce-cve-conference") == {"osce"}
            and roles_at("osce-cve-conference", "osce") == {"organiser"}
        ),
    ),
    Correction(
        "tech-against-terrorism-companies-are-industry-leaders-it-brings-together",
        LAUNCH,
        "a public-private partnership that brings together ICT industry leaders",
        lambda: (
            all(
                link.note.startswith("One of the ICT industry leaders")
                for link in Partnership.objects.filter(
                    programme__slug="tech-against-terrorism", role="partner"
                )
            )
            and Partnership.objects.filter(
                programme__slug="tech-against-terrorism", role="partner"
            ).count()
            == 6
        ),
    ),
    Correction(
        "kovalenko-membership-cites-the-bangkok-report",
        BANGKOK,
        "Mr. Andrei Kovalenko, Director in charge of the Administration and Information Office "
        "of CTED",
        lambda: Membership.objects.filter(
            person__slug="andrei-kovalenko", organisation__slug="un-cted", sources__slug=BANGKOK
        ).exists(),
    ),
    Correction(
        "ict4peace-partner-of-cted",
        OSCE,
        "the work being carried out by ICT4Peace and UN CTED under the Tech Against Terrorism "
        "banner",
        lambda: related("ict4peace", "partner_of", "un-cted"),
    ),
    Correction(
        "cted-partner-of-the-prosecutors-and-unodc",
        BANGKOK,
        "Another project, undertaken with the International Association of Prosecutors (IAP) "
        "and the United Nations Office on Drugs and Crime (UNODC)",
        lambda: (
            related("un-cted", "partner_of", "international-association-of-prosecutors")
            and related("un-cted", "partner_of", "unodc")
        ),
    ),
    Correction(
        "launch-2017-described-without-its-lost-links",
        LAUNCH,
        "The webcast recording of the event can be accessed here",
        lambda: (
            event("tech-against-terrorism-next-phase-launch-2017").description.startswith(
                "Hosted by the Permanent Mission of the Republic of Korea"
            )
            and not event("tech-against-terrorism-next-phase-launch-2017").links.exists()
        ),
    ),
    Correction(
        "no-record-keeps-the-emptied-link-brackets",
        BANGKOK,
        "The project, called Tech Against Terrorism () and involving major Internet and social "
        "media platforms",
        lambda: (
            not any(
                "Tech Against Terrorism ()" in text
                for model, fields in (
                    (Programme, ("title", "summary", "description")),
                    (Event, ("title", "summary", "description")),
                    (Organisation, ("name", "summary", "description")),
                )
                for values in model.objects.values_list(*fields)
                for text in values
            )
        ),
    ),
    Correction(
        "wsis-2003-titled-for-the-summit-and-its-place",
        HISTORY,
        "to host the UN World Summit on the Information Society in Geneva (WSIS 2003)",
        lambda: (
            event("wsis-2003-geneva").title
            == "World Summit on the Information Society 2003 – Geneva"
        ),
    ),
    Correction(
        "wsis-2003-hosted-by-the-swiss-government-not-where-the-concept-was-coined",
        HISTORY,
        "coined for the first time in 2003 by Ambassador Daniel Stauffacher during his work as "
        "the Special Representative of the Swiss Government",
        lambda: (
            "hosted by the Swiss Government" in event("wsis-2003-geneva").summary
            and "where Ambassador" not in event("wsis-2003-geneva").summary
        ),
    ),
    Correction(
        "wsis-2005-cites-the-tunis-agenda",
        IGF,
        "The IGF mandate was outlined in the Tunis Agenda for the Information Society",
        lambda: cites(event("wsis-2005-tunis"), "tunis-agenda"),
    ),
    Correction(
        "wsis-action-line-c2-filed-under-telecommunication-infrastructure",
        ITU,
        "ITU is also the facilitator of WSIS Action Line",
        lambda: (
            prog("wsis-action-line-c2")
            .topics.filter(slug="telecommunication-infrastructure")
            .exists()
        ),
    ),
    Correction(
        "itu-academy-trains-cybersecurity-professionals",
        ITU,
        "Through the ITU Academy, ITU offers a number of training courses for professionals in "
        "the field of cybersecurity.",
        lambda: prog("itu-academy").topics.filter(slug="network-security").exists(),
    ),
]

# Full names no stored document gives: each comes from the organisation's own website,
# recorded as a Source of kind "website" with no stored copy; the "quote" is that
# Source's publisher, which must be the name the record now bears.
ON_RECORD = [
    Correction(
        "un-cito-named-by-its-office-not-a-job-title",
        "website-un-cito",
        "Office of Information and Communications Technology",
        lambda: (
            named_from(
                "un-cito", "website-un-cito", "Office of Information and Communications Technology"
            )
            and cites(org("un-cito"), HISTORY)
        ),
    ),
    Correction(
        "genocide-prevention-office-named-by-the-office-not-a-job-title",
        "website-un-special-adviser-prevention-of-genocide",
        "United Nations Office on Genocide Prevention and the Responsibility to Protect",
        lambda: named_from(
            "un-special-adviser-prevention-of-genocide",
            "website-un-special-adviser-prevention-of-genocide",
            "United Nations Office on Genocide Prevention and the Responsibility to Protect",
        ),
    ),
    Correction(
        "asean-named-in-full",
        "website-asean",
        "Association of Southeast Asian Nations",
        lambda: named_from("asean", "website-asean", "Association of Southeast Asian Nations"),
    ),
    Correction(
        "osce-named-in-full",
        "website-osce",
        "Organization for Security and Co-operation in Europe",
        lambda: (
            named_from(
                "osce", "website-osce", "Organization for Security and Co-operation in Europe"
            )
            and "OSCE" in org("osce").acronyms
        ),
    ),
    Correction(
        "eth-zurich-named-in-full",
        "website-eth-zurich",
        "Eidgenössische Technische Hochschule Zürich",
        lambda: (
            named_from(
                "eth-zurich", "website-eth-zurich", "Eidgenössische Technische Hochschule Zürich"
            )
            and "ETH Zurich" in org("eth-zurich").acronyms
        ),
    ),
    Correction(
        "georgia-tech-named-in-full",
        "website-georgia-tech",
        "Georgia Institute of Technology",
        lambda: (
            named_from("georgia-tech", "website-georgia-tech", "Georgia Institute of Technology")
            and "Georgia Tech" in org("georgia-tech").acronyms
        ),
    ),
    Correction(
        "france-recorded-as-its-government",
        "website-government-of-france",
        "Government of France",
        lambda: (
            named_from(
                "government-of-france", "website-government-of-france", "Government of France"
            )
            and cites(
                partnership("paris-call", "government-of-france"), "website-government-of-france"
            )
        ),
    ),
    Correction(
        "itu-named-in-full",
        "website-itu",
        "International Telecommunication Union",
        lambda: named_from("itu", "website-itu", "International Telecommunication Union"),
    ),
    Correction(
        "unidir-named-in-full",
        "website-unidir",
        "United Nations Institute for Disarmament Research",
        lambda: (
            named_from(
                "unidir", "website-unidir", "United Nations Institute for Disarmament Research"
            )
            and org("unidir").acronyms == ["UNIDIR"]
        ),
    ),
    Correction(
        "who-named-in-full",
        "website-who",
        "World Health Organization",
        lambda: named_from("who", "website-who", "World Health Organization"),
    ),
    Correction(
        "unep-named-in-full",
        "website-unep",
        "United Nations Environment Programme",
        lambda: named_from("unep", "website-unep", "United Nations Environment Programme"),
    ),
    Correction(
        "unece-named-in-full",
        "website-unece",
        "United Nations Economic Commission for Europe",
        lambda: named_from(
            "unece", "website-unece", "United Nations Economic Commission for Europe"
        ),
    ),
    Correction(
        "un-habitat-named-in-full",
        "website-un-habitat",
        "United Nations Human Settlements Programme",
        lambda: named_from(
            "un-habitat", "website-un-habitat", "United Nations Human Settlements Programme"
        ),
    ),
    Correction(
        "interpol-named-in-full",
        "website-interpol",
        "International Criminal Police Organization",
        lambda: named_from(
            "interpol", "website-interpol", "International Criminal Police Organization"
        ),
    ),
    Correction(
        "african-union-commission-part-of-the-african-union",
        "website-african-union",
        "African Union",
        lambda: (
            named_from("african-union", "website-african-union", "African Union")
            and parent("african-union-commission") == "african-union"
            and cites(org("african-union-commission"), "website-african-union")
        ),
    ),
    Correction(
        "gsma-named-as-the-association-not-the-standard",
        "website-gsma",
        "GSM Association",
        lambda: (
            named_from("gsma", "website-gsma", "GSM Association")
            and org("gsma").acronyms == ["GSMA"]
        ),
    ),
    Correction(
        "international-training-centre-named-as-the-ilos",
        "website-international-training-centre",
        "International Training Centre of the International Labour Organization",
        lambda: (
            named_from(
                "international-training-centre",
                "website-international-training-centre",
                "International Training Centre of the International Labour Organization",
            )
            and parent("international-training-centre") == "ilo"
        ),
    ),
    Correction(
        "world-bank-part-of-the-world-bank-group",
        "website-world-bank",
        "World Bank Group",
        lambda: (
            named_from("world-bank-group", "website-world-bank", "World Bank Group")
            and parent("world-bank") == "world-bank-group"
            and cites(org("world-bank"), "website-world-bank")
        ),
    ),
]


# Reading the documents.

# Typographic quotes and dashes count as their plain forms; spacing does not count.
PLAIN = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "‑": "-",
    }
)


def plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(PLAIN).split())


@cache
def stored_copies() -> dict[str, Path]:
    """The stored copy of each document Source, by its slug (from fixtures/05_sources.yaml)."""
    records = yaml.safe_load((FIXTURES / "05_sources.yaml").read_text(encoding="utf-8"))
    return {
        record["fields"]["slug"]: FIXTURES / "sources" / Path(record["fields"]["file"]).name
        for record in records
        if record["fields"].get("file")
    }


@cache
def document(slug: str) -> str:
    return plain(stored_copies()[slug].read_text(encoding="utf-8"))


@pytest.mark.parametrize("correction", CORRECTIONS + ON_RECORD, ids=lambda c: c.id)
def test_the_correction_holds(db_seeded, correction):
    assert correction.check(), f"not held; {correction.source} says: «{correction.quote}»"


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: c.id)
def test_the_quote_is_in_the_document_it_names(correction):
    assert correction.source in stored_copies(), f"{correction.source} has no stored copy"
    assert plain(correction.quote) in document(correction.source), (
        f"{correction.source} does not say: «{correction.quote}»"
    )


@pytest.mark.parametrize("correction", ON_RECORD, ids=lambda c: c.id)
def test_the_website_source_is_the_one_named(db_seeded, correction):
    source = Source.objects.get(slug=correction.source)
    assert source.kind == "website", source
    assert not source.file, f"{source} has a stored copy: quote it instead"
    assert source.url, source
    assert source.publisher == correction.quote, (source.publisher, correction.quote)


def test_every_correction_has_its_own_id():
    ids = [correction.id for correction in CORRECTIONS + ON_RECORD]
    assert len(ids) == len(set(ids))
