#!/usr/bin/env python3
"""Write synthetic, valid timelines for the benchmark (never committed: they go to a temp folder).

    python bench/gen.py 1000 10000 100000        # writes to $TMPDIR/syria-timeline-bench/
    python bench/gen.py --out DIR --seed 7 200

Each file has 200 actors, 300 places, 12 eras, and events with realistic text
lengths (title ~70, summary ~100, text ~300 characters; 0-2 claims, 1-3 sources,
tags, places, related events, some casualty figures, a few approximate or
month/year-only dates and spans), about 1 KB per event, written in the same
style as the built-in timeline.yaml. The output is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

WORDS = (
    "government forces opposition rebels village district city province offensive ceasefire talks "
    "talks delegation monitors report shelling strike convoy aid crossing border checkpoint council "
    "residents displaced families hospital school market bridge road highway airport base front line "
    "negotiations agreement withdrawal truce evacuation buses corridor siege bread fuel water power "
    "statement ministry spokesman envoy resolution session vote observers inspectors casualties wounded "
    "fighters brigade battalion faction coalition militia units patrol villages countryside northern "
    "southern eastern western central desert river valley mountain plain outskirts suburb neighbourhood "
    "announced reported said denied confirmed accused claimed launched captured retook shelled entered "
    "left reached signed rejected welcomed condemned called urged warned met agreed held opened closed"
).split()
KINDS = ("state", "armed-forces", "armed-group", "coalition", "monitor", "media", "international", "civilians", "person")
ALIGN = ("government", "pro-government", "opposition", "kurdish-led", "jihadist", "neutral", "international")
PUBLISHERS = (
    "Reuters", "AFP", "Associated Press", "BBC News", "Al Jazeera", "The Guardian", "SOHR", "SANA",
    "Enab Baladi", "Syria Direct", "UN OCHA", "Human Rights Watch", "Amnesty International", "The National",
)


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def text_of(rng: random.Random, chars: int) -> str:
    out: list[str] = []
    length = 0
    while length < chars:
        s = sentence(rng, 8, 20)
        out.append(s)
        length += len(s) + 1
    return " ".join(out)


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def date_of(rng: random.Random, day_number: int) -> tuple[str, tuple[int, int, int]]:
    """A date string for the n-th day after 2011-03-01, sometimes coarser or approximate."""
    import datetime as dt

    d = dt.date(2011, 3, 1) + dt.timedelta(days=day_number)
    roll = rng.random()
    if roll < 0.80:
        text = d.isoformat()
    elif roll < 0.93:
        text = f"{d.year:04d}-{d.month:02d}"
    elif roll < 0.97:
        text = f"~{d.year:04d}-{d.month:02d}"
    else:
        text = f"{d.year:04d}"
    return text, (d.year, d.month, d.day)


def generate(n_events: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    lines = [
        "# synthetic timeline for the syria-timeline benchmark (bench/gen.py); not real events",
        "version: 1",
        f"title: {q(f'Synthetic benchmark timeline, {n_events:,} events')}",
        "actors:",
    ]
    actors = [f"actor-{i:03d}" for i in range(200)]
    for i, actor in enumerate(actors):
        name = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS).capitalize()} {i}"
        lines += [
            f"  {actor}:",
            f"    name: {q(name)}",
            f"    short: {q(name.split()[0] + str(i))}",
            f"    aliases: [{q(name.upper())}, {q('الفصيل ' + str(i))}]",
            f"    kind: {KINDS[i % len(KINDS)]}",
            f"    alignment: {ALIGN[i % len(ALIGN)]}",
            f"    description: {q(text_of(rng, 120))}",
        ]
    places = [f"place-{i:03d}" for i in range(300)]
    lines.append("places:")
    for i, place in enumerate(places):
        lines.append(
            f"  {place}: {{name: {q(rng.choice(WORDS).capitalize() + ' ' + str(i))}, arabic: {q('مكان ' + str(i))}, "
            f"governorate: {q(rng.choice(WORDS).capitalize())}, lat: {32 + rng.random() * 5:.4f}, lon: {35.5 + rng.random() * 6:.4f}}}"
        )
    lines.append("eras:")
    for i in range(12):
        lines.append(f"  - {{id: era-{i}, title: {q('Era ' + str(i) + ': ' + sentence(rng, 3, 6))}, start: {2011 + i}-01-01, end: {2011 + i}-12-31}}")
    lines.append("events:")
    span_days = (2024 - 2011) * 365 + 270
    ids: list[str] = []
    for n in range(n_events):
        event_id = f"ev-{n:06d}"
        day = n * span_days // max(1, n_events) + rng.randint(0, 3)
        date, _ = date_of(rng, day)
        chosen = rng.sample(actors, rng.randint(1, 4))
        lines += [
            f"- id: {event_id}",
            f"  date: {q(date) if date.startswith('~') else date}",
        ]
        if rng.random() < 0.05:
            end, _ = date_of(random.Random(n), day + rng.randint(2, 90))
            end = end.lstrip("~")
            if len(end) >= len(date.lstrip("~")):
                lines.append(f"  end: {end}")
        lines += [
            f"  title: {q(sentence(rng, 9, 13)[:-1])}",
            f"  actors: [{', '.join(chosen)}]",
            f"  places: [{', '.join(rng.sample(places, rng.randint(1, 2)))}]",
            f"  tags: [{', '.join(rng.sample(('offensive', 'siege', 'ceasefire', 'talks', 'aid', 'protests', 'airstrike', 'displacement', 'politics', 'chemical'), rng.randint(1, 3)))}]",
            f"  summary: {q(sentence(rng, 10, 18))}",
            "  text: |",
            "    " + text_of(rng, rng.randint(160, 440)),
        ]
        if rng.random() < 0.5:
            lines.append("  claims:")
            for _ in range(rng.randint(1, 2)):
                lines.append(f"  - {{by: {rng.choice(chosen)}, says: {q(sentence(rng, 8, 16))}, via: {q(rng.choice(PUBLISHERS))}}}")
        if rng.random() < 0.15:
            low = rng.randint(0, 200)
            lines.append(f"  casualties: {{low: {low}, high: {low + rng.randint(0, 100)}, note: {q(sentence(rng, 4, 9))}}}")
        lines.append("  sources:")
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            lines.append(
                f"  - {{publisher: {q(rng.choice(PUBLISHERS))}, title: {q(sentence(rng, 4, 8)[:-1])}, "
                f"date: {date.lstrip('~')}, url: {q(f'https://example.org/{event_id}/{rng.randint(1, 99999)}')}}}"
            )
        if ids and rng.random() < 0.3:
            lines.append(f"  related: [{', '.join(sorted(set(rng.choice(ids[-50:]) for _ in range(rng.randint(1, 2)))))}]")
        ids.append(event_id)
    return "\n".join(lines) + "\n"


def default_dir() -> Path:
    return Path(tempfile.gettempdir()) / "syria-timeline-bench"


def write(n_events: int, out: Path | None = None, seed: int = 1) -> Path:
    """Write (or reuse, if already written for this seed) the n-event timeline and return its path."""
    out = out or default_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"synthetic-{n_events}-s{seed}.yaml"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(generate(n_events, seed), encoding="utf-8")
        os.replace(tmp, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=None, help=f"folder (default {default_dir()})")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    for n in args.sizes:
        path = write(n, args.out, args.seed)
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
