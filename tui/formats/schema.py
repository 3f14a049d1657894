"""The JSON Schema of the timeline format (YAML and the JSON export), shipped in the package.

`timeline.schema.json` beside this module; `syria-timeline schema` prints it. Editors with a
YAML language server (VS Code, Neovim) use it for completion and checks while curating
(README: "Checking a timeline in your editor"). No Textual here.
"""

from __future__ import annotations

import json
from importlib import resources

FILE_NAME = "timeline.schema.json"


def schema_text() -> str:
    return resources.files(__package__).joinpath(FILE_NAME).read_text(encoding="utf-8")


def schema() -> dict:
    return json.loads(schema_text())
