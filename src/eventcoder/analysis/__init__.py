"""Analysis of a store: pure functions over a ``Store`` (or its DuckDB connection) returning plain,
JSON-serialisable data (``network`` returns a networkx graph; ``network_json`` makes it plain).

By default they count deduplicated events (``unit="clusters"``, the ``event_clusters`` table);
``unit="events"`` counts every coded report. Every function takes the filters of ``Store.events``
(``actor``, ``dyad``, ``cameo``, ``root``, ``quad_class``, ``plover``, ``start``, ``end``, ``country``,
``bbox``). See docs/store.md for the shapes of the results.
"""

from eventcoder.analysis.changes import changes
from eventcoder.analysis.network import blocs, cooperation_graph, network, network_json
from eventcoder.analysis.series import series, top_actors, top_dyads

__all__ = ["series", "top_actors", "top_dyads", "network", "network_json", "cooperation_graph", "blocs",
           "changes"]
