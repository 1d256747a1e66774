// SVG charts shared by the pages: timeline, world map with clustering and zoom, actor
// network. Each draw function replaces the target's content, so a redraw is another call.
"use strict";

const DAY_MS = 86400000;
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                     "Nov", "Dec"];

// The width a chart takes: its container's once laid out, else `fallback` (a hidden or
// not yet rendered container measures 0).
function chartWidth(target, fallback) {
  const width = target.clientWidth;
  return width >= 240 ? Math.min(width, 1400) : fallback;
}

// Text width in pixels at the 11px chart font, for layout before anything is rendered.
function textWidth(text) {
  return String(text).length * 6.5;
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

// ---- Timeline --------------------------------------------------------------------------

// Stacked bars: one per day, a segment per type. Options: `width`, `height`; `sqrt` scales
// bar heights by the square root, so one large count does not flatten the rest (casualty
// counts); `colour(type)` colours a segment; `legend` adds a legend of the types present
// (by default only with the type colours: a caller with its own colours adds its own).
// The bar a timeline draws per: a day, a week (over half a year) or a month (over three
// years), so bars stay at least a pixel or two wide.
function timelineUnit(days) {
  const times = days.map((d) => Date.parse(d.day));
  const span = (Math.max(...times) - Math.min(...times)) / DAY_MS;
  return span > 1100 ? "month" : span > 200 ? "week" : "day";
}

// `days` counted by the week (from its Monday) or month (from its first day) they fall in.
function bucketed(days, unit) {
  if (unit === "day") return days;
  const sums = new Map();
  for (const d of days) {
    const date = new Date(`${d.day}T00:00:00Z`);
    if (unit === "month") date.setUTCDate(1);
    else date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
    const key = `${date.toISOString().slice(0, 10)}|${d.type}`;
    sums.set(key, (sums.get(key) || 0) + d.count);
  }
  return [...sums].map(([key, count]) => {
    const [day, type] = key.split("|");
    return { day, type: type === "undefined" || type === "null" ? null : type, count };
  });
}

function drawTimeline(target, days, options = {}) {
  const { width = chartWidth(target, 560), height = 220, sqrt = false,
          colour = typeColour, legend: withLegend = !options.colour } = options;
  days = days.filter((d) => d.day && d.count > 0);
  if (!days.length) {
    target.replaceChildren(el("p", { class: "muted empty" }, "No dated events match these filters."));
    return;
  }
  // Over long spans a day's bar would be thinner than a pixel: count by week, or by month.
  const unit = timelineUnit(days);
  days = bucketed(days, unit);
  const byDay = new Map(), byType = new Map();
  for (const d of days) {
    if (!byDay.has(d.day)) byDay.set(d.day, []);
    byDay.get(d.day).push(d);
    byType.set(d.type, (byType.get(d.type) || 0) + d.count);
  }
  // The commonest type at the bottom of every bar, so segments line up from day to day.
  const types = [...byType.keys()].sort((a, b) => byType.get(b) - byType.get(a));
  const rank = new Map(types.map((type, i) => [type, i]));
  const totals = new Map([...byDay].map(([day, items]) => [day, items.reduce((s, d) => s + d.count, 0)]));
  const dayList = [...byDay.keys()].sort();
  const first = Date.parse(dayList[0]), end = Date.parse(dayList[dayList.length - 1]) + DAY_MS;

  const top = timelineTop([...totals.values()]);
  const clipped = dayList.filter((day) => totals.get(day) > top);
  const yTicks = countTicks(top);
  const left = 10 + Math.max(...yTicks.map((v) => textWidth(fmt(v)))), right = 12;
  const marginTop = 16, bottom = 22;
  const plotW = width - left - right, plotH = height - marginTop - bottom, base = height - bottom;
  const slot = plotW / ((end - first) / DAY_MS);
  const unitDays = { day: 1, week: 7, month: 30 }[unit];
  const barW = clamp(slot * unitDays > 3 ? slot * unitDays - 1 : slot * unitDays, 1, 24);
  const dayX = (t) => left + ((t - first) / DAY_MS) * slot;
  const barHeight = (v) => (sqrt ? Math.sqrt(Math.min(v, top) / top) : Math.min(v, top) / top) * plotH;

  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "chart timeline",
                             role: "img", "aria-label": "events per day" });
  const yAxis = svg("g", { class: "axis axis-y" });
  for (const v of yTicks) {
    const y = base - barHeight(v);
    yAxis.append(svg("line", { x1: left, x2: width - right, y1: y, y2: y, class: v ? "grid" : "baseline" }),
                 svg("text", { x: left - 5, y: y + 4, "text-anchor": "end", class: "tick" }, fmt(v)));
  }
  chart.append(yAxis, dateAxis(first, end, { left, plotW, base, slot, width }));

  for (const day of dayList) {
    const items = byDay.get(day).sort((a, b) => rank.get(a.type) - rank.get(b.type));
    const total = totals.get(day), barH = barHeight(total);
    const x = dayX(Date.parse(day)) + (slot - barW) / 2;
    let y = base;
    for (const item of items) {
      const h = barH * (item.count / total);
      y -= h;
      chart.append(svg("rect", { x, y, width: barW, height: Math.max(h, 1), class: "mark",
                                 fill: colour(item.type) },
        svg("title", {}, `${unit === "day" ? "" : `${unit} of `}${day} ${item.type ?? "untyped"}: ${fmt(item.count)}`)));
    }
  }
  chart.append(clipMarks(clipped, totals, { dayX, slot, barW, top: base - plotH, width }));

  const notes = [];
  if (unit !== "day") notes.push(`One bar per ${unit}: the span is too long for days.`);
  if (sqrt) notes.push("Bar heights on a square-root scale.");
  if (clipped.length) {
    const listed = clipped.slice(0, 3).map((day) =>
      `${dateLabel(Date.parse(day), "day")} (${fmt(totals.get(day))})`);
    if (clipped.length > 3) listed.push(`${clipped.length - 3} more`);
    const going = clipped.length === 1 ? `one ${unit} goes` : `${clipped.length} ${unit}s go`;
    notes.push(`Scale cut at ${fmt(Math.floor(top))} so the other ${unit}s stay readable; ` +
               `${going} beyond it (▲): ${listed.join(", ")}.`);
  }
  if (notes.length) chart.prepend(svg("title", {}, notes.join(" ")));
  target.replaceChildren(chart);
  if (notes.length) target.append(el("p", { class: "muted chart-note" }, notes.join(" ")));
  if (withLegend) target.append(legend(types.map((type) => [type ?? "untyped", colour(type)])));
}

// The top of the y scale. One huge day (a massacre among skirmishes) would flatten every
// other bar: when the largest total is over 4× the 95th percentile, with 8 days or more to
// judge by, the scale stops a little above the largest ordinary day and bigger days are cut.
function timelineTop(totals) {
  const sorted = [...totals].sort((a, b) => a - b), max = sorted[sorted.length - 1];
  if (sorted.length < 8) return max;
  // The lower-rank percentile: with 8–20 days it is the second largest, so the outlier is
  // not its own yardstick.
  const p95 = sorted[Math.floor(0.95 * (sorted.length - 1))];
  if (max <= 4 * p95) return max;
  const ordinary = sorted.filter((t) => t <= 4 * p95);
  return ordinary[ordinary.length - 1] * 1.15;  // headroom: cut bars stand above the rest
}

// 0 and one to three round steps (1, 2, 5 × 10ⁿ) up to `top`.
function countTicks(top) {
  for (let power = 1; ; power *= 10) {
    for (const m of [1, 2, 5]) {
      const step = m * power;
      if (Math.floor(top / step) <= 3) {
        return Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
      }
    }
  }
}

// Tick steps, finest first; the finest that gives at most 8 labels that fit is used.
const DATE_STEPS = [["day", 1], ["day", 2], ["day", 3], ["week", 1], ["week", 2],
                    ["month", 1], ["month", 2], ["month", 3], ["month", 6], ["year", 1],
                    ["year", 2], ["year", 5], ["year", 10], ["year", 20], ["year", 50]];

// Tick times (UTC ms) from `first` up to `end` for a step: days, weeks starting on Monday,
// months or years, aligned on multiples of the step so ticks do not move with the data.
function dateTicks(first, end, unit, n) {
  const ticks = [];
  if (unit === "day" || unit === "week") {
    const size = unit === "day" ? n : 7 * n, offset = unit === "day" ? 0 : 4;  // 1970-01-05 was a Monday
    for (let i = Math.ceil((first / DAY_MS - offset) / size) * size + offset; i * DAY_MS < end; i += size) {
      ticks.push(i * DAY_MS);
    }
    return ticks;
  }
  const size = unit === "month" ? n : 12 * n, start = new Date(first);
  for (let m = Math.floor((start.getUTCFullYear() * 12 + start.getUTCMonth()) / size) * size; ; m += size) {
    const t = Date.UTC(Math.floor(m / 12), m % 12, 1);
    if (t >= end) break;
    if (t >= first) ticks.push(t);
  }
  return ticks;
}

function dateLabel(t, unit) {
  const d = new Date(t), month = MONTH_NAMES[d.getUTCMonth()], year = d.getUTCFullYear();
  if (unit === "year") return String(year);
  if (unit === "month") return `${month} ${year}`;
  return `${d.getUTCDate()} ${month} ${year}`;
}

// The x axis: labelled ticks under the bars. Day and week ticks sit under their day's bar;
// month and year ticks on the boundary where the month or year begins.
function dateAxis(first, end, { left, plotW, base, slot, width }) {
  const labelW = { day: 11, week: 11, month: 8, year: 4 };
  let unit = "year", ticks = [];
  for (const [stepUnit, n] of DATE_STEPS) {
    unit = stepUnit;
    ticks = dateTicks(first, end, stepUnit, n);
    if (ticks.length <= Math.min(8, Math.floor(plotW / (textWidth("x".repeat(labelW[unit])) + 14)))) break;
  }
  const axis = svg("g", { class: "axis axis-x" });
  for (const t of ticks) {
    const x = left + ((t - first) / DAY_MS) * slot + (unit === "day" || unit === "week" ? slot / 2 : 0);
    const label = dateLabel(t, unit), half = textWidth(label) / 2;
    axis.append(svg("line", { x1: x, x2: x, y1: base, y2: base + 4, class: "tick-line" }),
                svg("text", { x: clamp(x, half + 1, width - half - 1), y: base + 16,
                              "text-anchor": "middle", class: "tick" }, label));
  }
  return axis;
}

// Over each cut bar a white break across its top and its real total above it ("▲ 1,234");
// a total that would run into the previous one is left to the note under the chart.
function clipMarks(clipped, totals, { dayX, slot, barW, top, width }) {
  const group = svg("g", { class: "clipped" });
  let lastEnd = -Infinity;
  for (const day of clipped) {
    const x = dayX(Date.parse(day)) + (slot - barW) / 2, centre = x + barW / 2;
    const slash = (y) => `M${x - 1},${y + 4}L${x + barW + 1},${y}`;
    group.append(svg("path", { d: slash(top + 3) + slash(top + 6),
                               stroke: "#fff", "stroke-width": 1.5, class: "break" }));
    const text = `▲ ${fmt(totals.get(day))}`, half = textWidth(text) / 2;
    const at = clamp(centre, half, width - half);  // the last day's label stays in the chart
    if (at - half < lastEnd + 4) continue;
    lastEnd = at + half;
    group.append(svg("text", { x: at, y: top - 3, "text-anchor": "middle", class: "clip-label" }, text,
                     svg("title", {}, `${day}: ${fmt(totals.get(day))} events, beyond the scale`)));
  }
  return group;
}

// ---- Map -------------------------------------------------------------------------------

let WORLD = null;
async function world() {
  if (!WORLD) {
    const response = await fetch("/ui/world.json");
    if (!response.ok) throw new Error(`world.json: ${response.status} ${response.statusText}`);
    WORLD = await response.json();
  }
  return WORLD;
}

// The zoom of each map container, so a redraw (new filters, newly coded articles) keeps the
// part of the world the analyst was looking at. Keyed by the element: gone with it.
const MAP_VIEWS = new WeakMap();
const MAX_ZOOM = 32;

// One world ring as SVG path data. A ring crossing the antimeridian has a point near +180°
// next to one near −180°: joined, they would draw a line across the whole map. The ring is
// cut at each such jump and each piece, which lies on one side, closed along the map edge;
// a ring around a pole (one jump: Antarctica) is closed along the pole's edge instead.
function ringPath(ring, x, y) {
  const points = ring.slice();
  const [a, b] = [points[0], points[points.length - 1]];
  if (points.length > 1 && a[0] === b[0] && a[1] === b[1]) points.pop();
  const coord = ([lon, lat]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`;
  const jump = (p, q) => Math.abs(p[0] - q[0]) > 180;
  const start = points.findIndex((p, i) => jump(p, points[(i + 1) % points.length]));
  if (start < 0) return "M" + points.map(coord).join("L") + "Z";
  // Begin just after a jump, so no piece wraps round the end of the list.
  const rotated = [...points.slice(start + 1), ...points.slice(0, start + 1)];
  const pieces = [[rotated[0]]];
  for (let i = 1; i < rotated.length; i++) {
    if (jump(rotated[i - 1], rotated[i])) pieces.push([]);
    pieces[pieces.length - 1].push(rotated[i]);
  }
  return pieces.map((piece) => {
    const lon0 = piece[0][0], lon1 = piece[piece.length - 1][0];
    if (Math.abs(lon1 - lon0) > 180) {
      const pole = piece.reduce((s, p) => s + p[1], 0) < 0 ? -90 : 90;
      // In quarter steps, so no segment spans the map even along its edge.
      for (let k = 0; k <= 4; k++) piece.push([lon1 + ((lon0 - lon1) * k) / 4, pole]);
    }
    return "M" + piece.map(coord).join("L") + "Z";
  }).join("");
}

// Equirectangular world map; places closer than 16 screen pixels are clustered (again at
// each zoom, so zooming in separates them). "+", "−", the mouse wheel and dragging move the
// view; circles and numbers keep their screen size.
async function drawMap(target, places, width = chartWidth(target, 560), height = Math.round(width / 2)) {
  let shapes;
  try {
    shapes = await world();
  } catch (error) {
    target.replaceChildren(el("p", { class: "flag" }, `The world map did not load: ${error.message}`));
    return;
  }
  const x = (lon) => ((lon + 180) / 360) * width;
  const y = (lat) => ((90 - lat) / 180) * height;
  const placed = places.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
  const map = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "chart map",
                           role: "img", "aria-label": `world map of ${placed.length} places`,
                           style: "background:#dde8f0" });
  const land = svg("g", { class: "land" });
  for (const country of shapes.countries) {
    const d = country.rings.map((ring) => ringPath(ring, x, y)).join("");
    land.append(svg("path", { d, fill: "#fbfbf8", stroke: "#b8c2cc", "stroke-width": 0.5,
                              "vector-effect": "non-scaling-stroke" },
                    svg("title", {}, country.name || "")));
  }
  const marks = svg("g", { class: "marks" });
  map.append(land, marks);

  const sizes = { width, height, x, y };
  const reference = Math.max(1, ...clusterPlaces(placed, sizes, 1).map((c) => c.count));
  let view = MAP_VIEWS.get(target);
  if (!view || view.width !== width || view.height !== height) view = { width, height, x: 0, y: 0, k: 1 };
  MAP_VIEWS.set(target, view);
  let drawnAt = null;
  function show() {
    const w = width / view.k, h = height / view.k;
    view.x = clamp(view.x, 0, width - w);
    view.y = clamp(view.y, 0, height - h);
    map.setAttribute("viewBox", `${view.x} ${view.y} ${w} ${h}`);
    if (drawnAt !== view.k) drawPlaces(marks, placed, sizes, view.k, reference);  // not on a pan
    drawnAt = view.k;
  }
  // Zoom to `k`, keeping the point (px, py) of the map where it is on screen.
  function zoomTo(k, px = view.x + width / view.k / 2, py = view.y + height / view.k / 2) {
    const fx = (px - view.x) / (width / view.k), fy = (py - view.y) / (height / view.k);
    view.k = clamp(k, 1, MAX_ZOOM);
    view.x = px - (fx * width) / view.k;
    view.y = py - (fy * height) / view.k;
    show();
  }
  bindMapGestures(map, view, zoomTo, show);
  show();

  const controls = el("div", { class: "map-controls" },
    el("button", { type: "button", class: "zoom-in", title: "zoom in", "aria-label": "zoom in",
                   onclick: () => zoomTo(view.k * 2) }, "+"),
    el("button", { type: "button", class: "zoom-out", title: "zoom out", "aria-label": "zoom out",
                   onclick: () => zoomTo(view.k / 2) }, "−"),
    el("button", { type: "button", class: "reset", title: "the whole world",
                   onclick: () => zoomTo(1, width / 2, height / 2) }, "reset"));
  const caption = placed.length
    ? mapLegend(reference)
    : el("p", { class: "muted empty" }, "No placed events match these filters.");
  target.replaceChildren(el("div", { class: "map-wrap" }, map, controls), caption);
}

// Wheel zooms about the pointer (at the whole world, scrolling down scrolls the page, as
// it would anywhere else); dragging pans.
function bindMapGestures(map, view, zoomTo, show) {
  const point = (event) => {
    const box = map.getBoundingClientRect();
    return [view.x + ((event.clientX - box.left) / box.width) * (view.width / view.k),
            view.y + ((event.clientY - box.top) / box.height) * (view.height / view.k)];
  };
  map.addEventListener("wheel", (event) => {
    const lines = event.deltaMode === 1 ? 40 : 1;
    const k = view.k * Math.exp(-event.deltaY * lines * 0.002);
    if (k <= 1 && view.k <= 1) return;
    event.preventDefault();
    zoomTo(k, ...point(event));
  }, { passive: false });
  let drag = null;
  map.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || view.k <= 1) return;
    drag = { id: event.pointerId, clientX: event.clientX, clientY: event.clientY, x: view.x, y: view.y };
    map.setPointerCapture(event.pointerId);
    map.classList.add("dragging");
  });
  map.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const box = map.getBoundingClientRect();
    view.x = drag.x - ((event.clientX - drag.clientX) / box.width) * (view.width / view.k);
    view.y = drag.y - ((event.clientY - drag.clientY) / box.height) * (view.height / view.k);
    show();
  });
  const stop = () => { drag = null; map.classList.remove("dragging"); };
  map.addEventListener("pointerup", stop);
  map.addEventListener("pointercancel", stop);
}

// Places within 16 screen pixels of a cluster's first place join it (at zoom k).
function clusterPlaces(places, { x, y }, k) {
  const radius = 16 / k, clusters = [];
  for (const place of places) {
    const px = x(place.lon), py = y(place.lat);
    const name = place.location || place.country || `${place.lat}, ${place.lon}`;
    const near = clusters.find((c) => Math.hypot(c.x - px, c.y - py) < radius);
    if (near) { near.count += place.count; near.names.push(name); }
    else clusters.push({ x: px, y: py, count: place.count, names: [name] });
  }
  return clusters;
}

// A circle's radius in screen pixels: its area grows with the number of events, the
// largest cluster of the whole-world view (`reference`) at 15 pixels.
function placeRadius(count, reference) {
  return 3 + 12 * Math.sqrt(Math.min(count, reference) / reference);
}

// The clusters at zoom k: circles, biggest first so small ones stay on top to hover, then
// the counts above every circle, so an overlapping circle never hides a number.
function drawPlaces(layer, places, sizes, k, reference) {
  const clusters = clusterPlaces(places, sizes, k).sort((a, b) => b.count - a.count);
  const circles = clusters.map((c) => {
    const shown = c.names.slice(0, 5).join(", ") + (c.names.length > 5 ? ` and ${c.names.length - 5} more` : "");
    return svg("circle", { cx: c.x, cy: c.y, r: placeRadius(c.count, reference) / k, class: "mark",
                           fill: "#c0392b", "fill-opacity": 0.6, stroke: "#78281f", "stroke-width": 1 / k },
      svg("title", {}, `${shown}: ${fmt(c.count)} ${c.count === 1 ? "event" : "events"}`));
  });
  const counts = clusters.filter((c) => c.count > 1).map((c) =>
    svg("text", { x: c.x, y: c.y + 4 / k, "text-anchor": "middle", class: "count",
                  style: `font-size:${11 / k}px` }, fmt(c.count)));
  layer.replaceChildren(...circles, ...counts);
}

// Circle sizes with what they mean, and how to move the map.
function mapLegend(reference) {
  const samples = [...new Set([1, Math.round(reference / 4), reference])].filter((v) => v >= 1);
  const circle = (count) => {
    const r = placeRadius(count, reference), side = 2 * r + 2;
    return svg("svg", { width: side, height: side, class: "sample" },
               svg("circle", { cx: side / 2, cy: side / 2, r, fill: "#c0392b", "fill-opacity": 0.6,
                               stroke: "#78281f" }));
  };
  return el("div", { class: "legend map-legend" },
    el("span", {}, "circle size = number of events:"),
    samples.map((count) => el("span", { class: "sample-size" }, circle(count), fmt(count))),
    el("span", {}, "a number: nearby places grouped"),
    el("span", {}, "wheel or +/− to zoom, drag to pan"));
}

// ---- Network ---------------------------------------------------------------------------

const EDGE_COLOURS = { conflict: "#c0392b", cooperation: "#2471a3", mixed: "#7f8c8d" };
const ARROW = 9;  // arrowhead length in pixels
const MAX_NODES = 30;
const LABEL_CHARS = 24;

// Elliptic layout: nodes are actors and recipients (one per actor_id, labelled by its
// commonest name), an arrow from actor to recipient per edge, its width the event count,
// red when most of its events are conflict, blue when most are cooperation.
function drawNetwork(target, edges, width = chartWidth(target, 560), height = 340) {
  if (!edges.length) {
    target.replaceChildren(el("p", { class: "muted empty" },
                              "No actor → recipient events match these filters."));
    return;
  }
  const weight = new Map(), label = new Map();
  edges = edges.map((e) => ({ ...e, actor: e.actor_id || e.actor, recipient: e.recipient_id || e.recipient,
                               actorName: e.actor, recipientName: e.recipient }));
  for (const e of edges) {
    weight.set(e.actor, (weight.get(e.actor) || 0) + e.count);
    weight.set(e.recipient, (weight.get(e.recipient) || 0) + e.count);
    if (!label.has(e.actor)) label.set(e.actor, e.actorName);
    if (!label.has(e.recipient)) label.set(e.recipient, e.recipientName);
  }
  const nodes = [...weight.keys()].sort((a, b) => weight.get(b) - weight.get(a)).slice(0, MAX_NODES);
  const keep = new Set(nodes);
  const name = (key) => String(label.get(key) || key);
  const short = (key) => name(key).length > LABEL_CHARS ? name(key).slice(0, LABEL_CHARS - 1) + "…" : name(key);
  // Room at the sides for the longest label, which runs outwards from its node.
  const margin = Math.min(width / 3, 16 + Math.max(...nodes.map((n) => textWidth(short(n)))));
  const cx = width / 2, cy = height / 2;
  const rx = Math.max(40, width / 2 - margin), ry = Math.max(40, height / 2 - 26);
  const maxWeight = Math.max(...nodes.map((n) => weight.get(n)));
  const pos = new Map(nodes.map((n, i) => {
    const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    return [n, { x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle), angle,
                 r: 3 + 5 * Math.sqrt(weight.get(n) / maxWeight) }];
  }));

  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "chart network",
                             role: "img", "aria-label": "who acts on whom" });
  chart.append(svg("defs", {}, Object.entries(EDGE_COLOURS).map(([kind, colour]) =>
    svg("marker", { id: `arrow-${kind}`, class: "arrowhead", viewBox: "0 0 10 10", refX: 0, refY: 5,
                    markerWidth: ARROW, markerHeight: ARROW, markerUnits: "userSpaceOnUse",
                    orient: "auto" },
        svg("path", { d: "M0,0L10,5L0,10Z", fill: colour })))));
  const drawn = edges.filter((e) => keep.has(e.actor) && keep.has(e.recipient) && e.actor !== e.recipient);
  const pairs = new Set(drawn.map((e) => `${e.actor}\u0000${e.recipient}`));
  const maxCount = Math.max(...drawn.map((e) => e.count), 1);
  const kinds = new Set();
  for (const e of drawn) {
    const kind = edgeKind(e.types);
    kinds.add(kind);
    // Both directions between one pair: each bends to its own side, so both show.
    const bend = pairs.has(`${e.recipient}\u0000${e.actor}`);
    chart.append(edgeShape(pos.get(e.actor), pos.get(e.recipient), bend, {
      class: "mark edge", stroke: EDGE_COLOURS[kind], "stroke-opacity": 0.7, fill: "none",
      "stroke-width": 1 + (4 * e.count) / maxCount, "marker-end": `url(#arrow-${kind})` },
      svg("title", {}, `${e.actorName} → ${e.recipientName}: ` +
                       Object.entries(e.types).map(([t, n]) => `${t} ${n}`).join(", "))));
  }
  for (const key of nodes) {
    const { x, y, angle, r } = pos.get(key);
    const cos = Math.cos(angle), side = Math.abs(cos) < 0.2 ? "middle" : cos > 0 ? "start" : "end";
    const lx = side === "middle" ? x : x + (cos > 0 ? r + 4 : -r - 4);
    const ly = side === "middle" ? (Math.sin(angle) < 0 ? y - r - 4 : y + r + 12) : y + 4;
    chart.append(svg("g", { class: "node" },
      svg("title", {}, `${name(key)}: ${fmt(weight.get(key))} ${weight.get(key) === 1 ? "event" : "events"}`),
      svg("circle", { cx: x, cy: y, r, fill: "#34495e" }),
      svg("text", { x: lx, y: ly, "text-anchor": side, class: "node-label" }, short(key))));
  }
  target.replaceChildren(chart, networkLegend(kinds, {
    hidden: weight.size - nodes.length, total: weight.size,
    loops: edges.filter((e) => e.actor === e.recipient).length }));
  fitViewBox(chart, width, height);
}

// "conflict" when most of the edge's events are conflict (quad classes 3–4), "cooperation"
// when most are cooperation, "mixed" when they balance.
function edgeKind(types) {
  const balance = Object.entries(types).reduce((s, [type, n]) => s + (isConflict(type) ? n : -n), 0);
  return balance > 0 ? "conflict" : balance < 0 ? "cooperation" : "mixed";
}

// A straight <line> from node `a` to node `b`, or a curved <path> when `bend`; it starts at
// a's rim and stops short of b's rim by the arrowhead, whose tip then touches the rim.
function edgeShape(a, b, bend, attrs, title) {
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const towards = (from, to, distance) => {
    const d = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    return { x: from.x + ((to.x - from.x) / d) * distance, y: from.y + ((to.y - from.y) / d) * distance };
  };
  const startCut = Math.min(a.r + 1, length * 0.3), endCut = Math.min(b.r + 2 + ARROW, length * 0.6);
  if (!bend) {
    const s = towards(a, b, startCut), e = towards(b, a, endCut);
    return svg("line", { x1: s.x, y1: s.y, x2: e.x, y2: e.y, ...attrs }, title);
  }
  // The control point sits off the middle, to the right of the direction of travel.
  const offset = Math.min(40, length * 0.18);
  const c = { x: (a.x + b.x) / 2 - ((b.y - a.y) / length) * offset,
              y: (a.y + b.y) / 2 + ((b.x - a.x) / length) * offset };
  const s = towards(a, c, startCut), e = towards(b, c, endCut);
  return svg("path", { d: `M${s.x},${s.y}Q${c.x},${c.y} ${e.x},${e.y}`, ...attrs }, title);
}

function networkLegend(kinds, { hidden, total, loops }) {
  const labels = { conflict: "mostly conflict", cooperation: "mostly cooperation", mixed: "as much of each" };
  const key = legend(Object.keys(EDGE_COLOURS).filter((kind) => kind !== "mixed" || kinds.has("mixed"))
    .map((kind) => [labels[kind], EDGE_COLOURS[kind]]));
  key.classList.add("network-legend");
  key.append(el("span", {}, "line width = number of events"),
             el("span", {}, "arrow: actor → recipient (who acts on whom)"));
  if (hidden > 0) key.append(el("span", {}, `the ${MAX_NODES} busiest of ${fmt(total)} actors shown`));
  if (loops > 0) {
    key.append(el("span", {}, `${fmt(loops)} self-directed ${loops === 1 ? "edge" : "edges"} not drawn`));
  }
  return key;
}

// Labels are measured only once rendered: if one still sticks out of the chart, widen the
// viewBox to take it in (the chart shrinks a little) rather than cut the name.
function fitViewBox(chart, width, height) {
  if (!chart.isConnected) return;
  const box = chart.getBBox();
  if (!box.width) return;  // not rendered (a hidden panel): nothing to measure
  const x0 = Math.min(0, box.x - 2), y0 = Math.min(0, box.y - 2);
  const x1 = Math.max(width, box.x + box.width + 2), y1 = Math.max(height, box.y + box.height + 2);
  if (x0 < 0 || y0 < 0 || x1 > width || y1 > height) {
    chart.setAttribute("viewBox", `${x0} ${y0} ${x1 - x0} ${y1 - y0}`);
  }
}
