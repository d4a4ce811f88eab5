"""Generate a synthetic news corpus for the Spark tests and the scaling benchmark.

Every text is composed here from templates (no real news text): a story is one event between two actors
(real countries and leaders, plus a few fictional ones the dictionaries do not know), told by one to three
outlets on nearby days with different wordings, so cross-article dedup has something to merge. Stories also
carry filler sentences, time expressions, places and negated or future variants.

    python tests/data/corpus200/make_corpus.py            # rewrites articles.jsonl (200 articles, seed 7)
    python tests/data/corpus200/make_corpus.py -n 1000 -o /tmp/c.jsonl

``generate(n, seed)`` returns the records (dicts with id, date, source, url, title, text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

ACTORS: list[str] = [
    "Russia", "Turkey", "Iran", "the United States", "France", "Germany", "China", "Japan", "India",
    "Pakistan", "Egypt", "Israel", "Syria", "Ukraine", "Brazil", "Mexico", "Kenya", "Nigeria", "Canada",
    "Australia", "Saudi Arabia", "South Korea", "Poland", "Italy", "Spain", "Argentina", "Ethiopia", "Vietnam",
    "the Russian government", "the Iranian foreign minister", "the Turkish government", "French officials",
    "the German chancellor", "Chinese diplomats", "Indian police", "the Egyptian army", "Kenyan rebels",
    "the United Nations", "NATO", "the European Union",
    # fictional: the coder should find no code for these
    "the Republic of Veldania", "Governor Tomas Rell", "the Ostrakan Assembly",
]

PLACES: list[str] = ["Geneva", "Cairo", "Moscow", "Ankara", "Paris", "Berlin", "Beijing", "Tokyo", "New Delhi",
                     "Nairobi", "Brasilia", "Vienna", "Doha", "Istanbul", "Warsaw", "Madrid"]

WHEN: list[str] = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "yesterday",
                   "last week", "earlier this month", "on Sunday", ""]

# code family -> wordings of the same act ({s} source, {t} target, {p} place, {w} time)
ACTS: dict[str, list[str]] = {
    "meet": ["{s} met {t} in {p} {w}.", "{s} held talks with {t} in {p} {w}.",
             "Officials from {s} met with {t} {w} in {p}."],
    "accuse": ["{s} accused {t} of violating the ceasefire {w}.", "{s} blamed {t} for the border clashes {w}.",
               "{s} {w} accused {t} of spying."],
    "criticize": ["{s} criticized {t} {w} over its trade policy.", "{s} condemned {t} for the arrests {w}.",
                  "{s} denounced {t} in a statement {w}."],
    "praise": ["{s} praised {t} for its help {w}.", "{s} thanked {t} {w} for the humanitarian aid."],
    "agree": ["{s} signed an agreement with {t} in {p} {w}.", "{s} signed a trade deal with {t} {w}.",
              "{s} and {t} signed a peace agreement in {p} {w}."],
    "threaten": ["{s} threatened {t} with sanctions {w}.", "{s} {w} threatened to attack {t}.",
                 "{s} warned {t} of military action {w}."],
    "sanction": ["{s} imposed sanctions on {t} {w}.", "{s} imposed new sanctions against {t} {w}."],
    "expel": ["{s} expelled diplomats from {t} {w}.", "{s} {w} expelled the ambassador of {t}."],
    "attack": ["{s} attacked {t} near {p} {w}.", "Forces of {s} shelled positions held by {t} {w}.",
               "{s} bombed {t} {w}."],
    "aid": ["{s} promised economic aid to {t} {w}.", "{s} sent humanitarian aid to {t} {w}.",
            "{s} offered military assistance to {t} {w}."],
    "visit": ["{s} visited {t} {w}.", "A delegation from {s} arrived in {p} {w} for a visit to {t}."],
    "reject": ["{s} rejected a proposal from {t} {w}.", "{s} refused to negotiate with {t} {w}."],
    "demand": ["{s} demanded that {t} release the prisoners {w}.", "{s} urged {t} to end the blockade {w}."],
    "arrest": ["{s} arrested dozens of supporters of {t} in {p} {w}.", "{s} detained activists from {t} {w}."],
    "negotiate": ["{s} negotiated with {t} over the gas price {w}.", "{s} and {t} discussed security {w}."],
}

VARIANTS: list[tuple[str, str]] = [
    ("plain", "{x}"),
    ("future", "{s} will meet {t} in {p} next week."),
    ("negated", "{s} did not meet {t} {w}."),
    ("possible", "{s} may impose sanctions on {t}."),
]

FILLER: list[str] = [
    "Officials declined to comment.", "The talks lasted three hours.", "Markets were calm after the news.",
    "Analysts said the move had been expected for months.", "The statement was published late in the evening.",
    "Further meetings are planned.", "Reporters were not allowed to attend.", "The weather in the capital was mild.",
    "A spokesperson said more details would follow.", "Prices of oil rose slightly on the day.",
]

OUTLETS: list[str] = ["Harbor Times", "Daily Ledger", "Wire Service Nine", "Evening Courier", "North Star Post",
                      "Global Bulletin"]


def _capital(s: str) -> str:
    return s[0].upper() + s[1:] if s else s


def _sentence(template: str, s: str, t: str, p: str, w: str) -> str:
    text = template.format(s=s, t=t, p=p, w=w)
    return _capital(" ".join(text.split()).replace(" .", "."))


def _background(rng: random.Random, n: int) -> str:
    """``n`` more sentences of other events and filler (background paragraphs of a longer article)."""
    out = []
    for _ in range(n):
        if rng.random() < 0.4:
            out.append(rng.choice(FILLER))
            continue
        a, b = rng.sample(ACTORS, 2)
        out.append(_sentence(rng.choice(ACTS[rng.choice(sorted(ACTS))]), a, b, rng.choice(PLACES),
                             rng.choice(WHEN)))
    return "\n\n".join(" ".join(out[i:i + 4]) for i in range(0, len(out), 4))


def generate(n: int = 200, seed: int = 7, extra: int = 0) -> list[dict[str, str | None]]:
    """``n`` article records; the same (n, seed, extra) always gives the same records. ``extra`` adds that
    many background sentences to each article (longer articles, for benchmarks)."""
    rng = random.Random(seed)
    records: list[dict[str, str | None]] = []
    story = 0
    while len(records) < n:
        story += 1
        s, t = rng.sample(ACTORS, 2)
        act = rng.choice(sorted(ACTS))
        place = rng.choice(PLACES)
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
        variant = rng.choices(VARIANTS, weights=[8, 1, 1, 1])[0]
        others = [(a, b) for a, b in zip(rng.sample(ACTORS, 4), rng.sample(ACTORS, 4), strict=True) if a != b]
        for k in range(min(rng.choice([1, 1, 2, 2, 3]), n - len(records))):
            when = rng.choice(WHEN)
            lead = rng.choice(ACTS[act]) if variant[0] == "plain" else variant[1]
            sentences = [_sentence(lead, s, t, place, when)]
            for a, b in others[: rng.randrange(0, 3)]:
                sentences.append(_sentence(rng.choice(ACTS[rng.choice(sorted(ACTS))]), a, b,
                                           rng.choice(PLACES), rng.choice(WHEN)))
            sentences[1:1] = rng.sample(FILLER, rng.randrange(1, 3))
            paragraphs = [" ".join(sentences[:2]), " ".join(sentences[2:])]
            outlet = OUTLETS[(story + k) % len(OUTLETS)]
            date = day + dt.timedelta(days=rng.randrange(0, 2))
            i = len(records) + 1
            records.append({
                "id": f"c{seed}-{i:05d}",
                "date": date.isoformat(),
                "source": outlet,
                "url": f"https://news.example.org/{outlet.lower().replace(' ', '-')}/{i}",
                "title": _capital(f"{s} and {t}: {act}"),
                "text": "\n\n".join(p for p in paragraphs if p)
                + ("\n\n" + _background(rng, extra) if extra else ""),
            })
    return records


def write_jsonl(records: list[dict[str, str | None]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--extra", type=int, default=0, help="background sentences added to each article")
    ap.add_argument("-o", "--out", type=Path, default=HERE / "articles.jsonl")
    args = ap.parse_args(argv)
    write_jsonl(generate(args.n, args.seed, args.extra), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
