// Figures: casualty counts over time, incidents with conflicting counts side by side,
// and every figure with its source (unattributed ones flagged).
"use strict";

const PAGE = 100;
const form = document.getElementById("filters");

async function setup() {
  nav("figures");
  const info = await ontology();
  for (const kind of info.figure_kinds) form.kind.append(el("option", {}, kind));
  bindFilters(form, load);
  watchStore(load);
  load();
  const incident = new URLSearchParams(location.search).get("incident");
  if (incident) showIncident(incident);
}

async function load() {
  const filters = formParams(form);
  try {
    const [figures, casualties, incidents] = await Promise.all([
      api("/figures", { ...filters, limit: PAGE }),
      api("/figures", { date_from: filters.date_from, date_to: filters.date_to, copies: false, limit: 500 }),
      api("/incidents", { date_from: filters.date_from, date_to: filters.date_to, limit: 100 })]);
    drawCasualties(casualties.items.filter((f) => f.kind === "killed" || f.kind === "injured"));
    if (casualties.total > casualties.items.length) {
      document.getElementById("casualties").append(el("p", { class: "flag" },
        `Drawn from the first ${fmt(casualties.items.length)} of ${fmt(casualties.total)} ` +
        "figures: narrow the dates to see them all."));
    }
    listIncidents(incidents.items);
    listFigures(figures, (offset) => loadFigures(filters, offset));
  } catch (error) { showError(document.getElementById("figures"), error); }
}

const KIND_COLOURS = { killed: "#922b21", injured: "#f5b041" };

function drawCasualties(figures) {
  // One bar segment per day and kind, reusing the timeline chart (kind in place of type).
  // A running total ("so far 8,306") is no day's count: left out, and said so. Reports of
  // one incident count once, at the highest figure given, so three articles on one attack
  // do not triple it.
  const target = document.getElementById("casualties");
  const daily = figures.filter((f) => f.day && !f.cumulative && countOf(f) !== null);
  const running = figures.filter((f) => f.cumulative).length;
  const counted = new Map();
  for (const f of daily) {
    const key = f.incident ? `${f.incident}|${f.kind}` : `${f.article_id}|${f.id}`;
    const seen = counted.get(key);
    if (!seen || countOf(f) > countOf(seen)) counted.set(key, f);
  }
  const sums = new Map();
  for (const f of counted.values()) {
    const key = `${f.day}|${f.kind}`;
    sums.set(key, (sums.get(key) || 0) + countOf(f));
  }
  const days = [...sums].map(([key, count]) => { const [day, type] = key.split("|"); return { day, type, count }; });
  const note = el("p", { class: "muted" },
    `Each incident counted once, at its highest report.` +
    (running ? ` ${fmt(running)} running ${running === 1 ? "total" : "totals"} (“so far”, “since …”) not plotted as daily counts.` : ""));
  if (!days.length) {
    target.replaceChildren(el("p", { class: "muted" }, figures.length
      ? "No dated daily count of killed or injured among these figures." : "No killed or injured figures match these filters."), note);
    return;
  }
  drawTimeline(target, days, { sqrt: true, colour: (kind) => KIND_COLOURS[kind] || "#7f8c8d" });
  target.append(legend(Object.entries(KIND_COLOURS)), note);
}

// The number a figure stands for on a chart: its value, else the bound given.
function countOf(f) {
  return f.value ?? f.low ?? f.high ?? null;
}

// A figure as the text gives it: "8,306", "at least 20", "between 20 and 30", "about
// 200", "1.3 trillion", "dozens" (the article's own words are its tooltip).
function figureText(f) {
  const n = (v) => bigNumber(v);
  let words;
  if (f.value === null) {
    words = f.low !== null && f.high !== null && f.low !== f.high
      ? `between ${n(f.low)} and ${n(f.high)}` : f.text;
  } else if (f.low !== null && f.high === null) {
    words = `at least ${n(f.value)}`;
  } else if (f.high !== null && f.low === null) {
    words = `up to ${n(f.value)}`;
  } else {
    words = (f.approximate && f.low === null ? "about " : "") + n(f.value);
  }
  if (f.kind === "money" && f.subject) words += ` ${f.subject}`;
  return words;
}

function listIncidents(items) {
  const rows = items.map((i) => el("tr", { class: "clickable", onclick: () => showIncident(i.id) },
    el("td", {}, i.date_start === i.date_end ? i.date_start : `${i.date_start} – ${i.date_end}`),
    el("td", {}, typeTag(i.type)),
    el("td", {}, i.location || i.country || ""),
    el("td", {}, [...i.actors.slice(0, 3)].join(", ")),
    el("td", {}, String(i.n_sources)),
    el("td", {}, i.figures_text || "", i.conflicting ? el("span", { class: "flag" }, " conflicting") : null)));
  document.getElementById("incidents").replaceChildren(el("table", { id: "incidents-table" },
    el("thead", {}, el("tr", {}, ["Date", "Type", "Place", "Actors", "Sources", "Figures"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)));
}

async function showIncident(id) {
  const target = document.getElementById("incident");
  try {
    const incident = await api(`/incidents/${encodeURIComponent(id)}`);
    const sideBySide = Object.entries(incident.figures).map(([kind, values]) => el("tr", {},
      el("th", {}, kind), ...values.map((v) => el("td", {}, el("b", {}, fmt(v.value)), ` (${v.sources.join("; ")})`))));
    target.replaceChildren(
      el("p", {}, typeTag(incident.type), ` ${incident.location || ""} · ${incident.date_start} · ${incident.n_sources} sources, first ${incident.first_reported || ""}`,
         incident.n_duplicates ? ` · ${incident.n_duplicates} ${incident.n_duplicates === 1 ? "copy" : "copies"} not counted` : ""),
      el("table", {}, el("tbody", {}, sideBySide)),
      el("ul", {}, incident.events.map((e) => el("li", {},
        `${names(e.actor) || "?"} ${e.trigger.text} ${names(e.recipient)} `,
        el("a", { href: `/ui/reader.html?id=${encodeURIComponent(e.article_id)}&event=${e.id}` }, e.article_id)))));
  } catch (error) { showError(target, error); }
}

async function loadFigures(filters, offset) {
  try {
    listFigures(await api("/figures", { ...filters, limit: PAGE, offset }),
                (next) => loadFigures(filters, next));
  } catch (error) { showError(document.getElementById("figures"), error); }
}

function listFigures(page, go) {
  const items = page.items;
  if (!items.length) {
    document.getElementById("figures").replaceChildren(el("p", { class: "muted" }, "No figure matches these filters."));
    return;
  }
  const rows = items.map((f) => el("tr", {},
    el("td", {}, f.day || ""), el("td", {}, f.kind),
    el("td", { class: "number", title: `the article says “${f.text}”` }, figureText(f),
       f.cumulative ? el("span", { class: "tag running" }, "running total") : null),
    el("td", {}, f.subject || ""), el("td", {}, f.location || ""),
    el("td", {}, f.source ? f.source_name || f.source : el("span", { class: "flag" }, "no source")),
    el("td", {}, el("a", { href: `/ui/reader.html?id=${encodeURIComponent(f.article_id)}&event=${f.id}` }, "read"))));
  document.getElementById("figures").replaceChildren(el("table", { id: "figures-table" },
    el("thead", {}, el("tr", {}, ["Date", "Kind", "Value", "Of", "Place", "Source", ""].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)), pager(page, go));
}

setup();
