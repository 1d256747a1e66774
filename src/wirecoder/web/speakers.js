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
    pager(page, load));
  summarise();
}

// Counts over every statement the filters keep (not just the page shown): the speakers
// quoted most and the kinds of attribution.
async function summarise() {
  const facets = await api("/statement-facets", formParams(form));
  const table = (rows, empty) => rows.length
    ? el("table", {}, el("tbody", {}, rows.map(([k, n]) =>
        el("tr", {}, el("td", {}, k), el("td", { class: "number" }, fmt(n))))))
    : el("p", { class: "muted" }, empty);
  document.getElementById("top").replaceChildren(table(
    facets.speakers.map((s) => [s.name, s.count]), "no named speaker among these statements"));
  document.getElementById("kinds").replaceChildren(table(
    Object.entries(facets.kind), "no statement matches these filters"));
}

setup();
