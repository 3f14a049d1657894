"""`syria-timeline import acled`: an ACLED-shaped CSV written here becomes a valid timeline."""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from tui.formats import acled
from tui.dates import PartialDate
from tui.timeline_file import TimelineError, load

from conftest import ROOT, make_app

HEADER = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
HTS, SAA, RUS = "Hayat Tahrir al-Sham", "Military Forces of Syria (2000-2024)", "Military Forces of Russia (2000-)"
ROWS = [
    # id, date, precision, event_type, sub_event_type, actor1, assoc1, inter1, actor2, assoc2, inter2, admin1, location, lat, lon, source, notes, fatalities
    ("SYR101", "2024-11-27", "1", "Battles", "Armed clash", HTS, "Ahrar al-Sham; National Front for Liberation", "2", SAA, "", "1",
     "Aleppo", "Kafr Halab", "36.1", "36.8", "SOHR; Step News Agency", "On 27 November 2024, HTS and allied factions attacked army positions.", "37"),
    ("SYR102", "2024-11-28", "2", "Explosions/Remote violence", "Air/drone strike", RUS, "", "8", "Civilians (Syria)", "", "7",
     "Idlib", "Idlib", "35.93", "36.63", "SANA", 'Aircraft struck the city, "several" buildings hit, per reports.', "5"),
    ("SYR103", "2024-11-15", "3", "Protests", "Peaceful protest", "Protesters (Syria)", "", "6", "", "", "",
     "As-Suwayda", "As-Suwayda", "32.7", "36.56", "Suwayda 24", "Residents protested in the city square.", "0"),
    ("SYR104", "30 November 2024", "1", "Strategic developments", "Non-state actor overtakes territory", HTS, "", "2", "", "", "",
     "Aleppo", "Aleppo", "36.2", "37.13", "Reuters", "Opposition forces took control of most of the city.", ""),
    ("SYR105", "2024-12-01", "2", "Battles", "Armed clash", SAA, "", "1", "Syrian National Army", "", "2",
     "Aleppo", "تل رفعت", "36.47", "37.1", "", "Clashes were reported around the town.\nA second line of notes.", "12"),
    ("SYR106", "2024-12-02", "1", "Battles", "Armed clash", HTS, "", "2", SAA, "", "1",
     "Hama", "Jisr", "35.1", "36.7", "SOHR", "Fighting near a bridge.", "1"),
    ("SYR107", "2024-12-03", "1", "Battles", "Armed clash", HTS, "", "2", SAA, "", "1",
     "Idlib", "Jisr", "35.8", "36.3", "SOHR", "Fighting near another bridge.", "3"),
    ("SYR108", "2024-12-05", "3", "Explosions/Remote violence", "Shelling/artillery/missile attack", SAA, "", "1", "", "", "",
     "Hama", "Hama", "35.13", "36.75", "SOHR", "Shelling continued through the month.", "20"),
    ("SYR109", "2024-12-07", "1", "Strategic developments", "Non-violent transfer of territory", SAA, "", "1", HTS, "", "2",
     "Homs", "Homs", "34.73", "36.71", "AFP; Reuters", "Government forces withdrew from the city.", "0"),
    ("", "2024-12-08", "1", "Strategic developments", "Other", HTS, "Syrian National Army", "2", "", "", "",
     "Damascus", "Damascus", "33.51", "36.29", "BBC News", "Opposition forces entered the capital.", ""),
]
PRECISION = {"1": "day", "2": "week", "3": "month"}


def write_acled(path, rows=ROWS) -> str:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for r in rows:
            record = dict.fromkeys(HEADER, "")
            (record["event_id_cnty"], record["event_date"], record["time_precision"], record["event_type"],
             record["sub_event_type"], record["actor1"], record["assoc_actor_1"], record["inter1"], record["actor2"],
             record["assoc_actor_2"], record["inter2"], record["admin1"], record["location"], record["latitude"],
             record["longitude"], record["source"], record["notes"], record["fatalities"]) = r
            record.update(country="Syria", region="Middle East", iso="760", year=r[1][-4:] if " " in r[1] else r[1][:4],
                          timestamp="1733180000", disorder_type="Political violence")
            writer.writerow([record[name] for name in HEADER])
    return str(path)


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=ROOT, encoding="utf-8")


@pytest.fixture
def imported(tmp_path):
    source = write_acled(tmp_path / "acled.csv")
    target = tmp_path / "acled.yaml"
    result = cli("import", "acled", source, "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert "wrote 10 events" in result.stderr
    return str(target)


def test_import_writes_a_timeline_that_validates_and_loads(imported):
    result = cli("validate", imported)
    assert result.returncode == 0, result.stderr
    assert "ok: 10 events" in result.stdout
    timeline = load(imported)
    assert len(timeline.events) == 10
    assert len(cli("list", "--file", imported).stdout.splitlines()) == 10


def test_fatalities_are_claims_by_acled_never_our_own_figures(imported):
    timeline = load(imported)
    assert timeline.actors["acled"].kind == "monitor"
    by_id = {e.id: e for e in timeline.events}
    assert all(event.casualties is None for event in timeline.events)
    clash = by_id["acled-syr101"]
    assert [(c.by, c.says) for c in clash.claims] == [("acled", "ACLED records 37 reported fatalities for this event.")]
    assert by_id["acled-syr106"].claims[0].says == "ACLED records 1 reported fatality for this event."
    assert [c.says for c in by_id["acled-syr103"].claims] == ["ACLED reports no fatalities for this event."]  # zero is a record too
    assert not by_id["acled-syr104"].claims  # no figure: no claim
    assert "37" not in clash.text and "fatalit" not in clash.text
    claimed = sorted(int(c.says.split()[2]) for e in timeline.events for c in e.claims if "no fatalities" not in c.says)
    assert claimed == sorted(int(r[-1]) for r in ROWS if r[-1] and int(r[-1]) > 0)


def test_dates_keep_acleds_precision_honestly(imported):
    by_id = {e.id: e for e in load(imported).events}
    assert by_id["acled-syr101"].date == PartialDate(2024, 11, 27)  # 1: the day
    assert by_id["acled-syr102"].date == PartialDate(2024, 11, 28, approx=True)  # 2: a week, so about that day
    assert by_id["acled-syr103"].date == PartialDate(2024, 11)  # 3: the month only, no invented day
    assert by_id["acled-syr108"].date == PartialDate(2024, 12)
    assert by_id["acled-syr104"].date == PartialDate(2024, 11, 30)  # "30 November 2024"
    assert "within a week" in by_id["acled-syr102"].text
    assert "only the month" in by_id["acled-syr103"].text


def test_actors_places_tags_titles_and_sources(imported):
    timeline = load(imported)
    by_id = {e.id: e for e in timeline.events}
    clash = by_id["acled-syr101"]
    assert clash.actors == (
        "hayat-tahrir-al-sham", "ahrar-al-sham", "national-front-for-liberation", "military-forces-of-syria-2000-2024",
    )
    assert timeline.actors["hayat-tahrir-al-sham"].name == HTS
    assert timeline.actors["hayat-tahrir-al-sham"].kind == "armed-group"
    assert timeline.actors["military-forces-of-syria-2000-2024"].kind == "armed-forces"
    assert timeline.actors["civilians-syria"].kind == "civilians"
    assert clash.title == "Armed clash in Kafr Halab"
    assert clash.tags == ("battles", "armed-clash")
    assert clash.text.startswith("On 27 November 2024, HTS and allied factions")
    assert [s.publisher for s in clash.sources] == ["ACLED", "SOHR", "Step News Agency"]
    assert clash.sources[0].title == "Event SYR101"
    place = timeline.places[clash.places[0]]
    assert (place.name, place.governorate, place.country, place.lat, place.lon) == ("Kafr Halab", "Aleppo", "Syria", 36.1, 36.8)
    # one name in two governorates: two places; a name with no Latin letters still gets an id
    jisr = {timeline.places[by_id[i].places[0]].governorate for i in ("acled-syr106", "acled-syr107")}
    assert jisr == {"Hama", "Idlib"} and by_id["acled-syr106"].places != by_id["acled-syr107"].places
    tal = timeline.places[by_id["acled-syr105"].places[0]]
    assert tal.name == "تل رفعت" and tal.id.startswith("place-")
    assert [s.publisher for s in by_id["acled-syr105"].sources] == ["ACLED"]
    assert "A second line of notes." in by_id["acled-syr105"].text
    no_id = [e for e in timeline.events if e.id.startswith("acled-2024-12-08-damascus-")]
    assert len(no_id) == 1 and no_id[0].actors == ("hayat-tahrir-al-sham", "syrian-national-army")


def test_ids_are_stable_whatever_the_row_order(tmp_path, imported):
    again = tmp_path / "again.yaml"
    source = write_acled(tmp_path / "reversed.csv", list(reversed(ROWS)))
    assert cli("import", "acled", source, "-o", str(again)).returncode == 0
    one, two = load(imported), load(str(again))
    assert set(one.actors) == set(two.actors)
    assert {p.id: p.name for p in one.places.values()} == {p.id: p.name for p in two.places.values()}
    assert sorted(e.id for e in one.events) == sorted(e.id for e in two.events)


def test_import_to_stdout_and_refuses_to_overwrite(tmp_path, imported):
    source = write_acled(tmp_path / "acled.csv")
    result = cli("import", "acled", source)
    assert result.returncode == 0 and result.stdout.startswith("# Converted from an ACLED export")
    again = cli("import", "acled", source, "-o", imported)
    assert again.returncode == 2 and again.stderr.strip() == f"syria-timeline: {imported} exists; add --force to replace it"
    assert cli("import", "acled", source, "-o", imported, "--force").returncode == 0


def test_bad_input_is_reported_with_its_place(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("event_id_cnty,event_date,actor1,time_precision\nSYR1,2024-02-30,A,1\nSYR2,2024-02-03,B,7\n", encoding="utf-8")
    result = cli("import", "acled", str(bad), "-o", str(tmp_path / "x.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{bad}:2:2: event_date '2024-02-30' is not a date ACLED writes (2024-12-05 or 05 December 2024); fix the row or export again",
        f"{bad}:3:4: time_precision '7' is not 1, 2 or 3",
    ]
    assert not (tmp_path / "x.yaml").exists()
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = cli("import", "acled", str(other))
    assert result.returncode == 2 and "not an ACLED export: the header has no event_date, actor1 column" in result.stderr
    missing = cli("import", "acled", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and missing.stderr.strip() == f"syria-timeline: {tmp_path / 'nope.csv'}: no such file"


def test_convert_text_checks_its_own_output():
    text = "event_date,actor1,location,fatalities\n2024-12-08,Someone,Somewhere,2\n"
    out = acled.convert_text(text, "inline.csv", "Test")
    assert "ACLED records 2 reported fatalities" in out
    with pytest.raises(TimelineError):
        acled.convert_text("event_date,actor1\n", "empty.csv")


async def test_the_imported_file_opens_in_the_app(imported, tmp_path):
    pytest.importorskip("textual")
    app = make_app(tmp_path, imported)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause()
            if app.index is not None:
                break
        assert app.load_error is None
        assert len(app.timeline.events) == 10


# --------------------------------------------------------------------------- ACLED's current layout

CURRENT = ROOT / "tests/data/acled-current.csv"


@pytest.fixture(scope="module")
def current(tmp_path_factory):
    target = tmp_path_factory.mktemp("current") / "current.yaml"
    result = cli("import", "acled", str(CURRENT), "-o", str(target))
    assert result.returncode == 0, result.stderr
    return load(str(target)), result.stderr.splitlines()


def test_every_event_type_of_the_current_layout_imports(current):
    timeline, _ = current
    types = {tag for e in timeline.events for tag in e.tags}
    assert {"battles", "violence-against-civilians", "explosions-remote-violence", "riots", "protests", "strategic-developments"} <= types


def test_location_precision_interaction_and_civilian_targeting_are_kept(current):
    timeline, _ = current
    by_id = {e.id: e for e in timeline.events}
    exact, near, centroid = by_id["acled-syr20001"], by_id["acled-syr20003"], by_id["acled-syr20005"]
    assert "approximate" not in exact.text and "approximate-location" not in exact.tags
    assert "approximate location" in near.text and "approximate-location" in near.tags
    assert "centroid of a larger area" in centroid.text and "approximate-location" in centroid.tags
    assert "Location: Kafr Halab, Atareb, Jebel Saman, Aleppo, Syria." in exact.text  # admin3 and admin2 kept
    assert "ACLED interaction: State forces-Rebel group." in exact.text
    attack = by_id["acled-syr20002"]
    assert "civilian-targeting" in attack.tags and "civilian targeting" in attack.text
    assert "civilian-targeting" not in exact.tags
    assert {"crowd-size-no-report", "women-targeted-girls"} <= set(centroid.tags)  # ACLED's own tags


def test_notes_keep_their_paragraphs_and_empty_notes_read_well(current):
    timeline, _ = current
    by_id = {e.id: e for e in timeline.events}
    assert by_id["acled-syr20001"].text.startswith(
        "On 27 November 2024, HTS and allied factions attacked army positions west of the city.\n\nFighting continued into the night.\n\n"
    )
    riot = by_id["acled-syr20004"].text
    assert riot.startswith("ACLED gives no notes for this event: a violent demonstration in As-Sweida, Syria.")
    assert "a armed" not in by_id["acled-syr20007"].text and "an armed clash" in by_id["acled-syr20007"].text


def test_zero_fatalities_are_recorded(current):
    timeline, _ = current
    by_id = {e.id: e for e in timeline.events}
    assert [c.says for c in by_id["acled-syr20004"].claims] == ["ACLED reports no fatalities for this event."]
    assert not by_id["acled-syr20006"].claims  # no figure at all: nothing claimed


def test_case_and_spacing_variants_are_one_actor(current):
    timeline, _ = current
    hts = [a for a in timeline.actors.values() if "tahrir" in a.name.lower()]
    assert len(hts) == 1 and hts[0].id == "hayat-tahrir-al-sham" and hts[0].name == "Hayat Tahrir al-Sham"
    assert "HAYAT TAHRIR AL-SHAM" in hts[0].aliases
    assert {e.id for e in timeline.events if "hayat-tahrir-al-sham" in e.actors} >= {"acled-syr20006", "acled-syr20007"}


def test_ids_do_not_move_with_case_or_spacing(tmp_path):
    text = CURRENT.read_text(encoding="utf-8")
    one = acled.convert(text, "one.csv")
    two = acled.convert(text.replace("Hayat Tahrir al-Sham", "HAYAT   TAHRIR AL-SHAM").replace("Ahrar al-Sham", "ahrar al-sham"), "two.csv")
    assert set(one["actors"]) == set(two["actors"])
    assert [e["actors"] for e in one["events"]] == [e["actors"] for e in two["events"]]


def test_conflicting_coordinates_and_duplicate_ids_are_located_warnings(current):
    timeline, stderr = current
    path = str(CURRENT)
    warnings = [line for line in stderr if ": warning: " in line]
    assert warnings == [
        f"{path}:11:23: warning: 'Hama' is at 35.2, 36.8 here but at 35.1318, 36.7578 on line 10; the place keeps the first "
        "(check the export, or give the locations distinct names)",
        f"{path}:12:1: warning: event id 'acled-syr20001' is also on line 2; this row becomes 'acled-syr20001-2'",
    ]
    assert timeline.places["hama"].lat == 35.1318
    assert "acled-syr20001-2" in {e.id for e in timeline.events}


def test_coordinates_that_are_not_a_place_are_a_located_warning(tmp_path):
    rows = [ROWS[0][:13] + ("999", "36.8") + ROWS[0][15:], ROWS[1][:13] + ("nan", "") + ROWS[1][15:], ROWS[2]]
    source = write_acled(tmp_path / "acled.csv", rows)
    document, warnings = acled.convert_with_warnings(open(source, encoding="utf-8").read(), source)
    said = [str(w) for w in warnings]
    assert said == [
        f"{source}:2:23: warning: 'Kafr Halab' is at '999', '36.8', not a latitude (-90..90) and longitude (-180..180); "
        "the place is kept without them, off the map (check the export)",
        f"{source}:3:23: warning: 'Idlib' is at 'nan', '', not a latitude (-90..90) and longitude (-180..180); "
        "the place is kept without them, off the map (check the export)",
    ]
    places = {p["name"]: p for p in document["places"].values()}
    assert "lat" not in places["Kafr Halab"] and "lat" not in places["Idlib"] and places["As-Suwayda"]["lat"] == 32.7


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("fatalities", "1e3", "fatalities '1e3' is not a whole number"),
        ("fatalities", "-1", "fatalities '-1' is not a whole number"),
        ("fatalities", "99999999999999999999", "is not a whole number of at most 9 digits"),
        ("fatalities", "٣", "fatalities '٣' is not a whole number"),
        ("geo_precision", "9", "geo_precision '9' is not 1, 2 or 3"),
        ("event_date", "0000-01-01", "is not a date ACLED writes"),
        ("event_date", "10000-01-01", "is not a date ACLED writes"),
    ],
)
def test_number_and_date_edges_are_located_errors(tmp_path, column, value, message):
    source = tmp_path / "edge.csv"
    source.write_text(f"event_id_cnty,event_date,actor1,{column if column != 'event_date' else 'notes'}\n"
                      f"E1,{value if column == 'event_date' else '2024-12-01'},A,{value if column != 'event_date' else 'x'}\n", encoding="utf-8")
    result = cli("import", "acled", str(source))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{source}:2:") and message in result.stderr, result.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e400", "91", "north"])
def test_coordinates_that_are_not_numbers_leave_the_place_without_them(value):
    out = acled.convert(f"event_date,actor1,location,latitude,longitude\n2024-12-01,A,Somewhere,{value},36.0\n", "c.csv")
    (place,) = out["places"].values()
    assert "lat" not in place and "lon" not in place


def test_import_to_a_json_name_writes_json_that_opens(tmp_path):
    target = tmp_path / "acled.json"
    result = cli("import", "acled", str(CURRENT), "-o", str(target))
    assert result.returncode == 0, result.stderr
    import json

    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1
    yaml_target = tmp_path / "acled.yaml"
    assert cli("import", "acled", str(CURRENT), "-o", str(yaml_target)).returncode == 0
    assert [e.id for e in load(str(target)).events] == [e.id for e in load(str(yaml_target)).events]
