"""Command-line habits (issue 14): unknown tags are errors, Arabic place names work, export
keeps existing files, `show` suggests ids and wraps words on a terminal."""

from __future__ import annotations

import sys

from test_commands import one_line_error, run, run_in_pty


def test_unknown_tag_is_an_error_like_an_unknown_actor():
    one_line_error(run("list", "--tag", "nosuch"), "no tag 'nosuch'", "tags")
    one_line_error(run("export", "--format", "csv", "--tag", "nosuch"), "no tag 'nosuch'")
    one_line_error(run("list", "--actor", "nosuch"), "no actor matches 'nosuch'")


def test_app_start_flag_with_an_unknown_tag_errors_before_the_screen(tmp_path):
    import argparse

    import pytest

    from tui.cli.options import build_filters
    from tui.timeline_file import builtin_path, load

    timeline = load(builtin_path())
    args = argparse.Namespace(actor=[], all_actors=False, tag=["nosuch"], place=[], date_from=None, date_to=None, goto=None)
    with pytest.raises(ValueError, match="no tag 'nosuch'"):
        build_filters(timeline, args)


def test_place_by_arabic_name_or_any_case():
    arabic = run("list", "--place", "حلب")
    english = run("list", "--place", "ALEPPO")
    by_id = run("list", "--place", "aleppo")
    assert arabic.returncode == 0, arabic.stderr
    assert arabic.stdout == english.stdout == by_id.stdout
    assert len(arabic.stdout.splitlines()) > 5
    one_line_error(run("list", "--place", "nowhere-at-all"), "no place matches", "places")


def test_export_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("keep me", encoding="utf-8")
    one_line_error(run("export", "--format", "md", "-o", str(target)), "exists", "--force")
    assert target.read_text(encoding="utf-8") == "keep me"
    forced = run("export", "--format", "md", "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_text(encoding="utf-8").startswith("#")


def test_show_suggests_the_nearest_ids():
    result = run("show", "saydnaya")
    one_line_error(result, "did you mean", "saydnaya-prison-opened-2024")
    one_line_error(run("show", "east-alepo-falls-2016"), "east-aleppo-falls-2016")


def test_show_wraps_words_to_the_terminal_width():
    text = run_in_pty([sys.executable, "-m", "tui", "show", "east-aleppo-falls-2016", "--color", "never"], cols=50)
    rows = text.splitlines()
    from rich.cells import cell_len

    # a URL is never broken: it may stand alone on a longer row
    assert max(cell_len(row) for row in rows if "://" not in row) <= 50
    assert all(row.strip().startswith("http") for row in rows if cell_len(row) > 50)
    assert any(row.startswith("Actors: ") for row in rows)
    assert any(row.startswith("  ") and "(Syrian" in row or "Syrian army" in row for row in rows)  # hanging indent
    words = " ".join(rows).split()
    assert "Aleppo" in " ".join(words)
    assert not any(row.endswith("-") and not row.endswith(" -") for row in rows if "http" not in row)


def test_no_arguments_are_what_the_parser_gives_for_none():
    """A start with no arguments builds no parser; what it uses instead is what the parser says."""
    from tui.cli import _app_parser
    from tui.cli.app_command import no_arguments

    assert vars(no_arguments()) == vars(_app_parser().parse_args([]))
    assert no_arguments().actor is not no_arguments().actor  # lists of their own, as argparse makes them
