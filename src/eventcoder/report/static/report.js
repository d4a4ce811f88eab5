/* eventcoder report: draws the data inlined in #ec-data with ECCharts; no network access at all. */
(function () {
  "use strict";
  var C = window.ECCharts;
  var D = JSON.parse(document.getElementById("ec-data").textContent);
  var world = JSON.parse(document.getElementById("ec-world").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var byId = {};
  D.events.forEach(function (ev) { byId[ev.event.event_id] = ev; });

  $("title").textContent = D.title;
  document.title = D.title;
  $("subtitle").textContent = D.subtitle;
  $("foot").textContent = D.footer;
  var stats = $("stats");
  D.stats.forEach(function (s) {
    var d = document.createElement("div"), b = document.createElement("b"), span = document.createElement("span");
    b.textContent = s.value; span.textContent = s.label; d.appendChild(b); d.appendChild(span); stats.appendChild(d);
  });

  function showEvidence(id) {
    var box = $("evidence");
    document.querySelectorAll("#events tbody tr").forEach(function (tr) { tr.classList.toggle("ec-selected", tr.dataset.id === id); });
    if (byId[id]) C.evidence(box, byId[id]);
    else C.empty(box, "this event is not included in the report");
  }

  /* Events of the file matching a test, listed in the evidence panel; the first one opened. */
  function showMatching(title, test) {
    var box = $("evidence"), ids = D.events.filter(function (ev) { return test(ev.event); })
      .map(function (ev) { return ev.event.event_id; });
    box.textContent = "";
    var h = document.createElement("p"); h.textContent = title + ": " + ids.length + " event" + (ids.length === 1 ? "" : "s") + " in this file";
    box.appendChild(h);
    var ul = document.createElement("ul"); ul.className = "ec-place-events";
    var inner = document.createElement("div");
    ids.forEach(function (id, i) {
      var li = document.createElement("li"); li.textContent = "event " + (i + 1) + " (" + byId[id].event.date + ")";
      li.addEventListener("click", function () { C.evidence(inner, byId[id]); });
      ul.appendChild(li);
    });
    box.appendChild(ul); box.appendChild(inner);
    if (ids.length) C.evidence(inner, byId[ids[0]]);
  }
  function inPeriod(e, x) { return !!e.date && e.date.slice(0, x.length) === x; }

  C.lineChart($("quad-series"), [1, 2, 3, 4].map(function (q) {
    return { name: C.QUAD[q].name, color: C.QUAD[q].color, q: q, points: D.quad_series[q] || [] };
  }), { yLabel: "events", legend: true, emptyText: "no dated events", width: 960, height: 240,
        onClick: function (p, s) { showMatching(s.name + ", " + p.x, function (e) { return e.quad_class === s.q && inPeriod(e, p.x); }); } });
  $("quad-note").textContent = "per " + D.period;
  C.lineChart($("dyad-series"), D.dyad_series, { yLabel: "events", legend: true, emptyText: "no dyads", width: 960, height: 240,
    onClick: function (p, s) { showMatching(s.name + ", " + p.x, function (e) { return e.source === s.source && e.target === s.target && inPeriod(e, p.x); }); } });
  C.network($("network"), D.network, { width: 900, height: 420 });
  C.map($("map"), world, D.places, {
    countryCounts: D.countries,
    onClick: function (p) {
      var id = (p.event_ids || []).filter(function (i) { return byId[i]; })[0];
      if (id) showEvidence(id); else C.empty($("evidence"), "no evidence included for " + p.label);
    }
  });
  C.barChart($("top-actors"), D.top_actors);
  C.barChart($("top-dyads"), D.top_dyads, { labelWidth: 160 });
  if (D.changes) {
    $("changes-note").textContent = D.changes.note;
    C.barChart($("changes-counts"), D.changes.counts, { labelWidth: 160, emptyText: "no change" });
    C.barChart($("changes-goldstein"), D.changes.goldstein, { labelWidth: 160, emptyText: "no dyad in both periods" });
  } else {
    C.empty($("changes-counts"), "not enough dated events to compare two periods");
  }

  var tbody = $("events").querySelector("tbody");
  $("table-note").textContent = D.table_note;
  D.events.forEach(function (ev) {
    var e = ev.event, tr = document.createElement("tr");
    tr.dataset.id = e.event_id;
    [e.date || "?", e.source, e.cameo + (e.plover ? " " + e.plover : ""), e.target || "—",
     e.quad_class ? e.quad_class + " " + C.QUAD[e.quad_class].name : "", e.location ? e.location.name : "",
     (e.sentence || "").length > 140 ? e.sentence.slice(0, 137) + "…" : (e.sentence || "")].forEach(function (v, i) {
      var td = document.createElement("td"); td.textContent = v;
      if (i === 4 && e.quad_class) td.className = "ec-q" + e.quad_class;
      tr.appendChild(td);
    });
    tr.addEventListener("click", function () { showEvidence(e.event_id); });
    tbody.appendChild(tr);
  });
  window.ECReport = { ready: true, showEvidence: showEvidence };
})();
