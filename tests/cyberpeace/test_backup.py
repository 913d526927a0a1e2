"""manage.py backup and restore: a round trip gives the same rows, on SQLite and PostgreSQL.

"An empty database" is the test database emptied with `flush`, which then
sends post_migrate as `migrate` does (content types, permissions, the Editors
and Contributors groups): a freshly migrated database, inside the test's
transaction, which is rolled back after it.
"""

from __future__ import annotations

import gzip
import io
import json
import sys

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from cyberpeace.backup import EXCLUDED
from cyberpeace.models import Identifier
from cyberpeace.tokens import issue_token
from initiatives.models import Event
from orgs.models import Organisation, Topic


def database_rows() -> dict[str, list[tuple]]:
    """Every row of every table, ordered by id; content types and permissions (which
    each database numbers its own way) by natural key, wherever they appear."""
    content_types = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}
    permissions = {
        permission.pk: permission.natural_key()
        for permission in Permission.objects.select_related("content_type")
    }
    numbered = {ContentType: content_types, Permission: permissions}
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = model._meta.concrete_fields
        found = []
        for values in model._base_manager.order_by("pk").values_list(
            *[field.attname for field in fields]
        ):
            row = []
            for field, value in zip(fields, values, strict=True):
                if model in numbered and field.primary_key:
                    continue
                ids = numbered.get(field.related_model)
                row.append(ids.get(value, value) if ids and value is not None else value)
            found.append(tuple(row))
        rows[model._meta.label_lower] = sorted(found) if model in numbered else found
    return rows


def migrated_afresh() -> None:
    """Empty the database, then let post_migrate make what `migrate` makes."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables whose foreign-key checks are still pending in
        # the transaction: run them now, then defer them again as Django has them.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            call_command("flush", interactive=False, verbosity=0)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()


def backup(path) -> str:
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore(path, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(path), stdout=out, **options)
    return out.getvalue()


def read_lines(path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def write_lines(path, lines: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line) + "\n")


@pytest.fixture(autouse=True)
def _fresh_content_types():
    yield
    # The content types made inside a rolled-back flush must not stay in the cache.
    ContentType.objects.clear_cache()


@pytest.fixture
def rich(db_seeded, client):
    """The seed, plus what editing leaves: users, groups, a token, history, a session."""
    partners = Group.objects.create(name="Partners")
    partners.permissions.add(Permission.objects.get(codename="view_organisation"))
    alice = User.objects.create_user("alice", email="alice@example.org", password="s3cret!")
    alice.groups.add(partners, Group.objects.get(name="Editors"))
    alice.user_permissions.add(Permission.objects.get(codename="publish_event"))
    issue_token(user=alice, days=30)
    TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    itu = Organisation.objects.get(slug="itu")
    itu.name = "International Telecommunication Union (edited)"
    itu.slug = "itu-edited"
    itu._change_reason = "Renamed by alice"
    itu.save()
    Event.objects.order_by("pk").first().topics.add(Topic.objects.order_by("pk").last())
    Identifier.objects.create(record=itu, scheme="wikidata", value="Q1129478")
    LogEntry.objects.create(
        user=alice,
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=str(itu.pk),
        object_repr=str(itu),
        action_flag=CHANGE,
        change_message="[]",
    )
    client.force_login(alice)
    return alice


@pytest.fixture
def small(make_world, editor):
    make_world(2)
    issue_token(user=editor)


@pytest.fixture
def small_backup(small, tmp_path):
    path = tmp_path / "small.jsonl.gz"
    backup(path)
    return path


def test_a_round_trip_gives_the_same_rows(rich, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    before = database_rows()
    # What the comparison covers: the kinds of rows a real directory holds.
    for label in (
        "auth.user",
        "auth.user_groups",
        "auth.user_user_permissions",
        "auth.group_permissions",
        "knox.authtoken",
        "otp_totp.totpdevice",
        "admin.logentry",
        "cyberpeace.identifier",
        "cyberpeace.formerslug",
        "orgs.historicalorganisation",
        "orgs.historicalorganisation_sources",
        "initiatives.event_topics",
        "initiatives.historicalevent_topics",
        "sessions.session",
    ):
        assert before[label], label

    backup(path)
    migrated_afresh()
    assert not Organisation.objects.exists()
    assert database_rows() != before
    out = restore(path)

    after = database_rows()
    assert before.pop("sessions.session")
    assert after.pop("sessions.session") == []
    assert [label for label in before if after[label] != before[label]] == []
    assert after == before
    assert out.startswith(f"Restored {sum(len(rows) for rows in after.values())} rows ")
    assert User.objects.get(username="alice").check_password("s3cret!")


def test_a_restored_token_still_signs_in(small, editor, client, tmp_path):
    _, key = issue_token(user=editor)
    path = tmp_path / "backup.jsonl.gz"
    backup(path)
    migrated_afresh()
    restore(path)
    response = client.post("/api/v1/auth/logout/", headers={"Authorization": f"Token {key}"})
    assert response.status_code == 204


def test_the_backup_holds_password_hashes_and_token_digests_but_no_session(rich, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    backup(path)
    lines = read_lines(path)
    rows = lines[1:-1]
    assert Session.objects.exists()
    assert {row["model"] for row in rows}.isdisjoint({"sessions.session"})
    assert "sessions.session" not in lines[-1]["rows"]
    users = {row["fields"]["username"]: row for row in rows if row["model"] == "auth.user"}
    assert users["alice"]["fields"]["password"] == rich.password
    tokens = {row["pk"] for row in rows if row["model"] == "knox.authtoken"}
    assert tokens == set(AuthToken.objects.values_list("digest", flat=True))


def test_every_table_but_sessions_is_backed_up(small_backup):
    """A new app's tables go in with no change to the backup."""
    every = {
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    first = ["contenttypes.contenttype", "auth.permission"]
    # Sessions, and the lockout counters of django-axes (transient, not records).
    assert {"sessions.session", "axes.accessattempt", "axes.accessattemptexpiration"} == EXCLUDED
    rest = sorted(every - EXCLUDED - set(first))
    # In an order of their own, not the app registry's (which varies from run to run).
    assert list(read_lines(small_backup)[-1]["rows"]) == [*first, *rest]


def test_the_header_names_the_format_time_and_migrations(small_backup):
    header = read_lines(small_backup)[0]
    assert header["format"] == "cyberpeace-backup"
    assert header["version"] == 1
    assert header["created"].startswith("20")
    assert "0001_initial" in header["migrations"]["orgs"]
    assert header["migrations"]["orgs"] == sorted(header["migrations"]["orgs"])


def test_content_types_and_permissions_are_named_by_natural_key(small_backup):
    rows = read_lines(small_backup)[1:-1]
    labels = [row["model"] for row in rows]
    assert labels[0] == "contenttypes.contenttype"
    permission = next(row for row in rows if row["model"] == "auth.permission")
    assert "pk" not in permission
    assert permission["fields"]["content_type"] == list(
        Permission.objects.get(codename=permission["fields"]["codename"]).content_type.natural_key()
    )
    link = next(row for row in rows if row["model"] == "auth.group_permissions")
    assert isinstance(link["fields"]["permission"], list)
    organisation = next(row for row in rows if row["model"] == "orgs.organisation")
    assert isinstance(organisation["pk"], int)


def test_records_made_after_a_restore_get_new_ids(small_backup, make_organisation):
    versions = Organisation.history.model
    highest = {model: model.objects.order_by("-pk")[0].pk for model in (Organisation, versions)}
    migrated_afresh()
    restore(small_backup)
    organisation = make_organisation()
    assert organisation.pk > highest[Organisation]
    assert min(organisation.history.values_list("pk", flat=True)) > highest[versions]
    user = User.objects.create_user("bob")
    assert user.pk > User.objects.exclude(pk=user.pk).order_by("-pk")[0].pk


def test_a_restore_adds_content_types_the_database_lacks(small, tmp_path):
    gone = ContentType.objects.create(app_label="olddirectory", model="removed")
    LogEntry.objects.create(
        user=User.objects.get(username="editor"),
        content_type=gone,
        object_id="7",
        object_repr="A record of a model since removed",
        action_flag=CHANGE,
    )
    path = tmp_path / "backup.jsonl.gz"
    backup(path)
    migrated_afresh()
    restore(path)
    entry = LogEntry.objects.get()
    assert entry.content_type.natural_key() == ("olddirectory", "removed")


@pytest.mark.parametrize(
    ("add", "named"),
    [
        (lambda: Organisation.objects.create(name="Held", slug="held"), "orgs.organisation"),
        (lambda: User.objects.create_user("someone"), "auth.user"),
        (lambda: Group.objects.create(name="Partners"), "auth.group"),
    ],
    ids=["a record", "a user", "a group of its own"],
)
def test_a_restore_into_a_database_that_is_not_empty_is_refused(small_backup, add, named):
    migrated_afresh()
    add()
    before = database_rows()
    with pytest.raises(CommandError) as refused:
        restore(small_backup)
    assert "The database is not empty" in str(refused.value)
    assert f"{named} (1)" in str(refused.value)
    assert "Nothing was restored" in str(refused.value)
    assert database_rows() == before


def test_a_restore_into_the_database_it_came_from_is_refused(small_backup):
    before = database_rows()
    with pytest.raises(CommandError, match="The database is not empty"):
        restore(small_backup)
    assert database_rows() == before


def cut(path, keep) -> None:
    path.write_bytes(path.read_bytes()[:keep])


def rewrite(path, change) -> None:
    lines = read_lines(path)
    change(lines)
    write_lines(path, lines)


def recompress(path, change) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        text = lines.read().splitlines(keepends=True)
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("".join(change(text)))


def row_of(lines: list[dict], model: str) -> dict:
    return next(line for line in lines if line.get("model") == model)


BAD_FILES = {
    "not gzip": (
        lambda path: path.write_text("model,pk\n"),
        "is not a backup: it is not gzip-compressed",
    ),
    "empty": (lambda path: recompress(path, lambda text: []), "is empty"),
    "cut short": (lambda path: cut(path, path.stat().st_size // 2), "is cut short"),
    "without its closing line": (
        lambda path: recompress(path, lambda text: text[:-1]),
        "without its closing line: the backup is incomplete",
    ),
    "a row missing": (
        lambda path: recompress(path, lambda text: text[:40] + text[41:]),
        "rows are missing or were added",
    ),
    "a line that is not JSON": (
        lambda path: recompress(path, lambda text: [*text[:3], "{oops\n", *text[4:]]),
        "line 4: not JSON",
    ),
    "another program's file": (
        lambda path: recompress(path, lambda text: ['{"hello": "world"}\n', *text[1:]]),
        "is not a backup made by manage.py backup",
    ),
    "a later format": (
        lambda path: rewrite(path, lambda lines: lines[0].update(version=2)),
        "is in backup format 2; this version of the site reads format 1",
    ),
    "an unknown table": (
        lambda path: rewrite(path, lambda lines: row_of(lines, "orgs.topic").update(model="x.y")),
        "Invalid model identifier: x.y",
    ),
    "a row naming a missing record": (
        lambda path: rewrite(
            path, lambda lines: row_of(lines, "orgs.membership")["fields"].update(person=999999)
        ),
        "its rows do not fit together",
    ),
    "a row the database refuses": (
        lambda path: rewrite(
            path, lambda lines: row_of(lines, "orgs.topic")["fields"].update(slug=None)
        ),
        "the database refused rows of orgs.topic",
    ),
}


@pytest.mark.parametrize(("spoil", "problem"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_file_that_cannot_be_restored_is_named_with_its_problem(small_backup, spoil, problem):
    spoil(small_backup)
    migrated_afresh()
    before = database_rows()
    with pytest.raises(CommandError) as refused:
        restore(small_backup)
    message = str(refused.value)
    assert str(small_backup) in message
    assert problem in message
    assert message.endswith("Nothing was restored: the database is as it was.")
    assert database_rows() == before


def test_a_file_of_other_migrations_is_refused(small_backup):
    def other_migrations(lines):
        migrations = lines[0]["migrations"]
        migrations["orgs"] = [*migrations["orgs"][:-1], "9999_from_the_future"]

    latest = read_lines(small_backup)[0]["migrations"]["orgs"][-1]
    rewrite(small_backup, other_migrations)
    migrated_afresh()
    before = database_rows()
    with pytest.raises(CommandError) as refused:
        restore(small_backup)
    message = str(refused.value)
    assert f"{small_backup} was made at other migrations than the database's" in message
    assert "only in the file: orgs.9999_from_the_future" in message
    assert f"only in the database: orgs.{latest}" in message
    assert database_rows() == before


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*nowhere\.gz: No such file"):
        restore(tmp_path / "nowhere.gz")


def test_backup_names_its_file_and_counts_rows_by_table(small, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    call_command("backup", verbosity=2, stdout=out)
    [written] = tmp_path.glob("cyberpeace-*.jsonl.gz")
    # Password hashes and token digests: for its owner's eyes only.
    assert written.stat().st_mode & 0o777 == 0o600
    assert f"to {written.name} (" in out.getvalue()
    assert f"  orgs.organisation: {Organisation.objects.count()}\n" in out.getvalue()
    assert "  sessions.session" not in out.getvalue()


def test_a_backup_that_fails_leaves_the_earlier_one_intact(small, tmp_path, monkeypatch):
    (tmp_path / "backups").mkdir()
    path = tmp_path / "backups" / "nightly.jsonl.gz"
    path.write_bytes(b"yesterday's backup")

    def fail(stream, **kwargs):
        stream.write(b"half a backup")
        raise RuntimeError("disk full")

    monkeypatch.setattr("cyberpeace.management.commands.backup.write_backup", fail)
    with pytest.raises(RuntimeError):
        backup(path)
    assert path.read_bytes() == b"yesterday's backup"
    assert list(path.parent.iterdir()) == [path]


def test_a_backup_goes_through_a_pipe(small, capsysbinary, monkeypatch):
    before = database_rows()
    call_command("backup", "-", verbosity=0)
    piped = capsysbinary.readouterr().out
    migrated_afresh()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(piped)))
    out = restore("-")
    assert " from standard input, a backup made " in out
    after = database_rows()
    assert after.pop("sessions.session") == before.pop("sessions.session") == []
    assert after == before


def test_neither_backup_nor_restore_asks_the_database_once_a_row(make_world, tmp_path):
    def queries(path) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as backing_up:
            backup(path)
        migrated_afresh()
        with CaptureQueriesContext(connection) as restoring:
            restore(path)
        return len(backing_up), len(restoring)

    make_world(1)
    few = queries(tmp_path / "few.jsonl.gz")
    make_world(5)
    assert queries(tmp_path / "more.jsonl.gz") == few
