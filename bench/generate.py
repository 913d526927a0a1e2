"""Synthetic, obviously fake data for the benchmarks, into a PostgreSQL database of its own.

``python -m bench.generate --events 100000 --database postgres://…/cp_bench_100k``
creates the database afresh, migrates it and fills it in proportion to the
number of events (per 100k events: 10k organisations, 5k programmes, 20k
people, 200 topics, 10k sources; two host roles and one or two speakers per
event, three partners per programme), every record published and citing a
source, each with its history rows, since the change feed reads them.

Rows go in with COPY, built from the models' own columns, so that a column
added later takes its default (and a trigger-filled one, such as a search
vector, is filled as on any insert). A database this version of the
generator already filled, on the same migrations, is kept: its comment
records both.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VERSION = 2
TEMPLATE = "cp_bench_template"

KINDS = {
    "stakeholder_group": [
        "ngo", "intergovernmental", "government", "academia", "private_sector",
        "technical_community", "partnership",
    ],
    "programme": ["programme", "project", "initiative", "platform", "process", "network"],
    "state": ["planned", "active", "completed", ""],
    "scope": ["global", "regional", "national", ""],
    "event": [
        "conference", "workshop", "launch", "meeting", "forum", "dialogue", "webinar",
        "training", "session",
    ],
    "attendance": ["in_person", "online", "hybrid", ""],
    "relation": ["member_of", "partner_of", "supported_by", "observer_of", "founded_by"],
    "source": ["web_page", "report", "press_release", "statement", "profile", "website"],
}  # fmt: skip
COUNTRIES = [
    "CH", "US", "GB", "FR", "DE", "KE", "NG", "ZA", "BR", "AR", "MX", "CA", "JP", "KR", "IN",
    "ID", "SG", "AU", "NZ", "EG", "MA", "TN", "SN", "GH", "ET", "SE", "NO", "FI", "DK", "NL",
    "BE", "ES", "IT", "PT", "PL", "EE", "LT", "UA", "TR", "AE",
]  # fmt: skip


def fake_words(count: int = 300) -> list[str]:
    """Made-up words (qaboka, zuveli…) no other word of the data starts with, so that a
    search for one finds exactly the records it was given to: one in ``count`` of each kind."""
    letters = itertools.product("qxz", "aeiou", "bdfgklmnprstv", "aeiou", "bdfgklmnprstv", "aeiou")
    every = list(letters)
    step = len(every) // count
    return ["".join(every[i * step]) for i in range(count)]


WORDS = fake_words()
# The word the bench searches for: at 100k events, some hundreds of records have it.
SEARCH_WORD = WORDS[0]


@dataclass(frozen=True)
class Sizes:
    events: int

    @property
    def topics(self) -> int:
        return max(20, self.events // 500)

    @property
    def sources(self) -> int:
        return max(50, self.events // 10)

    @property
    def organisations(self) -> int:
        return max(100, self.events // 10)

    @property
    def people(self) -> int:
        return max(200, self.events // 5)

    @property
    def programmes(self) -> int:
        return max(50, self.events // 20)

    def typical(self) -> dict[str, str]:
        """Slugs of records with a typical number of links, for the detail pages."""
        return {
            "organisation": f"bench-organisation-{self.organisations // 2}",
            "programme": f"bench-programme-{self.programmes // 2}",
            "event": f"bench-event-{self.events // 2}",
            "topic": f"bench-topic-{self.topics // 2}",
            "person": f"bench-person-{self.people // 2}",
            "source": f"bench-source-{self.sources // 2}",
        }


# The records' history spans these three years, in the order they were made.
HISTORY_START = datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC)
HISTORY_SPAN = datetime.timedelta(days=3 * 365)


def marker(events: int) -> str:
    """What a filled database's comment says: the generator's version, its size (0: the
    empty template), and a digest of the migrations it was made on."""
    names = sorted(str(path.relative_to(BASE_DIR)) for path in BASE_DIR.glob("*/migrations/0*.py"))
    digest = hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]
    return f"cyberpeace bench generator v{VERSION}, {events} events, migrations {digest}"


class Progress:
    """Stage, rows done of the total, seconds since the start, on stderr, about once a second."""

    def __init__(self, label: str, stream=sys.stderr) -> None:
        self.label = label
        self.stream = stream
        self.started = time.monotonic()
        self.last = 0.0

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def say(self, text: str) -> None:
        print(f"[{self.label} {self.elapsed():6.1f} s] {text}", file=self.stream, flush=True)

    def rows(self, stage: str, done: int, total: int, *, final: bool = False) -> None:
        now = time.monotonic()
        if final or now - self.last >= 1.0:
            self.last = now
            self.say(f"{stage}: {done}/{total} rows")


def admin_url(url: str, dbname: str = "postgres") -> str:
    """``url`` with its database replaced by ``dbname``: where to create or drop it from."""
    base, _, _ = url.rpartition("/")
    return f"{base}/{dbname}"


def database_name(url: str) -> str:
    return url.rpartition("/")[2].split("?")[0]


def stored_marker(url: str) -> str | None:
    import psycopg

    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database_name(url)],
        ).fetchone()
    return row[0] if row else None


def recreate(url: str, template: str | None = None) -> None:
    import psycopg
    from psycopg import sql

    name = sql.Identifier(database_name(url))
    create = sql.SQL("CREATE DATABASE {}").format(name)
    if template:
        create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(create)


def migrated_template(url: str, progress: Progress) -> str:
    """The name of an empty database migrated as this checkout's migrations say, made once
    (migrating takes a minute): each size's database starts as a copy of it."""
    template_url = admin_url(url, TEMPLATE)
    wanted = marker(0)
    if stored_marker(template_url) != wanted:
        progress.say(f"migrating {TEMPLATE}, the empty database each size starts from")
        recreate(template_url)
        env = {**os.environ, "DATABASE_URL": template_url}
        env.setdefault("DJANGO_SETTINGS_MODULE", "cyberpeace.settings")
        subprocess.run(  # our own psql, fixed arguments  # nosec B603
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=BASE_DIR,
            env=env,
            check=True,
        )
        mark(template_url, wanted)
    return TEMPLATE


def mark(url: str, text: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url(url), autocommit=True) as connection:
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(database_name(url)), sql.Literal(text)
            )
        )


class Writer:
    """COPYs rows (dicts by attribute name) into a model's table; a column a row leaves
    out takes the field's default."""

    def __init__(self, connection, progress: Progress) -> None:
        self.connection = connection
        self.progress = progress

    def copy(self, model, rows: list[dict]) -> None:
        fields = [
            field for field in model._meta.concrete_fields if not getattr(field, "generated", False)
        ]
        columns = ", ".join(self.connection.ops.quote_name(field.column) for field in fields)
        defaults = {
            field.attname: field.get_db_prep_save(field.get_default(), self.connection)
            for field in fields
        }
        names = [field.attname for field in fields]
        stage = model._meta.db_table
        done, total = 0, len(rows)
        statement = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        with self.connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[name] if name in row else defaults[name] for name in names])
                done += 1
                if done % 5000 == 0:
                    self.progress.rows(stage, done, total)
        self.progress.rows(stage, done, total, final=True)


def moment(rank: float) -> datetime.datetime:
    """A time within the history's span, ``rank`` between 0 and 1."""
    return HISTORY_START + HISTORY_SPAN * rank


def partial_day(rng: random.Random, first: int = 2000, last: int = 2027) -> str | None:
    """A start as the sources give one: mostly a day, sometimes a month or a year, rarely none."""
    year, month, day = rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28)
    draw = rng.random()
    if draw < 0.8:
        return f"{year}-{month:02d}-{day:02d}"
    if draw < 0.9:
        return f"{year}-{month:02d}"
    if draw < 0.98:
        return str(year)
    return None


def distinct(rng: random.Random, count: int, upper: int, exclude: int = 0) -> list[int]:
    """``count`` different ids from 1 to ``upper``, none of them ``exclude``."""
    chosen: list[int] = []
    while len(chosen) < count:
        pick = rng.randint(1, upper)
        if pick != exclude and pick not in chosen:
            chosen.append(pick)
    return chosen


@dataclass
class Table:
    """How to make the rows of one model, and which of their many-to-many fields to fill."""

    label: str
    make: Callable[[], Iterator[dict]]
    m2m: tuple[str, ...] = ("sources",)


def published(i: int, total: int, offset: float) -> dict:
    """What every public record shares: published, made at its place in the history."""
    at = moment((i / total + offset) % 1.0)
    return {
        "status": "published",
        "created_at": at,
        "updated_at": at,
        "created_by_id": None,
        "review_note": "",
        "sent_back_at": None,
    }


def tables(sizes: Sizes) -> list[Table]:
    """Every table the generator fills, in an order that satisfies their foreign keys."""
    n = sizes

    def rng(name: str) -> random.Random:
        return random.Random(f"{name}-{n.events}")  # noqa: S311 (fake data, repeatable)  # nosec B311

    def cite(r: random.Random) -> list[int]:
        return distinct(r, 1 if r.random() < 0.8 else 2, n.sources)

    def sources() -> Iterator[dict]:
        r = rng("sources")
        for i in range(1, n.sources + 1):
            yield {
                "id": i,
                **published(i, n.sources, 0.0),
                "slug": f"bench-source-{i}",
                "title": f"Bench Source {i}",
                "publisher": "Bench Publisher",
                "published": str(r.randint(2000, 2025)),
                "url": f"https://sources.example.org/{i}",
                "file": "",
                "kind": r.choice(KINDS["source"]),
                "last_checked": None,
            }

    def topics() -> Iterator[dict]:
        r = rng("topics")
        for i in range(1, n.topics + 1):
            yield {
                "id": i,
                **published(i, n.topics, 0.01),
                "slug": f"bench-topic-{i}",
                "name": f"Bench Topic {i}",
                "description": "A made-up topic for the benchmarks.",
                "sources": cite(r),
            }

    def organisations() -> Iterator[dict]:
        r = rng("organisations")
        for i in range(1, n.organisations + 1):
            word = WORDS[i % len(WORDS)]
            yield {
                "id": i,
                **published(i, n.organisations, 0.02),
                "slug": f"bench-organisation-{i}",
                "name": f"Bench Organisation {i} {word.title()}",
                "acronyms": f'["BO{i}"]',
                "stakeholder_group": r.choice(KINDS["stakeholder_group"]),
                "founded": str(r.randint(1950, 2024)) if r.random() < 0.7 else None,
                "address": "",
                "city": f"Bench City {i % 300}",
                "country": r.choice(COUNTRIES),
                "website": f"https://organisation-{i}.example.org/",
                "email": f"info@organisation-{i}.example.org",
                "summary": f"A made-up organisation for the benchmarks, on {word}.",
                "description": "A **made-up** organisation.\n\nIt exists only in benchmarks.",
                "parent_id": r.randint(1, i - 1) if i > 10 and r.random() < 0.05 else None,
                "sources": cite(r),
            }

    def organisation_topics() -> Iterator[dict]:
        r = rng("organisation-topics")
        pk = 0
        for organisation in range(1, n.organisations + 1):
            for topic in distinct(r, 2, n.topics):
                pk += 1
                yield {
                    "id": pk,
                    "organisation_id": organisation,
                    "topic_id": topic,
                    "text": "What it does on this topic, made up.",
                    "local_name": "",
                    "sources": cite(r),
                }

    def social_accounts() -> Iterator[dict]:
        r = rng("social-accounts")
        for pk, organisation in enumerate(range(2, n.organisations + 1, 2), start=1):
            yield {
                "id": pk,
                "organisation_id": organisation,
                "platform": "mastodon",
                "handle": f"@bench{organisation}",
                "url": f"https://social.example.org/@bench{organisation}",
                "sources": cite(r),
            }

    def relations() -> Iterator[dict]:
        r = rng("relations")
        for pk, subject in enumerate(range(2, n.organisations + 1, 2), start=1):
            yield {
                "id": pk,
                "subject_id": subject,
                "kind": r.choice(KINDS["relation"]),
                "object_id": distinct(r, 1, n.organisations, exclude=subject)[0],
                "start": str(r.randint(2000, 2024)) if r.random() < 0.5 else None,
                "end": None,
                "note": "",
                "sources": cite(r),
            }

    def people() -> Iterator[dict]:
        r = rng("people")
        for i in range(1, n.people + 1):
            yield {
                "id": i,
                **published(i, n.people, 0.03),
                "slug": f"bench-person-{i}",
                "name": f"Bench Person {i}",
                "honorific": "Dr" if r.random() < 0.2 else "",
                "sources": cite(r),
            }

    def memberships() -> Iterator[dict]:
        r = rng("memberships")
        pk = 0
        for person in range(1, n.people + 1):
            count = 2 if r.random() < 0.25 else 1
            for number, organisation in enumerate(distinct(r, count, n.organisations)):
                pk += 1
                yield {
                    "id": pk,
                    "person_id": person,
                    "organisation_id": organisation,
                    "role": "Director" if number == 0 else "Board member",
                    "start": str(r.randint(2000, 2015)),
                    "end": str(r.randint(2016, 2024)) if number else None,
                    "sources": cite(r),
                }

    def programmes() -> Iterator[dict]:
        r = rng("programmes")
        for i in range(1, n.programmes + 1):
            word = WORDS[i % len(WORDS)]
            start = r.randint(2000, 2026)
            yield {
                "id": i,
                **published(i, n.programmes, 0.04),
                "slug": f"bench-programme-{i}",
                "title": f"Bench Programme {i} {word.title()}",
                "acronym": f"BP{i}",
                "kind": r.choice(KINDS["programme"]),
                "state": r.choice(KINDS["state"]),
                "start": str(start),
                "end": str(start + r.randint(1, 6)) if r.random() < 0.5 else None,
                "scope": r.choice(KINDS["scope"]),
                "countries": ",".join(sorted(set(r.sample(COUNTRIES, r.randint(0, 3))))),
                "summary": f"A made-up programme for the benchmarks, on {word}.",
                "description": "A **made-up** programme.",
                "parent_id": r.randint(1, i - 1) if i > 10 and r.random() < 0.1 else None,
                "follows_id": None,
                "website": f"https://programme-{i}.example.org/",
                "sources": cite(r),
                "topics": distinct(r, 2, n.topics),
            }

    def partnerships() -> Iterator[dict]:
        r = rng("partnerships")
        pk = 0
        for programme in range(1, n.programmes + 1):
            for number, organisation in enumerate(distinct(r, 3, n.organisations)):
                pk += 1
                yield {
                    "id": pk,
                    "programme_id": programme,
                    "organisation_id": organisation,
                    "role": "lead" if number == 0 else r.choice(["partner", "funder", "member"]),
                    "start": None,
                    "end": None,
                    "note": "",
                    "sources": cite(r),
                }

    def events() -> Iterator[dict]:
        r = rng("events")
        for i in range(1, n.events + 1):
            word = WORDS[i % len(WORDS)]
            kind = r.choice(KINDS["event"])
            online = r.random() < 0.2
            yield {
                "id": i,
                **published(i, n.events, 0.05),
                "slug": f"bench-event-{i}",
                "title": f"Bench {kind.title()} {i} {word.title()}",
                "kind": kind,
                "start": partial_day(r),
                "end": None,
                "venue": "" if online else "Bench Hall",
                "city": "" if online else f"Bench City {i % 300}",
                "country": "" if online else r.choice(COUNTRIES),
                "attendance": "online" if online else r.choice(KINDS["attendance"]),
                "programme_id": r.randint(1, n.programmes) if r.random() < 0.5 else None,
                "summary": f"A made-up event for the benchmarks, on {word}.",
                "description": "A **made-up** event.",
                "sources": cite(r),
                "topics": distinct(r, r.randint(1, 2), n.topics),
            }

    def event_roles() -> Iterator[dict]:
        r = rng("event-roles")
        pk = 0
        for event in range(1, n.events + 1):
            for role, organisation in zip(
                ("host", "co_host"), distinct(r, 2, n.organisations), strict=True
            ):
                pk += 1
                yield {
                    "id": pk,
                    "event_id": event,
                    "organisation_id": organisation,
                    "role": role,
                    "sources": cite(r),
                }

    def speakers() -> Iterator[dict]:
        r = rng("speakers")
        pk = 0
        for event in range(1, n.events + 1):
            for person in distinct(r, r.randint(1, 2), n.people):
                pk += 1
                yield {
                    "id": pk,
                    "event_id": event,
                    "person_id": person,
                    "role": r.choice(["speaker", "moderator", "keynote", "panellist"]),
                    "affiliation_id": r.randint(1, n.organisations),
                    "title": "A made-up talk",
                    "sources": cite(r),
                }

    def event_links() -> Iterator[dict]:
        for pk, event in enumerate(range(3, n.events + 1, 3), start=1):
            yield {
                "id": pk,
                "event_id": event,
                "title": "Webcast",
                "url": f"https://video.example.org/bench-event-{event}",
            }

    return [
        Table("cyberpeace.Source", sources, m2m=()),
        Table("orgs.Topic", topics),
        Table("orgs.Organisation", organisations),
        Table("orgs.OrganisationTopic", organisation_topics),
        Table("orgs.SocialAccount", social_accounts),
        Table("orgs.Relation", relations),
        Table("orgs.Person", people),
        Table("orgs.Membership", memberships),
        Table("initiatives.Programme", programmes, m2m=("sources", "topics")),
        Table("initiatives.Partnership", partnerships),
        Table("initiatives.Event", events, m2m=("sources", "topics")),
        Table("initiatives.EventRole", event_roles),
        Table("initiatives.Speaker", speakers),
        Table("initiatives.EventLink", event_links, m2m=()),
    ]


# One record in this many also has a later change in its history.
CHANGED_EVERY = 10


def history_rows(rows: list[dict]) -> Iterator[dict]:
    """A record's creation, and for some a later change: the versions the feed lists.
    A link's versions are spread over the history in the order of its ids."""
    for row in rows:
        at = row.get("created_at") or moment(row["id"] / len(rows))
        yield {**row, "history_id": 2 * row["id"] - 1, "history_date": at, "history_type": "+"}
        if row["id"] % CHANGED_EVERY == 0:
            later = at + datetime.timedelta(days=30)
            yield {**row, "history_id": 2 * row["id"], "history_date": later, "history_type": "~"}


def through_rows(rows: list[dict], field_name: str, model) -> Iterator[dict]:
    """The rows of the ``field_name`` many-to-many table of ``model`` (of its history, if
    ``rows`` are versions)."""
    field = model._meta.get_field(field_name)
    own = field.m2m_field_name() + "_id"
    other = field.m2m_reverse_field_name() + "_id"
    pk = 0
    for row in rows:
        history = "history_id" in row
        for target in row[field_name]:
            pk += 1
            values = {"id": pk, own: row["id"], other: target}
            if history:
                values |= {"m2m_history_id": pk, "history_id": row["history_id"]}
            yield values


def fill(sizes: Sizes, progress: Progress) -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    writer = Writer(connection, progress)
    models = []
    with transaction.atomic():
        for table in tables(sizes):
            model = apps.get_model(table.label)
            history = model.history.model
            rows = list(table.make())
            versions = list(history_rows(rows))
            writer.copy(model, rows)
            writer.copy(history, versions)
            models += [model, history]
            for name in table.m2m:
                through = model._meta.get_field(name).remote_field.through
                # simple_history's model of the links each version held.
                held = apps.get_model(model._meta.app_label, f"{history.__name__}_{name}")
                writer.copy(through, list(through_rows(rows, name, model)))
                writer.copy(held, list(through_rows(versions, name, model)))
                models += [through, held]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    progress.say("analysing the tables")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def generate(events: int, url: str, *, force: bool = False) -> None:
    """Make ``url`` a database of ``events`` events, unless it already is one."""
    progress = Progress(f"generate {database_name(url)}")
    wanted = marker(events)
    if not force and stored_marker(url) == wanted:
        progress.say(f"kept: already {wanted}")
        return
    recreate(url, template=migrated_template(url, progress))
    progress.say(f"created {database_name(url)}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cyberpeace.settings")
    import django

    django.setup()
    fill(Sizes(events), progress)
    mark(url, wanted)
    progress.say(f"done: {wanted}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, required=True, help="how many events (1000…)")
    parser.add_argument(
        "--database", required=True, help="postgres://…/name: created afresh unless kept"
    )
    parser.add_argument("--force", action="store_true", help="generate even if already done")
    args = parser.parse_args(argv)
    generate(args.events, args.database, force=args.force)


if __name__ == "__main__":
    main()
