// Shared helpers for the wirecoder pages: API calls, navigation, formatting, colours.
"use strict";

const API = "/api";

async function api(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const response = await fetch(`${API}${path}${query.size ? "?" + query : ""}`);
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || response.statusText);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "style") node.style.cssText = value;  // the CSP refuses style attributes
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "style") node.style.cssText = value;  // the CSP refuses style attributes
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

function nav(here) {
  const pages = [["events", "Events"], ["reader", "Reader"], ["speakers", "Speakers"],
                 ["figures", "Figures"]];
  document.body.prepend(el("header", {},
    el("span", { class: "brand" }, "wirecoder"),
    pages.map(([page, label]) => el("a", {
      href: `/ui/${page}.html`, class: page === here ? "here" : "" }, label)),
    el("a", { href: "/docs" }, "API")));
}

// Event types coloured by quad class: cooperation in blues, conflict in reds.
const QUAD_COLOURS = { 1: ["#5dade2", "#2e86c1", "#1b4f72", "#85c1e9"],
                       2: ["#48c9b0", "#17a589", "#0e6655"],
                       3: ["#f5b041", "#dc7633", "#af601a", "#f8c471"],
                       4: ["#e74c3c", "#b03a2e", "#922b21", "#cd6155", "#78281f"] };
let ONTOLOGY = null;
async function ontology() {
  if (!ONTOLOGY) {
    ONTOLOGY = await api("/ontology");
    const used = { 1: 0, 2: 0, 3: 0, 4: 0 };
    for (const info of Object.values(ONTOLOGY.types)) {
      const palette = QUAD_COLOURS[info.quad];
      info.colour = palette[used[info.quad]++ % palette.length];
    }
  }
  return ONTOLOGY;
}
function typeColour(type) {
  return ONTOLOGY && ONTOLOGY.types[type] ? ONTOLOGY.types[type].colour : "#7f8c8d";
}
function isConflict(type) {
  return ONTOLOGY && ONTOLOGY.types[type] ? ONTOLOGY.types[type].quad >= 3 : false;
}
function typeTag(type) {
  return el("span", { class: "tag", style: `background:${typeColour(type)}` }, type);
}

function names(participants) {
  return participants.map((p) => p.text + (p.country ? ` (${p.country})` : "")).join(", ");
}
function articleLink(id, label) {
  return el("a", { href: `/ui/reader.html?id=${encodeURIComponent(id)}` }, label || id);
}

// Form <-> URL query string, so a filtered view can be bookmarked.
function formParams(form) {
  const params = {};
  for (const [key, value] of new FormData(form).entries()) if (value) params[key] = value;
  return params;
}
// Fill a filter form from the URL, and on submit put its values in the URL and reload.
function bindFilters(form, load) {
  fillForm(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", "?" + new URLSearchParams(formParams(form)));
    load();
  });
}
function fillForm(form) {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of params.entries()) {
    if (form.elements[key]) form.elements[key].value = value;
  }
}
function showError(target, error) {
  target.replaceChildren(el("p", { class: "flag" }, String(error.message || error)));
}

// Redraw the page when the store changes (articles coded while the server runs): ask
// /api/status every few seconds, and call redraw() when its count or last write moves.
function watchStore(redraw, seconds = 5) {
  const note = el("span", { class: "store-note", id: "store-note" });
  document.querySelector("header").append(note);
  let seen = null;
  async function check() {
    try {
      const status = await api("/status");
      const mark = `${status.articles}|${status.last_coded}`;
      note.textContent = `${status.articles.toLocaleString("en")} articles`;
      if (seen !== null && mark !== seen) {
        note.textContent += ` · updated ${new Date().toLocaleTimeString("en-GB")}`;
        redraw();
      }
      seen = mark;
    } catch (error) {
      note.textContent = "the server does not answer";
    }
    setTimeout(check, seconds * 1000);
  }
  check();
}

// A number with thousands separators: 8306 -> "8,306".
function fmt(n) {
  return Number(n).toLocaleString("en");
}

// A count in words past a million: 1300000000000 -> "1.3 trillion", 8306 -> "8,306".
function bigNumber(n) {
  for (const [size, name] of [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"]]) {
    if (Math.abs(n) >= size) return `${Number((n / size).toPrecision(3))} ${name}`;
  }
  return fmt(n);
}

// A chart legend: coloured swatches with their labels.
function legend(entries) {
  return el("div", { class: "legend" }, entries.map(([label, colour]) =>
    el("span", {}, el("i", { class: "swatch", style: `background:${colour}` }), label)));
}

// Previous / "1–50 of 1,234" / Next under a paged list; go(offset) loads another page.
function pager(page, go) {
  const shown = page.items.length
    ? `${fmt(page.offset + 1)}–${fmt(page.offset + page.items.length)} of ${fmt(page.total)}`
    : "nothing matches these filters";
  return el("div", { class: "pager" },
    el("button", { type: "button", disabled: page.offset === 0 ? "" : null,
                   onclick: () => go(Math.max(0, page.offset - page.limit)) }, "‹ Previous"),
    el("span", { class: "muted pager-count" }, shown),
    el("button", { type: "button", disabled: page.next_offset === null ? "" : null,
                   onclick: () => go(page.next_offset) }, "Next ›"));
}
