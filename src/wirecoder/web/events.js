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
    document.getElementById("total").textContent = `${facets.total} events`;
    drawTimeline(document.getElementById("timeline"), facets.days);
    drawMap(document.getElementById("map"), places.items);
    drawNetwork(document.getElementById("network"), network.items);
    drawCountries(document.getElementById("countries"), facets.country);
    loadTable(filters, 0);
  } catch (error) {
    showError(document.getElementById("events"), error);
  }
}

async function loadTable(filters, offset) {
  const target = document.getElementById("events");
  const page = await api("/events", { ...filters, limit: PAGE, offset });
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
  const pager = el("div", { class: "pager" },
    el("button", { type: "button", disabled: offset === 0 ? "" : null,
                   onclick: () => loadTable(filters, Math.max(0, offset - PAGE)) }, "‹ Previous"),
    el("span", { class: "muted" }, `${offset + 1}–${offset + page.items.length}`),
    el("button", { type: "button", disabled: page.next_offset === null ? "" : null,
                   onclick: () => loadTable(filters, page.next_offset) }, "Next ›"));
  target.replaceChildren(el("table", { id: "events-table" },
    el("thead", {}, el("tr", {}, ["Date", "Type", "Actor", "Trigger", "Recipient", "Place",
                                   "Status", "Conf.", "Article"].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)), pager);
}

function drawCountries(target, counts) {
  const rows = Object.entries(counts).slice(0, 15).map(([country, n]) => el("tr", {},
    el("td", {}, el("a", { href: `?country=${country}` }, country)), el("td", {}, String(n))));
  target.replaceChildren(el("table", {}, el("tbody", {}, rows)));
}

setup();
