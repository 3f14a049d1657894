"""The borders and rivers the map draws: Syria and its neighbours from Natural Earth (public
domain), simplified by tools/make_outline.py and shipped as tui/data/syria_outline.json. Read
once, on first use; never from the network."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "syria_outline.json"
ATTRIBUTION = "Borders: Natural Earth (public domain)"


@dataclass(frozen=True)
class Country:
    name: str
    iso: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # closed rings of (lon, lat)


@dataclass(frozen=True)
class City:
    name: str
    lat: float
    lon: float
    rank: int  # 1 is labelled first


@dataclass(frozen=True)
class Outline:
    countries: tuple[Country, ...]
    cities: tuple[City, ...]
    rivers: tuple[tuple[tuple[float, float], ...], ...] = ()  # lines of (lon, lat)
    attribution: str = ATTRIBUTION
    problem: str = ""  # why there are no borders, when the file could not be read

    @property
    def home(self) -> Country | None:
        """Syria."""
        return next((c for c in self.countries if c.iso == "SYR"), None)


def parse(data: dict) -> Outline:
    countries = tuple(
        Country(
            str(c["name"]),
            str(c["iso"]),
            tuple(tuple((float(lon), float(lat)) for lon, lat in ring) for ring in c["rings"]),
        )
        for c in data["countries"]
    )
    cities = tuple(City(str(c["name"]), float(c["lat"]), float(c["lon"]), int(c["rank"])) for c in data.get("cities", ()))
    rivers = tuple(tuple((float(lon), float(lat)) for lon, lat in line) for line in data.get("rivers", ()))
    return Outline(countries, cities, rivers)


@lru_cache(maxsize=1)
def load_outline(path: Path = DATA) -> Outline:
    """The shipped outline; an empty one that says why when the file is missing or damaged
    (the map still shows the places, just without borders)."""
    try:
        return parse(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return Outline((), (), problem=f"no borders: {path.name} could not be read ({type(exc).__name__}); reinstall syria-timeline")
