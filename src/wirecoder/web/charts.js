// SVG charts shared by the pages: timeline, world map with clustering, actor network.
"use strict";

// Stacked bars: one per day, a segment per type. `sqrt` scales bar heights by the square
// root, so one large count does not flatten the rest (used for casualty counts).
function drawTimeline(target, days, { width = 560, height = 180, sqrt = false } = {}) {
  if (!days.length) { target.replaceChildren(el("p", { class: "muted" }, "No dated events.")); return; }
  const byDay = new Map();
  for (const d of days) {
    if (!byDay.has(d.day)) byDay.set(d.day, []);
    byDay.get(d.day).push(d);
  }
  const dayList = [...byDay.keys()].sort();
  const first = Date.parse(dayList[0]), last = Date.parse(dayList[dayList.length - 1]);
  const span = Math.max(1, (last - first) / 86400000 + 1);
  const max = Math.max(...[...byDay.values()].map((ds) => ds.reduce((s, d) => s + d.count, 0)));
  const left = 30, bottom = 20, plotW = width - left - 10, plotH = height - bottom - 10;
  const barW = Math.max(2, plotW / span - 1);
  const chart = svg("svg", { width, height, class: "timeline", role: "img" });
  for (const [day, items] of byDay) {
    const x = left + ((Date.parse(day) - first) / 86400000) * (plotW / span);
    let y = height - bottom;
    const total = items.reduce((s, d) => s + d.count, 0);
    const barH = (sqrt ? Math.sqrt(total / max) : total / max) * plotH;
    for (const item of items) {
      const h = barH * (item.count / total);
      y -= h;
      chart.append(svg("rect", { x, y, width: barW, height: Math.max(h, 1), class: "mark",
                                 fill: typeColour(item.type) },
        svg("title", {}, `${day} ${item.type}: ${item.count}`)));
    }
  }
  chart.append(svg("text", { x: left, y: height - 4 }, dayList[0]),
               svg("text", { x: width - 10, y: height - 4, "text-anchor": "end" },
                   dayList[dayList.length - 1]),
               svg("text", { x: 2, y: 18 }, String(max)));
  if (sqrt) chart.append(svg("text", { x: width - 10, y: 12, "text-anchor": "end" }, "√ scale"));
  target.replaceChildren(chart);
}

let WORLD = null;
async function world() {
  if (!WORLD) WORLD = await (await fetch("/ui/world.json")).json();
  return WORLD;
}

// Equirectangular world map; places closer than `radius` pixels are clustered.
async function drawMap(target, places, width = 560, height = 290) {
  const shapes = await world();
  const x = (lon) => ((lon + 180) / 360) * width;
  const y = (lat) => ((90 - lat) / 180) * height;
  const map = svg("svg", { width, height, class: "map", role: "img",
                           style: "background:#dde8f0" });
  for (const country of shapes.countries) {
    const d = country.rings.map((ring) =>
      "M" + ring.map(([lon, lat]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join("L") + "Z").join("");
    map.append(svg("path", { d, fill: "#fbfbf8", stroke: "#b8c2cc", "stroke-width": 0.5 },
                   svg("title", {}, country.name || "")));
  }
  const radius = 12, clusters = [];
  for (const place of places) {
    const px = x(place.lon), py = y(place.lat);
    const near = clusters.find((c) => Math.hypot(c.x - px, c.y - py) < radius);
    if (near) { near.count += place.count; near.names.push(place.location); }
    else clusters.push({ x: px, y: py, count: place.count, names: [place.location] });
  }
  for (const c of clusters) {
    const r = 3 + Math.sqrt(c.count) * 2;
    map.append(svg("circle", { cx: c.x, cy: c.y, r, class: "mark", fill: "#c0392b",
                               "fill-opacity": 0.6, stroke: "#78281f" },
      svg("title", {}, `${c.names.slice(0, 5).join(", ")}: ${c.count} events`)));
    if (c.names.length > 1) {
      map.append(svg("text", { x: c.x, y: c.y + 4, "text-anchor": "middle" }, String(c.count)));
    }
  }
  target.replaceChildren(map);
}

// Circular layout: nodes are actors and recipients (one per actor_id, labelled by its
// commonest name), edge width is the event count, colour red when most of the edge's
// events are conflict, blue otherwise.
function drawNetwork(target, edges, width = 560, height = 340) {
  if (!edges.length) { target.replaceChildren(el("p", { class: "muted" }, "No actor → recipient events.")); return; }
  const weight = new Map(), label = new Map();
  edges = edges.map((e) => ({ ...e, actor: e.actor_id || e.actor, recipient: e.recipient_id || e.recipient,
                               actorName: e.actor, recipientName: e.recipient }));
  for (const e of edges) {
    weight.set(e.actor, (weight.get(e.actor) || 0) + e.count);
    weight.set(e.recipient, (weight.get(e.recipient) || 0) + e.count);
    if (!label.has(e.actor)) label.set(e.actor, e.actorName);
    if (!label.has(e.recipient)) label.set(e.recipient, e.recipientName);
  }
  const nodes = [...weight.keys()].sort((a, b) => weight.get(b) - weight.get(a)).slice(0, 30);
  const keep = new Set(nodes);
  const cx = width / 2, cy = height / 2, r = Math.min(width, height) / 2 - 60;
  const pos = new Map(nodes.map((n, i) => {
    const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    return [n, [cx + r * Math.cos(angle), cy + r * Math.sin(angle), angle]];
  }));
  const chart = svg("svg", { width, height, class: "network", role: "img" });
  const max = Math.max(...edges.map((e) => e.count));
  for (const e of edges) {
    if (!keep.has(e.actor) || !keep.has(e.recipient) || e.actor === e.recipient) continue;
    const [x1, y1] = pos.get(e.actor), [x2, y2] = pos.get(e.recipient);
    const conflict = Object.entries(e.types).reduce(
      (s, [type, n]) => s + (isConflict(type) ? n : -n), 0) > 0;
    chart.append(svg("line", { x1, y1, x2, y2, class: "mark edge",
                               stroke: conflict ? "#c0392b" : "#2471a3",
                               "stroke-opacity": 0.7, "stroke-width": 1 + (4 * e.count) / max },
      svg("title", {}, `${e.actorName} → ${e.recipientName}: ${Object.entries(e.types).map(([t, n]) => `${t} ${n}`).join(", ")}`)));
  }
  for (const [key, [x, y, angle]] of pos) {
    const name = label.get(key) || key;
    const right = Math.cos(angle) >= 0;
    chart.append(svg("circle", { cx: x, cy: y, r: 3 + Math.sqrt(weight.get(key)), fill: "#34495e" }),
                 svg("text", { x: x + (right ? 8 : -8), y: y + 4,
                               "text-anchor": right ? "start" : "end" },
                     name.length > 28 ? name.slice(0, 27) + "…" : name));
  }
  target.replaceChildren(chart);
}
