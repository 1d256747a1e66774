// Speakers view: who said what, with the quote and a link into the article.
"use strict";

const PAGE = 50;
const form = document.getElementById("filters");
// A pronoun the coder could not resolve names no one: it is never listed as a speaker.
const PRONOUNS = new Set(["he", "she", "they", "we", "it", "i", "you", "him", "her", "them", "us"]);
const unresolved = (s) => !s.speaker_name && PRONOUNS.has(s.speaker.text.trim().toLowerCase());
const speakerLabel = (s) => (unresolved(s) ? "unresolved speaker" : s.speaker_name || s.speaker.text);

function setup() {
  nav("speakers");
  bindFilters(form, () => load(0));
  watchStore(() => load(0));
  load(0);
}

async function load(offset) {
  const target = document.getElementById("statements");
  let page;
  try {
    page = await api("/statements", { ...formParams(form), limit: PAGE, offset });
  } catch (error) { showError(target, error); return; }
  const rows = page.items.map((s) => el("tr", {},
    el("td", {}, unresolved(s) ? el("i", { class: "muted" }, speakerLabel(s)) : el("b", {}, speakerLabel(s)),
       s.speaker_name && s.speaker_name !== s.speaker.text || unresolved(s)
         ? el("div", { class: "muted" }, `as “${s.speaker.text}”`) : null,
       s.speaker.role ? el("div", { class: "muted" }, s.speaker.role) : null),
    el("td", {}, s.speaker.country || ""),
    el("td", {}, s.kind),
    el("td", {}, s.cue.text),
    el("td", {}, s.content.text),
    el("td", {}, s.date || ""),
    el("td", {}, el("a", { href: `/ui/reader.html?id=${encodeURIComponent(s.article_id)}&event=${s.id}` }, "read"))));
  target.replaceChildren(el("table", { id: "statements-table" },
    el("thead", {}, el("tr", {}, ["Speaker", "Country", "Kind", "Cue", "What was said", "Date", ""].map((h) => el("th", {}, h)))),
    el("tbody", {}, rows)),
    el("div", { class: "pager" },
      el("button", { type: "button", disabled: offset === 0 ? "" : null, onclick: () => load(Math.max(0, offset - PAGE)) }, "‹ Previous"),
      el("button", { type: "button", disabled: page.next_offset === null ? "" : null, onclick: () => load(page.next_offset) }, "Next ›")));
  summarise(page.items);
}

// Counts over the page shown: the busiest speakers and the kinds of attribution.
function summarise(items) {
  const count = (key, rows = items) => rows.reduce((m, s) => m.set(key(s), (m.get(key(s)) || 0) + 1), new Map());
  const table = (map) => el("table", {}, el("tbody", {}, [...map].sort((a, b) => b[1] - a[1]).slice(0, 10)
    .map(([k, n]) => el("tr", {}, el("td", {}, k), el("td", {}, String(n))))));
  document.getElementById("top").replaceChildren(
    table(count((s) => speakerLabel(s), items.filter((s) => !unresolved(s)))));
  document.getElementById("kinds").replaceChildren(table(count((s) => s.kind)));
}

setup();
