"""`syria-timeline schema`: print the JSON Schema of the timeline format. No Textual here."""

from __future__ import annotations

import os

from .options import parse, parser
from .output import CommandError, is_stream, note, write_output

EPILOG = """\
Editors with a YAML language server (VS Code's YAML extension, Neovim's yamlls) use it for
completion and checks: save it, then put this first line in your timeline file:
  # yaml-language-server: $schema=timeline.schema.json

examples:
  syria-timeline schema -o timeline.schema.json
  syria-timeline schema -o timeline.schema.json --force    (replace it)
  syria-timeline schema | python -m json.tool
"""


def run(argv: list[str]) -> int:
    from ..formats.schema import schema_text

    command = parser("schema", "Print the JSON Schema of the timeline format (the YAML file and the JSON export).", EPILOG)
    command.add_argument("-o", "--output", metavar="FILE", default="-", help="file to write; '-' (the default) writes to stdout")
    command.add_argument("--force", action="store_true", help="replace the output file if it exists")
    args = parse(command, argv)
    if args.output != "-" and not is_stream(args.output) and os.path.lexists(args.output) and not args.force:  # as export and import do
        raise CommandError(f"{args.output} exists; add --force to replace it")
    write_output(args.output, schema_text(), what="schema")
    if args.output != "-":
        note(f"wrote the timeline schema to {args.output}")
    return 0
