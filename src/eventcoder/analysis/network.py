"""The actor network (cooperation and conflict) and blocs on its cooperation graph."""

from __future__ import annotations

from typing import Any

import networkx as nx

from eventcoder.analysis.base import rows, table, where


def network(db: Any, unit: str = "clusters", min_events: int = 1, **filters: Any) -> nx.DiGraph:
    """Directed actor graph. Edge source -> target attributes: ``events``, ``cooperation`` (QuadClass 1-2),
    ``conflict`` (3-4), ``goldstein_sum``, ``goldstein_mean`` (None without scores), ``kind``
    ("cooperation" when cooperation >= conflict, else "conflict"). Node attributes: ``events`` (as
    source or target), ``cooperation``, ``conflict``. Only dyads with at least ``min_events`` events."""
    w, params = where(unit, ["target IS NOT NULL", "source IS NOT NULL", "source <> target"], **filters)
    sql = (f"SELECT source, target, count(*) AS events, "
           f"count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation, "
           f"count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict, "
           f"coalesce(sum(goldstein), 0)::DOUBLE AS goldstein_sum, avg(goldstein)::DOUBLE AS goldstein_mean "
           f"FROM {table(unit)} {w} GROUP BY source, target HAVING count(*) >= ? ORDER BY source, target")
    g = nx.DiGraph()
    for r in rows(db, sql, params + [int(min_events)]):
        s, t = r.pop("source"), r.pop("target")
        r["kind"] = "cooperation" if r["cooperation"] >= r["conflict"] else "conflict"
        g.add_edge(s, t, **r)
    for node in g.nodes:
        edges = list(g.in_edges(node, data=True)) + list(g.out_edges(node, data=True))
        g.nodes[node]["events"] = sum(d["events"] for _a, _b, d in edges)
        g.nodes[node]["cooperation"] = sum(d["cooperation"] for _a, _b, d in edges)
        g.nodes[node]["conflict"] = sum(d["conflict"] for _a, _b, d in edges)
    return g


def network_json(g: nx.Graph) -> dict[str, list[dict[str, Any]]]:
    """``{"nodes": [{"id", ...attributes}], "edges": [{"source", "target", ...attributes}]}``, sorted."""
    nodes = [{"id": n, **g.nodes[n]} for n in sorted(g.nodes)]
    edges = [{"source": a, "target": b, **d} for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))]
    return {"nodes": nodes, "edges": edges}


def cooperation_graph(g: nx.DiGraph) -> nx.Graph:
    """Undirected graph whose edge weight is the cooperation count in both directions."""
    u = nx.Graph()
    u.add_nodes_from(g.nodes)
    for a, b, d in g.edges(data=True):
        if d["cooperation"] <= 0:
            continue
        w = u[a][b]["weight"] if u.has_edge(a, b) else 0
        u.add_edge(a, b, weight=w + d["cooperation"])
    return u


def blocs(db: Any, unit: str = "clusters", min_events: int = 1, resolution: float = 1.0, seed: int = 0,
          **filters: Any) -> list[dict[str, Any]]:
    """Communities of the cooperation graph (Louvain, fixed seed: deterministic), largest first:
    ``bloc`` (0..), ``members`` (sorted codes), ``size``, ``cooperation_inside`` (cooperative events
    between members), ``conflict_inside`` and ``conflict_outside`` (conflict events with non-members).
    Actors without cooperation are left out."""
    g = network(db, unit=unit, min_events=min_events, **filters)
    u = cooperation_graph(g)
    u.remove_nodes_from([n for n in list(u.nodes) if u.degree(n) == 0])
    if u.number_of_nodes() == 0:
        return []
    comms = nx.community.louvain_communities(u, weight="weight", resolution=resolution, seed=seed)
    comms = sorted((sorted(c) for c in comms), key=lambda c: (-len(c), c))
    out = []
    for i, members in enumerate(comms):
        ms = set(members)
        coop_in = conf_in = conf_out = 0
        for a, b, d in g.edges(data=True):
            if a in ms and b in ms:
                coop_in += d["cooperation"]
                conf_in += d["conflict"]
            elif a in ms or b in ms:
                conf_out += d["conflict"]
        out.append({"bloc": i, "members": members, "size": len(members), "cooperation_inside": coop_in,
                    "conflict_inside": conf_in, "conflict_outside": conf_out})
    return out
