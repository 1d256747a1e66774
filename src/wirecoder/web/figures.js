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
    listIncidents(incidents.items);
    listFigures(figures.items);
  } catch (error) { showError(document.getElementById("figures"), error); }
}

function drawCasualties(figures) {
  // One bar segment per day and kind, reusing the timeline chart (kind in place of type).
  const sums = new Map();
  for (const f of figures) {
    if (!f.day) continue;
    const key = `${f.day}|${f.kind}`;
    sums.set(key, (sums.get(key) || 0) + f.value);
  }
  const days = [...sums].map(([key, count]) => { const [day, type] = key.split("|"); return { day, type, count }; });
  drawTimeline(document.getElementById("casualties"), days, { sqrt: true });
  document.querySelectorAll("#casualties rect").forEach((r) => {
    r.setAttribute("fill", r.textContent.includes("killed") ? "#922b21" : "#f5b041");
  });
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
      el("th", {}, kind), ...values.map((v) => el("td", {}, el("b", {}, String(v.value)), ` (${v.sources.join("; ")})`))));
    target.replaceChildren(
      el("p", {}, typeTag(incident.type), ` ${incident.location || ""} · ${incident.date_start} · ${incident.n_sources} sources, first ${incident.first_reported || ""}`,
         incident.n_duplicates ? ` · ${incident.n_duplicates} ${incident.n_duplicates === 1 ? "copy" : "copies"} not counted` : ""),
      el("table", {}, el("tbody", {}, sideBySide)),
      el("ul", {}, incident.events.map((e) => el("li", {},
        `${names(e.actor) || "?"} ${e.trigger.text} ${names(e.recipient)} `,
        el("a", { href: `/ui/reader.html?id=${encodeURIComponent(e.article_id)}&event=${e.id}` }, e.article_id)))));
  } catch (error) { showError(target, error); }
}

function listFigures(items) {
  const rows = items.map((f) => el("tr", {},
    el("td", {}, f.day || ""), el("td", {}, f.kind),
    el("td", {}, f.low !== f.high ? `${f.low}–${f.high}` : String(f.value), f.approximate ? " ~" : ""),
    el("td", {}, f.subject || ""), el("td", {}, f.location || ""),
    el("td", {}, f.source ? f.source_name || f.source : el("span", { class: "flag" }, "no source")),
    el("td", {}, el("a", { href: `/ui/reader.html?id=${encodeURIComponent(f.article_id)}&event=${f.id}` }, "read"))));
  document.getElementById("figures").replaceChildren(el("table", { id: "figures-table" },
    el("thead", {}, el("tr", {}, ["Date", "Kind", "Value", "Of", "Place", "Source", ""].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)));
}

setup();
