// Events explorer: filters, timeline, map, actor network and a paged table.
"use strict";

const PAGE = 50;
const form = document.getElementById("filters");

async function setup() {
  nav("events");
  const info = await ontology();
  for (const type of Object.keys(info.types)) form.type.append(el("option", {}, type));
  for (const status of info.statuses) form.status.append(el("option", {}, status));
  bindFilters(form, load);
  watchStore(load);
  load();
}

async function load() {
  const filters = formParams(form);
  try {
    const [facets, places, network] = await Promise.all([
      api("/facets", filters), api("/places", filters), api("/network", filters)]);
    const total = document.getElementById("total");
    total.textContent = `${fmt(facets.total)} events · ${fmt(facets.incidents)} incidents`;
    total.title = "incidents: reports of one incident by several articles counted once, " +
                  "copies of an article left out";
    const timeline = document.getElementById("timeline");
    drawTimeline(timeline, facets.days);
    const undated = facets.total - facets.days.reduce((sum, d) => sum + d.count, 0);
    if (undated > 0) {
      timeline.append(el("p", { class: "muted chart-note" },
        `${fmt(undated)} of the ${fmt(facets.total)} events have no date and are not drawn.`));
    }
    drawMap(document.getElementById("map"), places.items);
    drawNetwork(document.getElementById("network"), network.items);
    drawCountries(document.getElementById("countries"), facets.country);
    loadTable(filters, 0);
  } catch (error) {
    showError(document.getElementById("events"), error);
  }
}

// The table's columns: heading and the order it sorts by (click a heading to sort, again
// to reverse).
const COLUMNS = [["Date", "date"], ["Type", "type"], ["Actor", "actor"], ["Trigger", "trigger"],
                 ["Recipient", "recipient"], ["Place", "place"], ["Status", "status"],
                 ["Conf.", "confidence"], ["Article", "article"]];

function sortBy(key) {
  const current = form.order.value || "date";
  form.order.value = current === key ? `-${key}` : key;
  history.replaceState(null, "", "?" + new URLSearchParams(formParams(form)));
  loadTable(formParams(form), 0);
}

function heading([label, key]) {
  const current = form.order.value || "date";
  const mark = current === key ? " ▲" : current === `-${key}` ? " ▼" : "";
  return el("th", { class: "sortable", "data-order": key, onclick: () => sortBy(key),
                    title: `sort by ${label.toLowerCase()}` }, label + mark);
}

function exportLinks(filters) {
  const query = new URLSearchParams(filters);
  for (const format of ["csv", "json"]) {
    query.set("format", format);
    document.getElementById(`export-${format}`).href = `/api/events/export?${query}`;
  }
}

async function loadTable(filters, offset) {
  const target = document.getElementById("events");
  exportLinks(filters);
  const page = await api("/events", { ...filters, limit: PAGE, offset });
  if (!page.items.length) {
    target.replaceChildren(el("p", { class: "muted" }, "No event matches these filters."));
    return;
  }
  const rows = page.items.map((e) => el("tr", {
      class: "clickable",
      onclick: () => { location.href = `/ui/reader.html?id=${encodeURIComponent(e.article_id)}&event=${e.id}`; } },
    el("td", {}, e.date ? e.date.value : ""),
    el("td", {}, typeTag(e.type), e.mode ? ` ${e.mode}` : ""),
    el("td", {}, names(e.actor)),
    el("td", {}, e.trigger.text),
    el("td", {}, names(e.recipient)),
    el("td", {}, e.location ? e.location.text : ""),
    el("td", {}, e.status),
    el("td", {}, e.confidence === null ? "" : e.confidence.toFixed(2)),
    el("td", {}, articleLink(e.article_id))));
  const pages = pager(page, (next) => loadTable(filters, next));
  target.replaceChildren(el("table", { id: "events-table" },
    el("thead", {}, el("tr", {}, COLUMNS.map(heading))),
    el("tbody", {}, rows)), pages);
}

function drawCountries(target, counts) {
  const rows = Object.entries(counts).slice(0, 15).map(([country, n]) => el("tr", {},
    el("td", {}, el("a", { href: `?country=${country}` }, country)), el("td", {}, String(n))));
  target.replaceChildren(el("table", {}, el("tbody", {}, rows)));
}

setup();
