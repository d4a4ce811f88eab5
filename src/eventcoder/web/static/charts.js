/* eventcoder charts: small SVG charts with no dependencies, shared by the dashboard and the HTML report.
 *
 *   ECCharts.lineChart(container, series, opts)   series: [{name, color?, points: [{x: "2017-11", y: 3, ...}]}]
 *   ECCharts.barChart(container, items, opts)     items: [{label, value, color?, title?}]
 *   ECCharts.network(container, graph, opts)      graph: {nodes: [{id, count}], edges: [{source, target, count, coop, conflict}]}
 *   ECCharts.map(container, world, points, opts)  world: {width, height, countries: [{iso3, name, d}]}; points: [{lat, lon, count, label}]
 *   ECCharts.evidence(container, evidence)        evidence: {event, segments: [{text, kind}], article, pattern}
 *
 * Every chart draws into an <svg class="ec-svg"> and marks what it draws with classes (ec-line, ec-bar,
 * ec-node, ec-edge, ec-country, ec-point) so tests can find them in the DOM.
 */
(function (global) {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var QUAD = {
    1: { name: "verbal cooperation", color: "#66a61e" },
    2: { name: "material cooperation", color: "#1b7837" },
    3: { name: "verbal conflict", color: "#e6891f" },
    4: { name: "material conflict", color: "#b2182b" }
  };
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

  function svgEl(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) { if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]); }
    if (parent) parent.appendChild(e);
    return e;
  }
  function htmlEl(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function makeSvg(container, w, h, cls) {
    clear(container);
    return svgEl("svg", { viewBox: "0 0 " + w + " " + h, "class": "ec-svg " + (cls || ""),
                          preserveAspectRatio: "xMidYMid meet", role: "img" }, container);
  }
  function tip(node, text) { svgEl("title", {}, node).textContent = text; }
  function empty(container, msg) { clear(container); htmlEl("p", "ec-empty", msg || "no data", container); }
  function fmt(v) {
    if (v === null || v === undefined || isNaN(v)) return "";
    var a = Math.abs(v);
    if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (a >= 1e4) return (v / 1e3).toFixed(0) + "k";
    if (a >= 1e3) return (v / 1e3).toFixed(1) + "k";
    return Math.round(v * 10) / 10 + "";
  }
  function niceMax(v) {
    if (v <= 0) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v))), m = v / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  /* Line chart over categorical, sorted x values (periods such as "2017-11" or "2017-11-28"). */
  function lineChart(container, series, opts) {
    opts = opts || {};
    series = (series || []).filter(function (s) { return s.points && s.points.length; });
    if (!series.length) return empty(container, opts.emptyText || "no events for this selection");
    var W = opts.width || 640, H = opts.height || 260, L = 44, R = 34, T = 14, B = 36;
    var xs = {};
    series.forEach(function (s) { s.points.forEach(function (p) { xs[p.x] = 1; }); });
    var xv = Object.keys(xs).sort();
    if (opts.fillMissing !== false) {  // counts: a period without events is a zero, not a gap
      series = series.map(function (s) {
        var have = {}; s.points.forEach(function (p) { have[p.x] = 1; });
        var pts = s.points.concat(xv.filter(function (x) { return !have[x]; }).map(function (x) { return { x: x, y: 0 }; }));
        return Object.assign({}, s, { points: pts });
      });
    }
    var ymin = 0, ymax = 0;
    series.forEach(function (s) { s.points.forEach(function (p) { ymin = Math.min(ymin, p.y); ymax = Math.max(ymax, p.y); }); });
    var ints = series.every(function (s) { return s.points.every(function (p) { return p.y === Math.round(p.y); }); });
    ymax = niceMax(ymax); ymin = ymin < 0 ? -niceMax(-ymin) : 0;
    if (ints) { ymax = Math.max(4, Math.ceil(ymax / 4) * 4); ymin = ymin < 0 ? Math.min(ymin, -4) : 0; }
    var svg = makeSvg(container, W, H, "ec-linechart");
    var xi = {}; xv.forEach(function (x, i) { xi[x] = i; });
    var px = function (x) { return L + (xv.length === 1 ? (W - L - R) / 2 : xi[x] * (W - L - R) / (xv.length - 1)); };
    var py = function (y) { return T + (ymax - y) * (H - T - B) / (ymax - ymin || 1); };
    var axis = svgEl("g", { "class": "ec-axis" }, svg);
    for (var t = 0; t <= 4; t++) {
      var yv = ymin + (ymax - ymin) * t / 4, yy = py(yv);
      svgEl("line", { x1: L, x2: W - R, y1: yy, y2: yy, "class": "ec-grid" }, axis);
      svgEl("text", { x: L - 6, y: yy + 4, "text-anchor": "end" }, axis).textContent = fmt(yv);
    }
    var step = Math.max(1, Math.ceil(xv.length / 8));
    xv.forEach(function (x, i) {
      if (i % step === 0 || i === xv.length - 1) {
        svgEl("text", { x: px(x), y: H - B + 16, "text-anchor": "middle" }, axis).textContent = x;
      }
    });
    if (opts.yLabel) {  // rotated label on the left
      svgEl("text", { x: 12, y: T + (H - T - B) / 2, transform: "rotate(-90 12 " + (T + (H - T - B) / 2) + ")",
                      "text-anchor": "middle" }, axis).textContent = opts.yLabel;
    }
    series.forEach(function (s, si) {
      var color = s.color || PALETTE[si % PALETTE.length];
      var pts = s.points.slice().sort(function (a, b) { return a.x < b.x ? -1 : a.x > b.x ? 1 : 0; });
      var g = svgEl("g", { "class": "ec-series", "data-name": s.name }, svg);
      svgEl("polyline", { points: pts.map(function (p) { return px(p.x) + "," + py(p.y); }).join(" "),
                          "class": "ec-line", stroke: color }, g);
      pts.forEach(function (p) {
        var c = svgEl("circle", { cx: px(p.x), cy: py(p.y), r: 3.5, fill: color, "class": "ec-dot",
                                  "data-x": p.x, "data-y": p.y }, g);
        tip(c, (s.name ? s.name + " " : "") + p.x + ": " + fmt(p.y) + (p.note ? " (" + p.note + ")" : ""));
        if (opts.onClick) { c.style.cursor = "pointer"; c.addEventListener("click", function () { opts.onClick(p, s); }); }
      });
    });
    if (series.length > 1 || opts.legend) legend(container, series.map(function (s, si) {
      return { label: s.name, color: s.color || PALETTE[si % PALETTE.length] };
    }));
    return svg;
  }

  function legend(container, items) {
    var box = htmlEl("div", "ec-legend", null, container);
    items.forEach(function (it) {
      var span = htmlEl("span", "ec-legend-item", null, box);
      var sw = htmlEl("i", "ec-swatch", null, span); sw.style.background = it.color;
      span.appendChild(document.createTextNode(" " + it.label));
    });
    return box;
  }

  /* Horizontal bar chart. */
  function barChart(container, items, opts) {
    opts = opts || {};
    items = (items || []).slice(0, opts.max || 15);
    if (!items.length) return empty(container, opts.emptyText || "no data");
    var W = opts.width || 420, rowH = 22, L = opts.labelWidth || 140, R = 44, H = items.length * rowH + 8;
    var svg = makeSvg(container, W, H, "ec-barchart");
    var vmax = Math.max.apply(null, items.map(function (d) { return Math.abs(d.value); })) || 1;
    items.forEach(function (d, i) {
      var y = 4 + i * rowH, w = Math.max(1, Math.abs(d.value) / vmax * (W - L - R));
      var g = svgEl("g", { "class": "ec-bar-row", "data-label": d.label }, svg);
      svgEl("text", { x: L - 6, y: y + 15, "text-anchor": "end", "class": "ec-bar-label" }, g).textContent = d.label;
      var r = svgEl("rect", { x: L, y: y + 3, width: w, height: rowH - 6, "class": "ec-bar",
                              fill: d.color || (d.value < 0 ? QUAD[4].color : "#3b6ea5") }, g);
      tip(r, (d.title || d.label) + ": " + fmt(d.value));
      svgEl("text", { x: L + w + 4, y: y + 15, "class": "ec-bar-value" }, g).textContent = fmt(d.value);
      if (opts.onClick) { g.style.cursor = "pointer"; g.addEventListener("click", function () { opts.onClick(d); }); }
    });
    return svg;
  }

  /* Deterministic force-directed layout (no randomness: same data, same picture). */
  function layout(nodes, edges, W, H) {
    var n = nodes.length, idx = {};
    nodes.forEach(function (d, i) {
      idx[d.id] = i;
      var a = 2 * Math.PI * i / Math.max(1, n);
      d.x = W / 2 + Math.cos(a) * W * 0.3; d.y = H / 2 + Math.sin(a) * H * 0.3;
    });
    var links = edges.filter(function (e) { return e.source in idx && e.target in idx && e.source !== e.target; });
    var k = Math.sqrt(W * H / Math.max(1, n)) * 0.6, temp = W / 8;
    for (var it = 0; it < 250; it++) {
      var dx = new Array(n).fill(0), dy = new Array(n).fill(0);
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var ex = nodes[i].x - nodes[j].x, ey = nodes[i].y - nodes[j].y;
          var d2 = ex * ex + ey * ey + 0.01, f = k * k / d2;
          dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
        }
      }
      links.forEach(function (e) {
        var a = idx[e.source], b = idx[e.target];
        var ex = nodes[a].x - nodes[b].x, ey = nodes[a].y - nodes[b].y, d = Math.sqrt(ex * ex + ey * ey) + 0.01;
        var f = d / k;
        dx[a] -= ex * f; dy[a] -= ey * f; dx[b] += ex * f; dy[b] += ey * f;
      });
      for (i = 0; i < n; i++) {
        dx[i] += (W / 2 - nodes[i].x) * 0.02; dy[i] += (H / 2 - nodes[i].y) * 0.02;  // gravity
        var len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1, step = Math.min(len, temp);
        nodes[i].x = Math.min(W - 30, Math.max(30, nodes[i].x + dx[i] / len * step));
        nodes[i].y = Math.min(H - 16, Math.max(34, nodes[i].y + dy[i] / len * step));
      }
      temp *= 0.97;
    }
    return links;
  }

  /* Cooperation / conflict network: edge colour by the share of conflict events, width by count. */
  function network(container, graph, opts) {
    opts = opts || {};
    var nodes = (graph && graph.nodes || []).map(function (d) { return Object.assign({}, d); });
    var edges = graph && graph.edges || [];
    if (!nodes.length || !edges.length) return empty(container, opts.emptyText || "no dyads for this selection");
    var W = opts.width || 560, H = opts.height || 380;
    var links = layout(nodes, edges, W, H);
    var byId = {}; nodes.forEach(function (d) { byId[d.id] = d; });
    var svg = makeSvg(container, W, H, "ec-network");
    var defs = svgEl("defs", {}, svg);
    ["coop", "conflict", "mixed"].forEach(function (kind) {
      var m = svgEl("marker", { id: "ec-arrow-" + kind, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9,
                                markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" }, defs);
      svgEl("path", { d: "M0,0L10,5L0,10z", "class": "ec-arrow-" + kind }, m);
    });
    var cmax = Math.max.apply(null, links.map(function (e) { return e.count || 1; }));
    var nmax = Math.max.apply(null, nodes.map(function (d) { return d.count || 1; }));
    nodes.forEach(function (d) { d.r = 5 + 9 * Math.sqrt((d.count || 1) / nmax); });
    var eg = svgEl("g", { "class": "ec-edges" }, svg);
    links.forEach(function (e) {
      var a = byId[e.source], b = byId[e.target], coop = e.coop || 0, conf = e.conflict || 0;
      var kind = conf > coop ? "conflict" : coop > conf ? "coop" : "mixed";
      // a slight curve, so that A->B and B->A do not overlap; ends stop at the node circles
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var cx = (a.x + b.x) / 2 - dy / len * len * 0.15, cy = (a.y + b.y) / 2 + dx / len * len * 0.15;
      var sx = cx - a.x, sy = cy - a.y, sl = Math.sqrt(sx * sx + sy * sy) || 1;
      var tx = b.x - cx, ty = b.y - cy, tl = Math.sqrt(tx * tx + ty * ty) || 1;
      var x1 = a.x + sx / sl * a.r, y1 = a.y + sy / sl * a.r;
      var x2 = b.x - tx / tl * (b.r + 2), y2 = b.y - ty / tl * (b.r + 2);
      var path = svgEl("path", { d: "M" + x1.toFixed(1) + "," + y1.toFixed(1) + "Q" + cx.toFixed(1) + "," + cy.toFixed(1) +
                                     " " + x2.toFixed(1) + "," + y2.toFixed(1),
                                 "class": "ec-edge ec-edge-" + kind, fill: "none",
                                 "stroke-width": (1 + 5 * Math.sqrt((e.count || 1) / cmax)).toFixed(2),
                                 "marker-end": "url(#ec-arrow-" + kind + ")",
                                 "data-source": e.source, "data-target": e.target }, eg);
      tip(path, e.source + " → " + e.target + ": " + (e.count || 0) + " events (" + coop + " cooperation, " + conf + " conflict)");
      if (opts.onEdge) { path.style.cursor = "pointer"; path.addEventListener("click", function () { opts.onEdge(e); }); }
    });
    var ng = svgEl("g", { "class": "ec-nodes" }, svg);
    nodes.forEach(function (d) {
      var g = svgEl("g", { "class": "ec-node", "data-id": d.id, transform: "translate(" + d.x.toFixed(1) + "," + d.y.toFixed(1) + ")" }, ng);
      var c = svgEl("circle", { r: d.r.toFixed(1) }, g);
      tip(c, (d.label || d.id) + ": " + (d.count || 0) + " events");
      svgEl("text", { y: (-d.r - 4).toFixed(1), "text-anchor": "middle" }, g).textContent = d.label || d.id;
      if (opts.onNode) { g.style.cursor = "pointer"; g.addEventListener("click", function () { opts.onNode(d); }); }
    });
    legend(container, [{ label: "mostly cooperation", color: "#1b7837" }, { label: "mostly conflict", color: "#b2182b" },
                       { label: "mixed", color: "#888" }]);
    return svg;
  }

  /* Map of event places on country outlines (equirectangular; outlines in lon+180 / 90-lat units). */
  function map(container, world, points, opts) {
    opts = opts || {};
    var W = (world && world.width) || 360, top = 6, H = 150;
    var svg = makeSvg(container, W, H, "ec-map");
    svg.setAttribute("viewBox", "0 " + top + " " + W + " " + H);
    svgEl("rect", { x: 0, y: top, width: W, height: H, "class": "ec-sea" }, svg);
    var counts = opts.countryCounts || {};
    var cmax = Math.max.apply(null, [1].concat(Object.keys(counts).map(function (k) { return counts[k]; })));
    var cg = svgEl("g", { "class": "ec-countries" }, svg);
    ((world && world.countries) || []).forEach(function (c) {
      var p = svgEl("path", { d: c.d, "class": "ec-country", "data-iso3": c.iso3 || "" }, cg);
      var n = counts[c.iso3] || 0;
      if (n) { p.style.fillOpacity = String(0.25 + 0.6 * Math.sqrt(n / cmax)); p.classList.add("ec-country-active"); }
      tip(p, c.name + (n ? ": " + n + " events" : ""));
    });
    var pts = (points || []).filter(function (p) { return isFinite(p.lat) && isFinite(p.lon) && p.lat !== null && p.lon !== null; });
    var pmax = Math.max.apply(null, [1].concat(pts.map(function (p) { return p.count || 1; })));
    var pg = svgEl("g", { "class": "ec-points" }, svg);
    pts.sort(function (a, b) { return (b.count || 1) - (a.count || 1); });
    pts.forEach(function (p) {
      var c = svgEl("circle", { cx: p.lon + 180, cy: 90 - p.lat, r: 1.2 + 3 * Math.sqrt((p.count || 1) / pmax),
                                "class": "ec-point", fill: p.color || null, "data-label": p.label || "" }, pg);
      tip(c, (p.label || "") + ": " + (p.count || 1) + " event" + ((p.count || 1) === 1 ? "" : "s"));
      if (opts.onClick) { c.style.cursor = "pointer"; c.addEventListener("click", function () { opts.onClick(p); }); }
    });
    if (!pts.length) htmlEl("p", "ec-note", opts.emptyText || "no event has a known place", container);
    return svg;
  }

  /* Evidence: the sentence with trigger, source and target highlighted, the codes, the pattern, the article. */
  function evidence(container, ev) {
    clear(container);
    if (!ev || !ev.event) return empty(container, "click an event to see its evidence");
    var e = ev.event, box = htmlEl("div", "ec-evidence", null, container);
    var s = htmlEl("p", "ec-sentence", null, box);
    (ev.segments || [{ text: e.sentence || "" }]).forEach(function (seg) {
      if (seg.kind) { var m = htmlEl("mark", "ec-" + seg.kind, seg.text, s); m.title = seg.kind; }
      else s.appendChild(document.createTextNode(seg.text));
    });
    var dl = htmlEl("dl", "ec-facts", null, box);
    function row(k, v) { if (v === null || v === undefined || v === "") return; htmlEl("dt", null, k, dl); htmlEl("dd", null, v, dl); }
    row("source", e.source + (e.source_text ? " (" + e.source_text + ")" : ""));
    row("target", e.target ? e.target + (e.target_text ? " (" + e.target_text + ")" : "") : "none");
    row("event", "CAMEO " + e.cameo + (e.plover ? " · PLOVER " + e.plover + (e.plover_mode ? "/" + e.plover_mode : "") : "") +
        (e.quad_class ? " · " + (QUAD[e.quad_class] || {}).name : "") + (e.goldstein !== null && e.goldstein !== undefined ? " · Goldstein " + e.goldstein : ""));
    row("trigger", e.trigger);
    row("date", (e.date || "unknown") + " (" + e.date_precision + ", from " + e.date_source + (e.date_text ? ": “" + e.date_text + "”" : "") + ")");
    if (e.location) row("place", e.location.name + (e.location.country ? ", " + e.location.country : "") + " (" + e.location.precision + ")");
    var flags = ["negated", "future", "hypothetical", "reported"].filter(function (f) { return e[f]; });
    if (flags.length) row("modality", flags.join(", "));
    row("pattern", ev.pattern || e.pattern);
    if (e.warnings && e.warnings.length) row("warnings", e.warnings.join("; "));
    var a = ev.article;
    if (a) {
      row("article", (a.title || a.id) + (a.source ? " — " + a.source : "") + (a.date ? ", " + a.date : ""));
      if (a.url) row("url", a.url);
      if (a.text) {
        var det = htmlEl("details", "ec-article", null, box);
        htmlEl("summary", null, "article text", det);
        htmlEl("div", "ec-article-text", a.text, det);
      }
    } else {
      row("article", e.article_id);
    }
    return box;
  }

  global.ECCharts = { lineChart: lineChart, barChart: barChart, network: network, map: map, evidence: evidence,
                      legend: legend, QUAD: QUAD, PALETTE: PALETTE, empty: empty };
})(typeof window !== "undefined" ? window : this);
