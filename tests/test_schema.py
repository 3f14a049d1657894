"""The JSON Schema of the timeline format: shipped, printed by `schema`, and true to the files."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from tui.formats import json_format
from tui.formats.schema import schema, schema_text
from tui.timeline_file import builtin_path, load

from conftest import MINI, ROOT


class _YAML12(yaml.SafeLoader):
    """YAML as a language server reads it (YAML 1.2 core): 2016-12-22 stays a string."""


_YAML12.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.fixture(scope="module")
def validator():
    jsonschema.Draft202012Validator.check_schema(schema())
    return jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(validator, document) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.mark.parametrize("path", [builtin_path(), str(MINI)], ids=["builtin", "mini"])
def test_the_yaml_files_follow_the_schema(validator, path):
    with open(path, encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_YAML12)
    assert errors(validator, document) == []


@pytest.mark.parametrize("path", [builtin_path(), str(MINI)], ids=["builtin", "mini"])
def test_the_json_export_follows_the_schema(validator, path):
    timeline = load(path)
    assert errors(validator, json.loads(json_format.render(timeline, timeline.events))) == []


def test_the_schema_refuses_what_the_loader_refuses(validator):
    good = {"version": 1, "actors": {"a": {"name": "A"}}, "events": [
        {"id": "e", "date": "2016-12", "title": "T", "actors": ["a"], "text": "x", "sources": [{"publisher": "P"}]}]}
    assert errors(validator, good) == []
    for change in (
        lambda d: d["events"][0].update(colour="red"),  # unknown key
        lambda d: d["events"][0].pop("sources"),  # a required field
        lambda d: d["events"][0].update(sources=[]),  # at least one source
        lambda d: d["events"][0].update(date="yesterday"),
        lambda d: d["events"][0].update(id="has space"),
        lambda d: d["actors"]["a"].update(kind="villain"),
        lambda d: d["events"][0].update(roles={"a": "hero"}),
        lambda d: d.update(version=2),
    ):
        bad = json.loads(json.dumps(good))
        change(bad)
        assert errors(validator, bad), bad


def test_schema_command_prints_the_shipped_schema(tmp_path):
    out = subprocess.run([sys.executable, "-m", "tui", "schema"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout == schema_text()
    target = tmp_path / "timeline.schema.json"
    done = subprocess.run([sys.executable, "-m", "tui", "schema", "-o", str(target)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and json.loads(target.read_text(encoding="utf-8")) == schema()


def test_schema_never_writes_over_a_file_without_force(tmp_path):
    """`schema -o timeline.yaml` (a slip of the shell's completion) replaced the user's timeline
    with the schema; like `export` and `import` it now refuses in one line, and --force replaces."""
    target = tmp_path / "timeline.yaml"
    target.write_text("version: 1\n# my timeline\n", encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "tui", "schema", "-o", str(target)], capture_output=True, text=True, cwd=ROOT)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.count("\n") == 1 and "exists; add --force" in refused.stderr, refused.stderr
    assert target.read_text(encoding="utf-8") == "version: 1\n# my timeline\n"
    forced = subprocess.run([sys.executable, "-m", "tui", "schema", "-o", str(target), "--force"], capture_output=True, text=True, cwd=ROOT)
    assert forced.returncode == 0 and json.loads(target.read_text(encoding="utf-8")) == schema()


def test_the_readme_tells_editors_where_the_schema_is():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "yaml-language-server: $schema=" in readme and "syria-timeline schema" in readme


def test_the_format_extension_follows_the_schema(validator):
    from test_event_outline import DATED

    from tui.timeline_file import loads

    assert errors(validator, yaml.load(DATED, Loader=_YAML12)) == []
    timeline = loads(DATED, "dated.yaml")
    assert errors(validator, json.loads(json_format.render(timeline, timeline.events))) == []


def test_an_acled_import_follows_the_schema(validator):
    from tui.formats import acled

    text = (ROOT / "tests/data/acled-current.csv").read_text(encoding="utf-8")
    assert errors(validator, yaml.load(acled.convert_text(text, "acled.csv"), Loader=_YAML12)) == []
