#!/usr/bin/env python3
"""Write synthetic, valid timelines for the benchmark (never committed: they go to a temp folder).

    python bench/gen.py 1000 10000 100000        # writes to $TMPDIR/syria-timeline-bench/
    python bench/gen.py --out DIR --seed 7 200

Each file has 200 actors, 300 places, 12 eras, and events with realistic text
lengths (title ~70, summary ~100, text ~300 characters; 0-2 claims, 1-3 sources,
tags, places, related events, some casualty figures, a few approximate or
month/year-only dates and spans), about 1 KB per event, written in the same
style as the built-in timeline.yaml. The output is deterministic for a seed.

The words of the text come from a realistic vocabulary by default (`--vocabulary zipf`):
50,000 distinct words drawn with Zipf's law (the r-th commonest word used about 1/r as often
as the first), as in news text: a few hundred common English words first, then the benchmark's
own words, place and people names, numbers and years, words with accents and in Arabic, and
made-up words for the long tail, some capitalised, some followed by a comma. About 90,000
distinct whitespace-separated tokens result in 100,000 events, like real news text.
`--vocabulary small` uses the 150 words of earlier runs (the figures before issue 19).
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
COMMON = (
    "the of and to in a is that for on was with by as at from it be were he his are an has had which "
    "not or have but after their they this its also who been more when two one about into over than "
    "three some other new would could said people last first year years month week day time since "
    "while during before against under between where many most there them all up out no only four "
    "five later near area town told local men women children least killed least after amid across "
    "following including around according several dozens hundreds thousands"
).split()
NAMES = (
    "Aleppo Idlib Homs Hama Damascus Daraa Raqqa Deir ez-Zor Latakia Tartus Qamishli Hasakah Manbij "
    "Kobani Afrin Palmyra Douma Ghouta Yarmouk Maarat al-Nu'man Saraqib Jisr al-Shughur Khan Shaykhun "
    "Assad Russia Turkey Türkiye Iran Hezbollah Kurdish Nusra Tahrir al-Sham Islamic State Jordan Iraq "
    "Lebanon Israel Geneva Astana Sochi UN OCHA SOHR SANA Erdoğan Pédersen Brahimi Annan de Mistura"
).split()
ARABIC = "حلب إدلب حمص حماة دمشق درعا الرقة اللاذقية طرطوس القامشلي الحسكة منبج عفرين تدمر دوما الغوطة".split()
SYLLABLES = (
    "ba be bi bo bu ka ke ki ko ku ta te ti to tu ra re ri ro ru la le li lo lu ma me mi mo mu na ne "
    "ni no nu sa se si so su da de di do du ga ge gi go gu ha he hi ho hu za ze zi zo zu fa fe fi fo "
    "wa we wi ya yo qa qi sha shi kha khe tha dha ghu ar el in on us at or an"
).split()
VOCABULARY_SIZE = 50_000
ZIPF_EXPONENT = 1.0


def zipf_vocabulary(size: int = VOCABULARY_SIZE) -> tuple[list[str], list[float]]:
    """`size` distinct words, commonest first, and their cumulative Zipf weights (for
    `random.choices`). The same for every seed: the seed picks the text, not the vocabulary."""
    rng = random.Random(20110315)
    words: list[str] = []
    seen: set[str] = set()

    def add(word: str) -> None:
        if word not in seen:
            seen.add(word)
            words.append(word)

    for word in COMMON + WORDS:
        add(word)
    tail = [*NAMES, *ARABIC, *(str(year) for year in range(2000, 2025)), *(str(n) for n in range(1, 200))]
    accents = str.maketrans("aeiou", "áéíöü")
    while len(words) < size:
        rank = len(words)
        if tail and rng.random() < 0.05:
            add(tail.pop(rng.randrange(len(tail))))
            continue
        syllables = 1 + min(5, int(rng.expovariate(1.0) + rank.bit_length() / 6))
        word = "".join(rng.choice(SYLLABLES) for _ in range(syllables))
        roll = rng.random()
        if roll < 0.15:
            word = word.capitalize()  # a name
        elif roll < 0.17:
            word = word.translate(accents)
        elif roll < 0.19:
            word = word.capitalize() + "-" + rng.choice(SYLLABLES)
        add(word)
    cumulative, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank**ZIPF_EXPONENT
        cumulative.append(total)
    return words, cumulative


_VOCABULARIES: dict[str, tuple[list[str], list[float] | None]] = {}


def vocabulary(name: str) -> tuple[list[str], list[float] | None]:
    if name not in _VOCABULARIES:
        if name == "zipf":
            _VOCABULARIES[name] = zipf_vocabulary()
        elif name == "small":
            _VOCABULARIES[name] = (list(WORDS), None)
        else:
            raise ValueError(f"unknown vocabulary {name!r}: zipf or small")
    return _VOCABULARIES[name]


KINDS = ("state", "armed-forces", "armed-group", "coalition", "monitor", "media", "international", "civilians", "person")
ALIGN = ("government", "pro-government", "opposition", "kurdish-led", "jihadist", "neutral", "international")
PUBLISHERS = (
    "Reuters", "AFP", "Associated Press", "BBC News", "Al Jazeera", "The Guardian", "SOHR", "SANA",
    "Enab Baladi", "Syria Direct", "UN OCHA", "Human Rights Watch", "Amnesty International", "The National",
)


_WORDS: tuple[list[str], list[float] | None] = (list(WORDS), None)  # set by `generate`


def sentence(rng: random.Random, low: int, high: int) -> str:
    vocab, cumulative = _WORDS
    count = rng.randint(low, high)
    if cumulative is None:
        words = [rng.choice(vocab) for _ in range(count)]
    else:
        words = rng.choices(vocab, cum_weights=cumulative, k=count)
        if count > 6 and rng.random() < 0.4:
            at = rng.randrange(1, count - 2)
            words[at] += ","
    return words[0][:1].upper() + words[0][1:] + " " + " ".join(words[1:]) + "."


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


def generate(n_events: int, seed: int = 1, vocabulary_name: str = "zipf") -> str:
    global _WORDS
    _WORDS = vocabulary(vocabulary_name)
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


def write(n_events: int, out: Path | None = None, seed: int = 1, vocabulary_name: str = "zipf") -> Path:
    """Write (or reuse, if already written for this seed and vocabulary) the n-event timeline and return its path."""
    out = out or default_dir()
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"synthetic-{n_events}-s{seed}{'' if vocabulary_name == 'small' else '-' + vocabulary_name}.yaml"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(generate(n_events, seed, vocabulary_name), encoding="utf-8")
        os.replace(tmp, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=None, help=f"folder (default {default_dir()})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", choices=("zipf", "small"), default="zipf",
                        help="zipf: 50,000 words with Zipf frequencies (default); small: the 150 words of earlier runs")
    args = parser.parse_args(argv)
    for n in args.sizes:
        path = write(n, args.out, args.seed, args.vocabulary)
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
