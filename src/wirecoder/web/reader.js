// Article reader: the text with excluded regions greyed and every coded item
// highlighted; clicking an item lights its words and shows its fields.
"use strict";

const params = new URLSearchParams(location.search);
let record = null;

async function setup() {
  nav("reader");
  await ontology();
  const search = document.getElementById("search");
  search.addEventListener("submit", (e) => { e.preventDefault(); listArticles(search.text.value); });
  watchStore(() => listArticles(search.text.value));
  await listArticles("");
  const id = params.get("id") || (document.querySelector("#articles a") || {}).dataset?.id;
  if (id) await openArticle(id, params.get("event"));
}

async function listArticles(text) {
  const page = await api("/articles", { text, limit: 200 });
  document.getElementById("articles").replaceChildren(...page.items.map((a) => el("a", {
      href: `?id=${encodeURIComponent(a.id)}`, "data-id": a.id,
      class: a.id === params.get("id") ? "here" : "" },
    el("div", {}, a.title || a.id),
    el("div", { class: "muted" }, `${a.published || ""} ${a.source || ""} · ${a.n_events} events` +
                                  (a.duplicate_of ? " · copy" : "")))));
}

// Every highlighted range: what it is (class) and which item it belongs to (key).
function marks(r) {
  const out = [];
  const add = (span, key, cls = "") => { if (span) out.push({ start: span[0], end: span[1], key, cls }); };
  r.excluded.forEach((x, i) => add(x.span, `ex${i}`, "excluded"));
  for (const e of r.entities) for (const m of e.mentions) add(m, e.id, "entity");
  for (const s of r.statements) {
    add(s.content.span, s.id, "statement"); add(s.cue.span, s.id); add(s.speaker.span, s.id);
  }
  for (const e of r.events) {
    add(e.trigger.span, e.id, "event");
    for (const m of e.mentions || []) add(m, e.id, "event");
    for (const p of [...e.actor, ...e.recipient]) add(p.span, e.id);
    if (e.location) add(e.location.span, e.id);
    if (e.date) add(e.date.span, e.id);
  }
  for (const f of r.figures) add(f.span, f.id, "figure");
  return out;
}

function renderText(text, ranges) {
  const cuts = new Set([0, text.length]);
  for (const m of ranges) { cuts.add(m.start); cuts.add(m.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const target = document.getElementById("text");
  target.replaceChildren();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = ranges.filter((m) => m.start <= a && m.end >= b);
    const piece = text.slice(a, b);
    if (!covering.length) { target.append(piece); continue; }
    target.append(el("span", {
      class: [...new Set(covering.map((m) => m.cls).filter(Boolean))].join(" "),
      "data-keys": covering.map((m) => m.key).join(" ") }, piece));
  }
}

async function openArticle(id, selected) {
  const body = await api(`/articles/${encodeURIComponent(id)}`);
  record = body.record;
  document.getElementById("title").textContent = record.title || record.id;
  document.getElementById("meta").textContent = [record.published, record.source, record.url,
    body.duplicate_of ? `copy of ${body.duplicate_of}` : null].filter(Boolean).join(" · ");
  renderText(record.text, marks(record));
  const entity = (eid) => record.entities.find((e) => e.id === eid);
  const items = [
    ...record.events.map((e) => ({ key: e.id, label: [typeTag(e.type), ` ${names(e.actor) || "?"} → ${e.trigger.text} → ${names(e.recipient) || "?"}`],
                                   fields: () => eventFields(e, body.incidents[e.id]) })),
    ...record.statements.map((s) => ({ key: s.id, label: [el("b", {}, speakerName(s, entity)), `: “${s.content.text.slice(0, 80)}”`],
                                       fields: () => statementFields(s, entity) })),
    ...record.figures.map((f) => ({ key: f.id, label: [`${f.kind}: ${f.text}`, f.source ? "" : el("span", { class: "flag" }, " no source")],
                                    fields: () => figureFields(f, entity) })),
  ];
  document.getElementById("items").replaceChildren(...items.map((item) =>
    el("div", { class: "item", "data-key": item.key, onclick: () => select(item) }, item.label)));
  const first = items.find((i) => i.key === selected);
  if (first) select(first);
}

function select(item) {
  document.querySelectorAll(".lit").forEach((n) => n.classList.remove("lit"));
  document.querySelectorAll(".item.selected").forEach((n) => n.classList.remove("selected"));
  document.querySelectorAll(`#text span[data-keys~="${item.key}"]`).forEach((n) => n.classList.add("lit"));
  document.querySelector(`.item[data-key="${item.key}"]`)?.classList.add("selected");
  document.getElementById("fields").replaceChildren(fieldList(item.fields()));
  document.querySelector("#text .lit")?.scrollIntoView({ block: "center" });
}

function fieldList(pairs) {
  return el("dl", { class: "fields" }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function speakerName(s, entity) {
  const who = s.speaker.entity ? entity(s.speaker.entity) : null;
  return who && who.name !== s.speaker.text ? `${s.speaker.text} (${who.name})` : s.speaker.text;
}

function eventFields(e, incident) {
  const reporter = e.attributed_to ? record.statements.find((s) => s.id === e.attributed_to) : null;
  return [["type", typeTag(e.type)], ["mode", e.mode], ["context", (e.context || []).join(", ")],
    ["actor", names(e.actor) || "unknown"], ["trigger", e.trigger.text],
    ["recipient", names(e.recipient) || "—"],
    ["place", e.location ? `${e.location.text}${e.location.country ? " (" + e.location.country + ")" : ""}` : null],
    ["date", e.date ? `${e.date.value} (“${e.date.text}”)` : null], ["status", e.status],
    ["reported by", reporter ? speakerName(reporter, (id) => record.entities.find((x) => x.id === id)) : null],
    ["CAMEO", e.cameo], ["ACLED", e.acled ? `${e.acled.event_type} / ${e.acled.sub_event_type}` : null],
    ["size", Object.entries(e.size || {}).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(", ")],
    ["confidence", e.confidence], ["incident", incident ? el("a", { href: `/ui/figures.html?incident=${incident}` }, incident) : null]];
}

function statementFields(s, entity) {
  const who = s.speaker.entity ? entity(s.speaker.entity) : null;
  return [["kind", s.kind], ["speaker", s.speaker.text], ["resolved to", who ? who.name : null],
    ["role", who ? who.role : null], ["organisation", who && who.org ? (entity(who.org) || {}).name : null],
    ["cue", s.cue.text], ["date", s.date], ["content", s.content.text]];
}

function figureFields(f, entity) {
  const st = f.source ? record.statements.find((s) => s.id === f.source) : null;
  const source = st ? speakerName(st, entity) : f.source ? (entity(f.source) || {}).name : null;
  return [["kind", f.kind], ["value", f.low !== f.high ? `${f.low}–${f.high}` : f.value],
    ["words", f.text], ["approximate", f.approximate ? "yes" : null], ["subject", f.subject],
    ["place", f.location], ["date", f.date],
    ["source", source || el("span", { class: "flag" }, "none given")]];
}

setup();
