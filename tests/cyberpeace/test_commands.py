from __future__ import annotations

import io
import re
import textwrap

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from initiatives.models import Event, EventRole
from orgs.models import Membership, Organisation, Person

GOOD = textwrap.dedent(
    """\
    - model: cyberpeace.source
      fields:
        slug: itu-website
        title: Website of the International Telecommunication Union
        publisher: International Telecommunication Union
        kind: website
        url: https://www.itu.int/
        status: published
    - model: orgs.organisation
      fields:
        slug: itu
        name: International Telecommunication Union
        acronyms: [ITU, UIT]
        stakeholder_group: intergovernmental
        founded: 1865
        status: published
        sources: [[itu-website]]
    - model: orgs.person
      fields:
        slug: jane-doe
        name: Jane Doe
        status: published
        sources: [[itu-website]]
    - model: orgs.membership
      fields:
        person: [jane-doe]
        organisation: [itu]
        role: Secretary-General
        start: 2023-01-01
        sources: [[itu-website]]
    """
)


def seed(*arguments) -> str:
    out = io.StringIO()
    call_command("seed", *map(str, arguments), stdout=out)
    return out.getvalue()


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    return path


@pytest.mark.django_db
def test_seed_loads_and_says_what_it_loaded(good):
    out = seed(good)
    assert "organisations: 1 (1 new, 0 changed, 0 unchanged)" in out
    assert "memberships: 1 (1 new" in out
    itu = Organisation.objects.get(slug="itu")
    assert itu.acronyms == ["ITU", "UIT"]
    assert str(itu.founded) == "1865"
    assert str(Membership.objects.get().start) == "2023-01-01"
    assert itu.history.first().history_change_reason == "Seed: good.yaml"


@pytest.mark.django_db
def test_seeding_twice_changes_nothing(good):
    seed(good)
    before = {(o.pk, o.updated_at, o.history.count()) for o in Organisation.objects.all()}
    out = seed(good)
    assert "organisations: 1 (0 new, 0 changed, 1 unchanged)" in out
    assert "memberships: 1 (0 new, 0 changed, 1 unchanged)" in out
    after = {(o.pk, o.updated_at, o.history.count()) for o in Organisation.objects.all()}
    assert after == before
    assert Membership.objects.count() == 1


@pytest.mark.django_db
def test_seeding_a_changed_fixture_updates_the_record(good, tmp_path):
    seed(good)
    good.write_text(GOOD.replace("founded: 1865", "founded: 1865-05-17"))
    assert "organisations: 1 (0 new, 1 changed" in seed(good)
    assert str(Organisation.objects.get().founded) == "1865-05-17"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            "organisation: [itu]",
            "organisation: [nowhere]",
        ),
        ("start: 2023-01-01", "start: 2023-02-30"),
        ("start: 2023-01-01", "start: 2023\n    end: 2022"),
        ("stakeholder_group: intergovernmental", "stakeholder_group: aliens"),
    ],
    ids=["unknown organisation", "invalid date", "end before start", "bad choice"],
)
def test_a_broken_record_stops_the_seed_names_it_and_loads_nothing(tmp_path, broken, message):
    path = tmp_path / "broken.yaml"
    path.write_text(GOOD.replace(*(broken, message)) if isinstance(broken, str) else GOOD)
    with pytest.raises(CommandError) as error:
        seed(path)
    text = str(error.value)
    assert "broken.yaml, line " in text
    assert "Nothing was loaded" in text
    assert not Organisation.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_the_messages_say_what_is_wrong(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(GOOD.replace("organisation: [itu]", "organisation: [nowhere]"))
    with pytest.raises(
        CommandError, match=r"f.yaml, line 24 \(record 4, orgs.membership\).*nowhere"
    ):
        seed(path)
    path.write_text(GOOD.replace("start: 2023-01-01", "start: 2023\n    end: 2022"))
    with pytest.raises(CommandError, match=r"end: The end \(2022\) cannot be before the start"):
        seed(path)
    path.write_text("- model: orgs.organisation\n  fields: {slug: [unclosed\n")
    with pytest.raises(CommandError, match=r"f.yaml: cannot be read"):
        seed(path)


@pytest.mark.django_db
def test_a_failure_in_a_later_file_undoes_the_earlier_files(good, tmp_path):
    later = tmp_path / "z.yaml"
    later.write_text("- model: orgs.topic\n  fields: {slug: x, name: X, status: nonsense}\n")
    with pytest.raises(CommandError, match=r"z.yaml"):
        seed(good, later)
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_ensure_editor_prints_the_password_only_when_it_makes_the_account(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("ensure_editor", stdout=out)
    assert "password:" in out.getvalue()
    out = io.StringIO()
    call_command("ensure_editor", stdout=out)
    assert "password:" not in out.getvalue()
    from django.contrib.auth.models import User

    editor = User.objects.get(username="editor")
    assert editor.is_staff
    assert editor.has_perm("orgs.publish_organisation")


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_ensure_editor_refuses_in_production():
    with pytest.raises(CommandError, match="development"):
        call_command("ensure_editor")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            "- model: initiatives.event\n  fields: {slug: x, title: X, kind: forum, links: []}\n",
            r"x.yaml, line 1 \(record 1, initiatives.event 'x'\): initiatives.Event has no field "
            r"'links'",
        ),
        (
            "- model: orgs.person\n  fields: {slug: x, name: X, sources: [[]]}\n",
            r"x.yaml, line 1 \(record 1, orgs.person 'x'\)",
        ),
        (
            "- model: orgs.person\n  fields: {slug: x, name: X}\n",
            r"x.yaml, line 1 .*sources: every record cites at least one source",
        ),
        (
            "- model: orgs.person\n  fields: {slug: x, name: X, sources: 5}\n",
            r"x.yaml, line 1 .*sources: give a list",
        ),
        (
            "- model: orgs.person\n  fields: {slug: x, name: X, created_by: [nobody], "
            "sources: [[nowhere]]}\n",
            r"x.yaml, line 1 .*: no (user|source) \['(nobody|nowhere)'\]",
        ),
    ],
    ids=["a reverse relation", "an empty key", "no source", "not a list", "unknown user"],
)
def test_a_record_the_seed_cannot_read_is_named_not_a_crash(tmp_path, record, message):
    path = tmp_path / "x.yaml"
    path.write_text(record)
    with pytest.raises(CommandError, match=message):
        seed(path)


@pytest.mark.django_db
def test_a_seed_slug_differing_only_in_case_is_refused_naming_the_record(good, tmp_path):
    seed(good)
    variant = tmp_path / "variant.yaml"
    variant.write_text(
        GOOD.replace("slug: itu\n", "slug: ITU\n").replace("[itu]", "[ITU]"), encoding="utf-8"
    )
    with pytest.raises(
        CommandError,
        match=r"variant.yaml, line 9 .*slug: “itu” is already the address of "
        r"“International Telecommunication Union”",
    ):
        seed(variant)
    assert Organisation.objects.count() == 1


# The seed respects editors

EVENT = textwrap.dedent(
    """\
    - model: initiatives.event
      fields:
        slug: wrc-19
        title: World Radiocommunication Conference 2019
        kind: conference
        start: '2019'
        status: published
        sources: [[itu-website]]
    - model: initiatives.eventrole
      fields:
        event: [wrc-19]
        organisation: [itu]
        role: organiser
        sources: [[itu-website]]
    """
)


@pytest.fixture
def seeded_files(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD + EVENT)
    seed(path)
    return path


def edit(record, editor, **changes) -> None:
    """An editor's save, as the admin records it in history."""
    for name, value in changes.items():
        setattr(record, name, value)
    record._history_user = editor
    record.save()


@pytest.mark.django_db
def test_the_seed_keeps_what_editors_changed_and_says_so(seeded_files, editor):
    itu = Organisation.objects.get(slug="itu")
    edit(itu, editor, name="ITU, renamed by an editor", description="x" * 100_000)
    edit(Event.objects.get(slug="wrc-19"), editor, title="WRC-19, as the editor writes it")
    edit(Membership.objects.get(), editor, role="Secretary-General (until 2022)")
    rows = {m: m.objects.count() for m in (Organisation, Event, Membership, EventRole)}
    for _ in range(2):
        out = seed(seeded_files)
        assert Organisation.objects.get(slug="itu").name == "ITU, renamed by an editor"
        assert len(Organisation.objects.get(slug="itu").description) == 100_000
        assert Event.objects.get().title == "WRC-19, as the editor writes it"
        assert Membership.objects.get().role == "Secretary-General (until 2022)"
        assert {m: m.objects.count() for m in rows} == rows
    assert "Kept 3 records edited since the last seed" in out
    assert (
        "organisation “ITU, renamed by an editor”: the file now differs in name, description" in out
    )
    assert "event “WRC-19, as the editor writes it (2019)”: the file now differs in title" in out
    assert "membership “Jane Doe, Secretary-General (until 2022), ITU, renamed by an editor”" in out


@pytest.mark.django_db
def test_an_edited_link_keeps_the_records_it_joins(seeded_files, editor):
    role = EventRole.objects.get()
    edit(role, editor, role="host")
    seeded_files.write_text(
        seeded_files.read_text().replace("kind: conference", "kind: meeting"), encoding="utf-8"
    )
    out = seed(seeded_files)
    assert Event.objects.get().kind == "conference"  # the event counts as edited
    assert EventRole.objects.get().role == "host"
    assert EventRole.objects.count() == 1
    assert "event “World Radiocommunication Conference 2019 (2019)”" in out


@pytest.mark.django_db
def test_a_record_an_editor_deleted_is_not_made_again(seeded_files, editor):
    membership = Membership.objects.get()
    membership._history_user = editor
    membership.delete()
    out = seed(seeded_files)
    assert not Membership.objects.exists()
    assert "deleted by an editor; not made again" in out


@pytest.mark.django_db
def test_overwrite_brings_a_record_back_and_history_can_undo_that(seeded_files, editor):
    itu = Organisation.objects.get(slug="itu")
    edit(itu, editor, name="ITU, renamed by an editor")
    edit(Event.objects.get(), editor, title="Edited title")
    out = seed(seeded_files, "--overwrite", "itu")
    itu.refresh_from_db()
    assert itu.name == "International Telecommunication Union"
    assert Event.objects.get().title == "Edited title"
    assert "organisations: 1 (0 new, 1 changed, 0 unchanged)" in out
    latest = itu.history.first()
    assert latest.history_change_reason == "Seed: good.yaml"
    editors_version = itu.history.filter(history_user=editor).first()
    editors_version.instance.save()
    assert Organisation.objects.get(slug="itu").name == "ITU, renamed by an editor"


@pytest.mark.django_db
def test_overwrite_all_asks_first(seeded_files, editor, monkeypatch):
    edit(Organisation.objects.get(slug="itu"), editor, name="Renamed")
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError, match="--overwrite-all was not confirmed"):
        seed(seeded_files, "--overwrite-all")
    assert Organisation.objects.get(slug="itu").name == "Renamed"
    seed(seeded_files, "--overwrite-all", "--yes")
    assert Organisation.objects.get(slug="itu").name == "International Telecommunication Union"


# The seed says what it is doing

PROGRESS = r"good.yaml: 4 records \(4 new, 0 changed, 0 unchanged\) in \d+\.\d s"


@pytest.mark.django_db
def test_the_seed_reports_each_file_with_counts_and_time_on_stderr(good):
    out, err = io.StringIO(), io.StringIO()
    call_command("seed", str(good), stdout=out, stderr=err)
    assert re.search(PROGRESS, err.getvalue())
    assert re.search(r"^Seed: 4 records in \d+\.\d s$", err.getvalue(), re.MULTILINE)
    assert "good.yaml" not in out.getvalue()
    assert "organisations: 1 (1 new" in out.getvalue()


@pytest.mark.django_db
def test_the_seed_is_silent_at_verbosity_0(good):
    out, err = io.StringIO(), io.StringIO()
    call_command("seed", str(good), verbosity=0, stdout=out, stderr=err)
    assert (out.getvalue(), err.getvalue()) == ("", "")
    assert Organisation.objects.get().slug == "itu"


@pytest.mark.django_db
def test_a_seeded_change_moves_the_records_that_show_it(good):
    seed(good)
    jane = Person.objects.get()
    seed(good)
    jane.refresh_from_db()
    unchanged = jane.updated_at
    good.write_text(GOOD.replace("name: International Telecommunication Union", "name: ITU"))
    seed(good)
    jane.refresh_from_db()
    # Her page names the organisation she is a member of.
    assert jane.updated_at > unchanged
    assert Organisation.objects.get().name == "ITU"


@pytest.mark.django_db
def test_seeding_again_moves_nothing(good):
    seed(good)
    before = {p.slug: p.updated_at for p in Person.objects.all()}
    before |= {o.slug: o.updated_at for o in Organisation.objects.all()}
    seed(good)
    after = {p.slug: p.updated_at for p in Person.objects.all()}
    after |= {o.slug: o.updated_at for o in Organisation.objects.all()}
    assert after == before


@pytest.mark.django_db
def test_the_seed_turns_freshness_back_on_after_a_failure(good, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("- model: orgs.person\n  fields: {slug: x, name: X}\n")
    with pytest.raises(CommandError):
        seed(broken)
    seed(good)
    jane = Person.objects.get()
    before = jane.updated_at
    itu = Organisation.objects.get()
    itu.name = "Renamed outside the seed"
    itu.save()
    jane.refresh_from_db()
    assert jane.updated_at > before
