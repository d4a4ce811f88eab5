/* eventcoder dashboard: filters -> /events, /network, /places, /dyads/{a}/{b}/series; clicks -> evidence. */
(function () {
  "use strict";
  var C = window.ECCharts;
  var PAGE = 50;
  var state = { offset: 0, total: 0, world: null, filters: {} };
  var $ = function (id) { return document.getElementById(id); };

  function qs(obj) {
    var parts = [];
    Object.keys(obj).forEach(function (k) {
      if (obj[k] !== "" && obj[k] !== null && obj[k] !== undefined && obj[k] !== false) {
        parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(obj[k]));
      }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }
  function getJSON(url) {
    return fetch(url).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) throw new Error((body && body.detail) || (r.status + " " + r.statusText));
        return body;
      });
    });
  }
  function status(msg, isError) {
    var s = $("status"); s.textContent = msg || ""; s.className = "ec-status" + (isError ? " ec-error" : "");
  }
  function readFilters() {
    var f = {}, form = $("filters");
    ["actor", "cameo", "quad_class", "plover", "start", "end", "country"].forEach(function (k) {
      var v = form.elements[k].value.trim(); if (v) f[k] = v;
    });
    return f;
  }

  function showEvidence(eventId) {
    var box = $("evidence");
    box.textContent = "loading…";
    document.querySelectorAll("#events tbody tr").forEach(function (tr) {
      tr.classList.toggle("ec-selected", tr.dataset.id === eventId);
    });
    return getJSON("/events/" + encodeURIComponent(eventId) + "/evidence").then(function (ev) {
      C.evidence(box, ev);
    }).catch(function (e) { box.textContent = ""; C.empty(box, "cannot load evidence: " + e.message); });
  }

  /* A list of events in the evidence panel (a map place, a series point); the first one opened. */
  function showList(title, ids) {
    var box = $("evidence");
    box.textContent = "";
    var h = document.createElement("p"); h.textContent = title; box.appendChild(h);
    var ul = document.createElement("ul"); ul.className = "ec-place-events";
    var inner = document.createElement("div");
    ids.forEach(function (id, i) {
      var li = document.createElement("li"); li.textContent = "event " + (i + 1) + " (" + id + ")";
      li.addEventListener("click", function () { loadInto(inner, id); });
      ul.appendChild(li);
    });
    box.appendChild(ul); box.appendChild(inner);
    if (ids.length) loadInto(inner, ids[0]);
  }
  function showPlace(p) {
    showList((p.label || "place") + (p.country ? ", " + p.country : "") + ": " + p.count + " event" + (p.count === 1 ? "" : "s"),
             p.event_ids || []);
  }
  function periodRange(x) {
    if (x.length === 4) return [x + "-01-01", x + "-12-31"];
    if (x.length === 7) {
      var last = new Date(Date.UTC(+x.slice(0, 4), +x.slice(5, 7), 0)).getUTCDate();
      return [x + "-01", x + "-" + (last < 10 ? "0" : "") + last];
    }
    return [x, x];
  }
  /* A series point: the events of that dyad in that period. */
  function showPeriod(a, b, both, x) {
    var r = periodRange(x), base = { start: r[0], end: r[1], limit: 50, quad_class: state.filters.quad_class };
    var asks = [getJSON("/events" + qs(Object.assign({ dyad: a + "," + b }, base)))];
    if (both) asks.push(getJSON("/events" + qs(Object.assign({ dyad: b + "," + a }, base))));
    return Promise.all(asks).then(function (res) {
      var ids = [];
      res.forEach(function (rr) { rr.events.forEach(function (e) { ids.push(e.event_id); }); });
      showList(a + (both ? " ↔ " : " → ") + b + ", " + x + ": " + ids.length + " event" + (ids.length === 1 ? "" : "s"), ids);
    }).catch(function (e) { status(e.message, true); });
  }
  function loadInto(node, id) {
    node.textContent = "loading…";
    getJSON("/events/" + encodeURIComponent(id) + "/evidence").then(function (ev) { C.evidence(node, ev); })
      .catch(function (e) { C.empty(node, "cannot load evidence: " + e.message); });
  }

  function cell(tr, text, cls) { var td = document.createElement("td"); td.textContent = text == null ? "" : text; if (cls) td.className = cls; tr.appendChild(td); }
  function renderTable(res) {
    var tbody = $("events").querySelector("tbody");
    tbody.textContent = "";
    res.events.forEach(function (e) {
      var tr = document.createElement("tr");
      tr.dataset.id = e.event_id;
      cell(tr, e.date || "?");
      cell(tr, e.source);
      cell(tr, e.cameo + (e.plover ? " " + e.plover : ""));
      cell(tr, e.target || "—");
      cell(tr, e.quad_class ? e.quad_class + " " + (C.QUAD[e.quad_class] || {}).name : "", "ec-q" + (e.quad_class || ""));
      cell(tr, e.location ? e.location.name : "");
      var s = e.sentence || ""; cell(tr, s.length > 140 ? s.slice(0, 137) + "…" : s);
      tr.addEventListener("click", function () { showEvidence(e.event_id); });
      tbody.appendChild(tr);
    });
    state.total = res.total;
    $("table-count").textContent = res.total + " matching";
    $("page").textContent = res.total ? (state.offset + 1) + "–" + (state.offset + res.events.length) + " of " + res.total : "no events";
    $("prev").disabled = state.offset === 0;
    $("next").disabled = state.offset + PAGE >= res.total;
  }

  function loadTable() {
    var q = Object.assign({}, state.filters, { limit: PAGE, offset: state.offset, order: "desc" });
    return getJSON("/events" + qs(q)).then(renderTable);
  }

  function loadSeries(a, b) {
    var form = $("dyad-form");
    a = a || form.elements.a.value.trim(); b = b || form.elements.b.value.trim();
    if (!a || !b) { C.empty($("series"), "pick a source and a target"); return Promise.resolve(); }
    form.elements.a.value = a; form.elements.b.value = b;
    var both = form.elements.both.checked, period = form.elements.period.value;
    var q = { period: period, both: both ? "true" : "", start: state.filters.start, end: state.filters.end,
              quad_class: state.filters.quad_class };
    return getJSON("/dyads/" + encodeURIComponent(a) + "/" + encodeURIComponent(b) + "/series" + qs(q)).then(function (res) {
      $("series-title").textContent = a + (both ? " ↔ " : " → ") + b;
      C.lineChart($("series"), [
        { name: "events", color: "#3b6ea5", points: res.series.map(function (p) { return { x: p.x, y: p.y, note: p.coop + " coop, " + p.conflict + " conflict" }; }) },
        { name: "conflict", color: "#b2182b", points: res.series.map(function (p) { return { x: p.x, y: p.conflict }; }) },
        { name: "cooperation", color: "#1b7837", points: res.series.map(function (p) { return { x: p.x, y: p.coop }; }) }
      ], { yLabel: "events", emptyText: "no dated events between " + a + " and " + b,
           onClick: function (p) { showPeriod(a, b, both, p.x); } });
    });
  }

  function loadAll() {
    state.filters = readFilters();
    status("loading…");
    var f = state.filters;
    $("report-link").href = "/report" + qs({ actor: f.actor, cameo: f.cameo, quad_class: f.quad_class, start: f.start,
                                            end: f.end, country: f.country });
    var world = state.world ? Promise.resolve(state.world) : getJSON("/web/world.json").then(function (w) { state.world = w; return w; });
    var jobs = [
      loadTable(),
      getJSON("/network" + qs(f)).then(function (g) {
        C.network($("network"), g, { onNode: function (d) { $("filters").elements.actor.value = d.id; state.offset = 0; loadAll(); },
                                      onEdge: function (e) { loadSeries(e.source, e.target); } });
        // keep the chosen dyad while the filtered network has it, else show its busiest dyad
        var form = $("dyad-form"), a = form.elements.a.value.trim(), b = form.elements.b.value.trim();
        var present = g.edges.some(function (e) { return (e.source === a && e.target === b) || (e.source === b && e.target === a); });
        if ((!a || !b || !present) && g.edges.length) return loadSeries(g.edges[0].source, g.edges[0].target);
        return loadSeries();
      }),
      Promise.all([world, getJSON("/places" + qs(f))]).then(function (r) {
        C.map($("map"), r[0], r[1].places, { countryCounts: r[1].countries, onClick: showPlace });
      })
    ];
    return Promise.all(jobs).then(function () {
      status("");
      $("summary").textContent = state.total + " events" + (Object.keys(f).length ? " (filtered)" : "");
    }).catch(function (e) { status(e.message, true); });
  }

  function loadActors() {
    return getJSON("/actors?limit=2000").then(function (res) {
      var dl = $("actor-list"); dl.textContent = "";
      res.actors.forEach(function (a) { var o = document.createElement("option"); o.value = a.actor; o.label = a.events + " events"; dl.appendChild(o); });
    }).catch(function (e) { status(e.message, true); });
  }

  $("filters").addEventListener("submit", function (ev) { ev.preventDefault(); state.offset = 0; loadAll(); });
  $("filters").addEventListener("reset", function () { setTimeout(function () { state.offset = 0; loadAll(); }, 0); });
  $("dyad-form").addEventListener("submit", function (ev) { ev.preventDefault(); loadSeries().catch(function (e) { status(e.message, true); }); });
  $("prev").addEventListener("click", function () { state.offset = Math.max(0, state.offset - PAGE); loadTable().catch(function (e) { status(e.message, true); }); });
  $("next").addEventListener("click", function () { state.offset += PAGE; loadTable().catch(function (e) { status(e.message, true); }); });

  window.ECDashboard = { ready: Promise.all([loadActors(), loadAll()]), showEvidence: showEvidence };
})();
