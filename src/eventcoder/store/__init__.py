"""The event store (DuckDB): articles, events, mentions and deduplicated event clusters.

>>> from eventcoder.store import Store, DedupRule
"""

from eventcoder.store.core import Problem, Store
from eventcoder.store.dedup import (
           DedupRule,
           cluster_group,
           cluster_rows,
           cluster_table,
           compatible,
           group_key,
)

__all__ = ["Store", "DedupRule", "Problem", "cluster_group", "cluster_rows", "cluster_table", "compatible",
           "group_key"]
