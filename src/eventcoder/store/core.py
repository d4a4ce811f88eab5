"""The event store: a DuckDB file with articles, events, mentions and deduplicated event clusters."""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa

from eventcoder.errors import EventcoderError, InputError, StoreError
from eventcoder.model import Article, Event
from eventcoder.store import query
from eventcoder.store.dedup import RULE_COLUMNS, DedupRule, cluster_table, group_key_sql
from eventcoder.store.schema import (
    ARTICLE_COLUMNS,
    DATE_HI_SQL,
    DATE_LO_SQL,
    DERIVED_COLUMNS,
    article_arrow_schema,
    ddl,
    event_arrow_schema,
    event_columns,
    events_to_arrow,
    fetch_arrow,
)


class PipeCoder(Protocol):
    def pipe(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]: ...


class Problem:
    """An article that could not be stored (same shape as ``eventcoder.ingest.IngestProblem``)."""

    def __init__(self, where: str, message: str):
        self.where, self.message, self.fatal = where, message, True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({self.where!r}, {self.message!r})"


_PREC_RANK = "CASE date_precision WHEN 'day' THEN 0 WHEN 'week' THEN 1 WHEN 'month' THEN 2 " \
             "WHEN 'year' THEN 3 ELSE 4 END"


class Store:
    """A DuckDB event store.

    >>> with Store("events.duckdb") as store:          # doctest: +SKIP
    ...     counts = store.ingest(articles, coder)
    ...     rows = store.events(actor="RUS", start="2017-01-01", limit=10)
    """

    def __init__(self, path: str | os.PathLike = "events.duckdb", read_only: bool = False,
                 rule: DedupRule | None = None):
        self.path = str(path)
        self.read_only = read_only
        try:
            if not read_only and self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(self.path, read_only=read_only)
        except (duckdb.Error, OSError) as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from None
        if not read_only:
            try:
                for stmt in ddl():
                    self.con.execute(stmt)
                self._migrate()
            except duckdb.Error as e:
                self.con.close()
                raise StoreError(f"cannot set up store {self.path}: {e}") from None
        else:
            have = {r[0] for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables").fetchall()}
            if not {"articles", "events", "mentions", "event_clusters"} <= have:
                raise StoreError(f"{self.path} is not an eventcoder store")
        self._rule = rule

    def _migrate(self) -> None:
        """Add columns that EVENT_FIELDS (or the article table) gained since the store was created."""
        want = {"events": {**{n: t for n, (t, _a) in event_columns().items()}, **DERIVED_COLUMNS},
                "articles": {n: t for n, (t, _a) in ARTICLE_COLUMNS.items()}}
        for table, cols in want.items():
            have = {r[0] for r in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
            for name, sql_type in cols.items():
                if name not in have:
                    self.con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type}')

    # ---- life cycle --------------------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    # ---- meta --------------------------------------------------------------------------------------------
    def _meta(self, key: str) -> str | None:
        rows = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        return rows[0][0] if rows else None

    def _set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    @property
    def rule(self) -> DedupRule:
        """The dedup rule: the one given to the constructor, else the one last used on this store."""
        if self._rule is not None:
            return self._rule
        text = self._meta("dedup_rule")
        return DedupRule.from_json(text) if text else DedupRule()

    # ---- ingest ------------------------------------------------------------------------------------------
    def ingest(self, articles: Iterable[Article], coder: PipeCoder, progress: bool = False,
               batch_size: int = 256, errors: list | None = None, dedup: bool = True) -> dict[str, int]:
        """Code and store articles; return counts (articles, skipped, sentences, events, errors).

        Articles already stored (same content hash) are skipped; an article whose id is stored with other
        content, or that the coder fails on, is an error (appended to ``errors``, not stored; ``errors`` in
        the counts is the number of fatal problems added to that list during the run, so a reader sharing the
        list, like ``eventcoder.ingest.iter_articles(errors=...)``, has its problems counted too). Each batch
        of ``batch_size`` articles is committed with its events in one transaction, so an interrupted run
        loses at most the batch in flight and a rerun completes it. Deduplication runs at the end over the
        groups that received new events.
        """
        self._writable()
        problems = errors if errors is not None else []
        counts = {"articles": 0, "skipped": 0, "sentences": 0, "events": 0, "errors": 0}
        known = fetch_arrow(self.con, "SELECT id, content_hash FROM articles")
        hashes = set(known.column("content_hash").to_pylist())
        ids = set(known.column("id").to_pylist())
        del known
        first_problem = len(problems)

        def count_errors() -> None:  # every fatal problem of this run, the reader's included when shared
            counts["errors"] = sum(1 for p in problems[first_problem:] if getattr(p, "fatal", True))

        bar = _Progress(counts, count_errors) if progress else None

        def fresh() -> Iterator[Article]:
            for a in articles:
                if not isinstance(a, Article):
                    raise InputError(f"ingest expects Article objects, got {type(a).__name__}")
                h = a.content_hash
                if h in hashes:
                    counts["skipped"] += 1
                    if bar:
                        bar.update(0)
                    continue
                if a.id in ids:
                    self._problem(problems, counts, a.id, "an article with this id but other content is "
                                                          "already stored")
                    continue
                hashes.add(h)
                ids.add(a.id)
                yield a

        art_rows: list[dict[str, Any]] = []
        ev_rows: list[dict[str, Any]] = []
        try:
            for article, events, n_sent, named in _safe_pipe(coder, fresh(), problems, counts):
                rows = _event_dicts(article, events, problems, counts)
                art_rows.append(_article_row(article, n_sent, len(rows), named))
                ev_rows.extend(rows)
                counts["articles"] += 1
                counts["sentences"] += n_sent or 0
                counts["events"] += len(rows)
                if bar:
                    bar.update(1)
                if len(art_rows) >= batch_size:
                    counts["events"] -= len(ev_rows) - self._write_batch(art_rows, ev_rows)
                    art_rows, ev_rows = [], []
            if art_rows:
                counts["events"] -= len(ev_rows) - self._write_batch(art_rows, ev_rows)
        finally:
            count_errors()
            if bar:
                bar.close()
        if dedup:
            self.dedup()
        return counts

    @staticmethod
    def _problem(problems: list, counts: dict[str, int], where: str, message: str) -> None:
        problems.append(Problem(where, message))

    def _write_batch(self, art_rows: list[dict[str, Any]], ev_rows: list[dict[str, Any]]) -> int:
        arts = pa.Table.from_pylist(art_rows, schema=article_arrow_schema())
        evs = events_to_arrow(ev_rows)
        # skip_existing: events imported earlier (e.g. from the Spark job) for these articles stay single
        _, n = self._transaction(lambda: (self._insert_articles(arts), self._insert_events(evs, skip_existing=True)))
        return n

    def _transaction(self, fn) -> Any:
        self.con.execute("BEGIN TRANSACTION")
        try:
            out = fn()
            self.con.execute("COMMIT")
            return out
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _insert_articles(self, arts: pa.Table) -> None:
        self.con.register("_new_articles", arts)
        try:
            cols = ", ".join(f'"{c}"' for c in ARTICLE_COLUMNS)
            self.con.execute(f"INSERT INTO articles ({cols}) SELECT {cols} FROM _new_articles")
        finally:
            self.con.unregister("_new_articles")

    def _insert_events(self, evs: pa.Table, skip_existing: bool = False) -> int:
        """Insert events (Arrow, the store's event schema); with ``skip_existing`` only unknown event ids,
        once each. Returns the number inserted."""
        self.con.register("_new_events", evs)
        try:
            cols = ", ".join(f'"{c}"' for c in event_columns())
            src = "_new_events"
            if skip_existing:
                src = ("(SELECT * FROM _new_events n WHERE NOT EXISTS (SELECT 1 FROM events e "
                       "WHERE e.event_id = n.event_id) QUALIFY row_number() OVER (PARTITION BY event_id) = 1)")
            n = self.con.execute(
                f"INSERT INTO events ({cols}, date_lo, date_hi, cluster_id) "
                f"SELECT {cols}, {DATE_LO_SQL}, {DATE_HI_SQL}, NULL FROM {src}").fetchall()
        finally:
            self.con.unregister("_new_events")
        return int(n[0][0]) if n else 0

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")

    # ---- import ------------------------------------------------------------------------------------------
    def import_events(self, path: str | os.PathLike, dedup: bool = True) -> dict[str, int]:
        """Add events from Parquet (a file or a directory, partitioned or not) or JSONL in the JSONL schema
        (``Event.to_dict()``; ``location`` nested or flattened into ``location_*``). Events whose
        ``event_id`` is already stored are skipped, so importing twice changes nothing."""
        from eventcoder.store.io import read_events
        self._writable()
        table = read_events(path)
        n = self._transaction(lambda: self._insert_events(table, skip_existing=True))
        if dedup:
            self.dedup()
        return {"read": table.num_rows, "imported": n, "skipped": table.num_rows - n}

    # ---- dedup -------------------------------------------------------------------------------------------
    def dedup(self, rule: DedupRule | None = None, full: bool = False) -> dict[str, int]:
        """(Re)cluster events into ``event_clusters``/``mentions``. Without ``full``, only the groups
        (dyad, family) that have unclustered events are recomputed, which gives the same result as a full
        run. A rule different from the stored one forces a full run; the rule is saved with the store."""
        self._writable()
        rule = rule or self.rule
        if self._meta("dedup_rule") != rule.to_json():
            full = True
        self._rule = rule
        cols = ", ".join(f'"{c}"' for c in RULE_COLUMNS)
        if full:
            rows = fetch_arrow(self.con, f"SELECT {cols} FROM events")
        else:
            key = group_key_sql(rule)
            rows = fetch_arrow(self.con, f"SELECT {cols} FROM events WHERE {key} IN "
                                         f"(SELECT DISTINCT {key} FROM events WHERE cluster_id IS NULL)")
        mapping = cluster_table(rows, rule)

        def write() -> None:
            self._set_meta("dedup_rule", rule.to_json())
            if full:
                self.con.execute("DELETE FROM event_clusters")
                self.con.execute("DELETE FROM mentions")
            if mapping.num_rows == 0:
                return
            self.con.register("_map", mapping)
            try:
                if not full:
                    self.con.execute("DELETE FROM event_clusters WHERE cluster_id IN (SELECT e.cluster_id "
                                     "FROM events e JOIN _map m USING (event_id))")
                    self.con.execute("DELETE FROM mentions WHERE event_id IN (SELECT event_id FROM _map)")
                self.con.execute("UPDATE events SET cluster_id = m.cluster_id FROM _map m "
                                 "WHERE events.event_id = m.event_id")
                self.con.execute(_MENTIONS_SQL)
                self.con.execute(_CLUSTERS_SQL)
            finally:
                self.con.unregister("_map")

        self._transaction(write)
        n_clusters = len(set(mapping.column("cluster_id").to_pylist()))
        return {"events": mapping.num_rows, "clusters": n_clusters, "full": int(full)}

    def optimize(self) -> None:
        """Rewrite ``events`` and ``event_clusters`` sorted by (source, target, date): dyad and time
        aggregations then touch memory in order (about twice as fast on large stores). Full dedup runs
        and imports already write clusters in this order; run this after many small ingests."""
        self._writable()

        def rewrite() -> None:
            for t in ("events", "event_clusters"):
                self.con.execute(f"CREATE TABLE _sorted AS SELECT * FROM {t} "
                                 f"ORDER BY source, target, date_lo, {'event_id' if t == 'events' else 'cluster_id'}")
                self.con.execute(f"DROP TABLE {t}")
                self.con.execute(f"ALTER TABLE _sorted RENAME TO {t}")

        self._transaction(rewrite)
        self.con.execute("CHECKPOINT")

    # ---- queries -----------------------------------------------------------------------------------------
    def events(self, actor: str | None = None, dyad: tuple[str, str] | str | None = None,
               cameo: str | None = None, root: str | None = None, quad_class: int | None = None,
               plover: str | None = None, start: str | dt.date | None = None,
               end: str | dt.date | None = None, country: str | None = None,
               bbox: tuple[float, float, float, float] | None = None, limit: int | None = 100,
               offset: int = 0, article_id: str | None = None, cluster_id: str | None = None
               ) -> list[dict[str, Any]]:
        """Events matching every given filter, in the JSONL schema plus ``cluster_id``, ordered by date.

        ``actor`` matches source or target; ``dyad`` is ``(source, target)`` or ``"SRC,TGT"``; ``cameo`` is a
        code prefix; ``start``/``end`` are inclusive days compared with the event date interval; ``country``
        is the ISO3 of the location; ``bbox`` is ``(min_lon, min_lat, max_lon, max_lat)``."""
        where, params = query.event_filters(actor=actor, dyad=dyad, cameo=cameo, root=root,
                                            quad_class=quad_class, plover=plover, start=start, end=end,
                                            country=country, bbox=bbox, article_id=article_id,
                                            cluster_id=cluster_id)
        sql = f"SELECT * FROM events {where} ORDER BY date_lo NULLS LAST, article_id, event_id"
        sql, params = query.paginate(sql, params, limit, offset)
        return [query.event_row(r) for r in self._dicts(sql, params)]

    def count_events(self, **filters: Any) -> int:
        where, params = query.event_filters(**filters)
        return int(self.con.execute(f"SELECT count(*) FROM events {where}", params).fetchall()[0][0])

    def clusters(self, limit: int | None = 100, offset: int = 0, **filters: Any) -> list[dict[str, Any]]:
        """Deduplicated events (``event_clusters`` rows), same filters as ``events``."""
        where, params = query.event_filters(**filters)
        sql = f"SELECT * FROM event_clusters {where} ORDER BY date_lo NULLS LAST, cluster_id"
        sql, params = query.paginate(sql, params, limit, offset)
        return [query.jsonable(r) for r in self._dicts(sql, params)]

    def mentions(self, cluster_id: str) -> list[dict[str, Any]]:
        """Every report of one deduplicated event, with its provenance."""
        return [query.jsonable(r) for r in self._dicts(
            "SELECT * FROM mentions WHERE cluster_id = ? ORDER BY article_date NULLS LAST, article_id, event_id",
            [cluster_id])]

    def actors(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Every actor code with its number of events as source, as target and in all."""
        sql = ("SELECT actor, sum(n_source)::BIGINT AS as_source, sum(n_target)::BIGINT AS as_target, "
               "(sum(n_source) + sum(n_target))::BIGINT AS events FROM ("
               "SELECT source AS actor, count(*) AS n_source, 0 AS n_target FROM events "
               "WHERE source IS NOT NULL GROUP BY 1 UNION ALL "
               "SELECT target, 0, count(*) FROM events WHERE target IS NOT NULL GROUP BY 1) "
               "GROUP BY actor ORDER BY events DESC, actor")
        sql, params = query.paginate(sql, [], limit, 0)
        return self._dicts(sql, params)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its events and the places and time expressions it names, or None."""
        rows = self._dicts("SELECT * FROM articles WHERE id = ?", [article_id])
        if not rows:
            return None
        art = query.jsonable(rows[0])
        art["meta"] = json.loads(art["meta"]) if art.get("meta") else {}
        for key in ("places", "times"):  # null for articles stored before these were recorded
            art[key] = json.loads(art[key]) if art.get(key) is not None else None
        art["events"] = self.events(article_id=article_id, limit=None)
        return art

    def stats(self) -> dict[str, int]:
        out = {}
        for t in ("articles", "events", "mentions", "event_clusters"):
            out[t] = int(self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0])
        return out

    def sql(self, sql: str, params: list | None = None) -> list[dict[str, Any]]:
        """Run a read query (for analysis code and power users); rows as dicts."""
        return self._dicts(sql, params or [])

    def _dicts(self, sql: str, params: list) -> list[dict[str, Any]]:
        try:
            cur = self.con.execute(sql, params)
        except duckdb.Error as e:
            raise StoreError(f"query failed: {e}") from None
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


# ---- helpers ---------------------------------------------------------------------------------------------

def _safe_pipe(coder: PipeCoder, articles: Iterator[Article], problems: list, counts: dict[str, int]
               ) -> Iterator[tuple[Article, list, int | None, dict | None]]:
    """Run the coder over a stream; an article it fails on is retried alone, then reported as an error.

    Yields ``(article, events, n_sentences, named)``, ``named`` being ``{"places": [...], "times": [...]}``.
    Uses ``coder.pipe_docs`` (which knows the sentences, places and times) when the coder has it, else
    ``coder.pipe`` (then ``n_sentences`` and ``named`` are None)."""
    pending: collections.deque[Article] = collections.deque()
    input_failed = False

    def feed() -> Iterator[Article]:
        nonlocal input_failed
        while True:
            try:
                a = next(articles)
            except StopIteration:
                return
            except BaseException:
                input_failed = True
                raise
            pending.append(a)
            yield a

    def run(stream: Iterable[Article]) -> Iterator[tuple[Article, list, int | None, dict | None]]:
        if hasattr(coder, "pipe_docs"):
            for adoc in coder.pipe_docs(stream):
                named = {"places": [p.to_dict() for p in adoc.places], "times": [t.to_dict() for t in adoc.times]}
                yield adoc.article, adoc.events, len(adoc.sentences), named
        else:
            for art, evs in coder.pipe(stream):
                yield art, evs, None, None

    while True:
        try:
            for art, evs, n, named in run(feed()):
                while pending and pending[0] is not art and pending[0].id != art.id:
                    lost = pending.popleft()
                    Store._problem(problems, counts, lost.id, "the coder returned no result")
                if pending:
                    pending.popleft()
                yield art, evs, n, named
            while pending:
                Store._problem(problems, counts, pending.popleft().id, "the coder returned no result")
            return
        except Exception as e:
            if input_failed or not pending or (isinstance(e, EventcoderError) and not isinstance(e, InputError)):
                # unreadable input, a broken coder configuration, or a coder that fails before taking any
                # article: not one article's fault (retrying would loop forever)
                raise
            for a in list(pending):
                try:
                    results = list(run([a]))
                except Exception as e2:  # noqa: BLE001 - the coder's failure on one article is reported
                    Store._problem(problems, counts, a.id, f"coding failed: {type(e2).__name__}: {e2}")
                    continue
                if not results:
                    Store._problem(problems, counts, a.id, "the coder returned no result")
                yield from results
            pending.clear()


def _event_dicts(article: Article, events: list, problems: list, counts: dict[str, int]) -> list[dict]:
    rows: list[dict] = []
    seen: set[str] = set()
    for e in events:
        d = e.to_dict() if hasattr(e, "to_dict") else dict(e)
        if d.get("event_id") in seen:  # the same trigger, dyad and code twice: one event
            continue
        seen.add(d.get("event_id"))
        d["article_id"] = d.get("article_id") or article.id
        rows.append(d)
    return rows


def _article_row(a: Article, n_sentences: int | None, n_events: int, named: dict | None = None
                 ) -> dict[str, Any]:
    named = named or {}
    return {"id": a.id, "content_hash": a.content_hash, "date": a.date, "source": a.source, "url": a.url,
            "title": a.title, "text": a.text, "n_sentences": n_sentences, "n_events": n_events,
            "meta": json.dumps(a.meta, default=str, sort_keys=True) if a.meta else None,
            "warnings": list(a.warnings), "ingested_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
            "places": _json_list(named.get("places")), "times": _json_list(named.get("times"))}


def _json_list(items: list | None) -> str | None:
    return None if items is None else json.dumps(items, ensure_ascii=False)


class _Progress:
    """tqdm bar on stderr with counts of articles, sentences, events and errors."""

    def __init__(self, counts: dict[str, int], refresh_errors=None):
        from tqdm import tqdm
        self.counts = counts
        self.refresh_errors = refresh_errors
        self.bar = tqdm(unit=" articles", file=__import__("sys").stderr, dynamic_ncols=True)

    def update(self, n: int) -> None:
        if self.refresh_errors:
            self.refresh_errors()
        c = self.counts
        self.bar.set_postfix_str(f"sentences={c['sentences']} events={c['events']} skipped={c['skipped']} "
                                 f"errors={c['errors']}", refresh=False)
        self.bar.update(n)

    def close(self) -> None:
        self.bar.close()


_MENTIONS_SQL = """
INSERT INTO mentions
SELECT e.event_id, e.cluster_id, e.article_id, e.sentence_id, a.source, a.url, a.date, e."date",
       e.date_precision, e.trigger, e.span, e.source_text, e.source_span, e.target_text, e.target_span,
       e.sentence
FROM events e JOIN _map m USING (event_id) LEFT JOIN articles a ON a.id = e.article_id
"""

_CLUSTERS_SQL = f"""
INSERT INTO event_clusters
WITH m AS (
    SELECT e.*, a.source AS outlet, a.date AS adate, a.url AS aurl, {_PREC_RANK} AS prec
    FROM events e JOIN (SELECT DISTINCT cluster_id FROM _map) c USING (cluster_id)
    LEFT JOIN articles a ON a.id = e.article_id),
codes AS (SELECT cluster_id, cameo, count(*) AS n FROM m GROUP BY cluster_id, cameo),
modal AS (SELECT cluster_id, first(cameo ORDER BY n DESC, cameo) AS mcode FROM codes GROUP BY cluster_id),
rep AS (
    SELECT m.* FROM m JOIN modal USING (cluster_id)
    QUALIFY row_number() OVER (PARTITION BY m.cluster_id
        ORDER BY (m.cameo = modal.mcode) DESC, m.prec, m.date_lo, m.event_id) = 1),
agg AS (
    SELECT cluster_id, count(*) AS num_mentions, count(DISTINCT outlet) AS num_sources,
        count(DISTINCT article_id) AS num_articles, min(adate) AS first_seen, max(adate) AS last_seen,
        first(article_id ORDER BY adate NULLS LAST, article_id) AS first_article_id,
        first(aurl ORDER BY adate NULLS LAST, article_id) AS first_url,
        bool_or(ends_with(sentence_id, ':0')) AS is_root,
        first({{'name': location_name, 'country': location_country, 'admin1': location_admin1,
                'lat': location_lat, 'lon': location_lon, 'precision': location_precision,
                'geonameid': location_geonameid}}
              ORDER BY (location_name IS NULL AND location_country IS NULL), prec, event_id) AS loc
    FROM m GROUP BY cluster_id)
SELECT rep.cluster_id, rep."date", rep.date_precision, rep.date_lo, rep.date_hi, rep.source, rep.target,
    rep.cameo, rep.root, rep.goldstein, rep.quad_class, rep.plover, rep.plover_mode,
    agg.loc.name, agg.loc.country, agg.loc.admin1, agg.loc.lat, agg.loc.lon, agg.loc.precision,
    rep.negated, rep.future, rep.hypothetical,
    agg.num_mentions, agg.num_sources, agg.num_articles, agg.first_seen, agg.last_seen,
    agg.first_article_id, agg.first_url, rep.source_text, rep.target_text, agg.loc.geonameid, agg.is_root
FROM rep JOIN agg USING (cluster_id)
ORDER BY rep.source, rep.target, rep.date_lo
"""

# re-exported for type checkers
__all__ = ["Store", "Problem", "PipeCoder", "event_arrow_schema"]
