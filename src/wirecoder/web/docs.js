// API documentation drawn from this server's OpenAPI description: every endpoint with
// its parameters and a form to try it, the answer shown below the form.
"use strict";

const MAX_SHOWN = 20000;  // characters of an answer shown; the link has all of it

// Optional parameters are described as anyOf [the type, null]: show the type.
function schemaOf(param) {
  const schema = param.schema || {};
  const inner = (schema.anyOf || []).find((s) => s.type !== "null");
  return { ...(inner || schema), default: schema.default };
}

function describeSchema(s) {
  const parts = [s.format ? `${s.type} (${s.format})` : s.type || "any"];
  if (s.enum) parts.push("one of " + s.enum.join(", "));
  if (s.pattern) parts.push("pattern " + s.pattern);
  if (s.minimum !== undefined) parts.push("at least " + s.minimum);
  if (s.maximum !== undefined) parts.push("at most " + s.maximum);
  if (s.minLength !== undefined || s.maxLength !== undefined) {
    parts.push(`${s.minLength ?? 0} to ${s.maxLength ?? "any number of"} characters`);
  }
  if (s.default !== undefined && s.default !== null) parts.push("default " + s.default);
  return parts.join("; ");
}

function parameterTable(params) {
  if (!params.length) return el("p", { class: "muted" }, "No parameters.");
  return el("table", {},
    el("thead", {}, el("tr", {}, ["name", "in", "type", "description"].map((h) => el("th", {}, h)))),
    el("tbody", {}, params.map((p) => el("tr", {},
      el("td", {}, el("code", {}, p.name), p.required ? " (required)" : ""),
      el("td", {}, p.in),
      el("td", {}, describeSchema(schemaOf(p))),
      el("td", {}, p.description || schemaOf(p).description || "")))));
}

function pretty(text) {
  try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (error) { /* not JSON */ }
  return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) + "\n…" : text;
}

function tryIt(path, params) {
  const answer = el("pre", { class: "answer" });
  const link = el("a", { class: "request" });
  const form = el("form", { class: "filters" },
    params.map((p) => el("label", {}, p.name,
      el("input", { name: p.name, size: 14, required: p.required ? "" : null }))),
    el("button", { type: "submit" }, "Try it"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    let url = path;
    const query = new URLSearchParams();
    for (const p of params) {
      const value = form.elements[p.name].value;
      if (!value) continue;
      if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(value));
      else query.set(p.name, value);
    }
    if (query.size) url += "?" + query;
    link.href = url;
    link.textContent = "GET " + url;
    answer.textContent = "…";
    try {
      const response = await fetch(url);
      answer.textContent = `${response.status} ${response.statusText}\n` + pretty(await response.text());
    } catch (error) {
      answer.textContent = String(error);
    }
  });
  return [form, el("p", {}, link), answer];
}

function operation(path, method, op) {
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-");
  const params = op.parameters || [];
  return el("section", { class: "panel operation", id },
    el("h2", {}, el("span", { class: "tag" }, method.toUpperCase()), " ", el("code", {}, path)),
    el("p", {}, op.summary || ""),
    (op.description || "").split("\n\n").map((text) => el("p", { class: "muted" }, text)),
    parameterTable(params),
    method === "get" ? tryIt(path, params) : []);
}

async function load() {
  nav("docs");
  const target = document.getElementById("operations");
  try {
    const response = await fetch("/openapi.json");
    const spec = await response.json();
    document.getElementById("title").textContent = `${spec.info.title} API ${spec.info.version}`;
    document.getElementById("about").textContent = spec.info.description || "";
    const sections = [];
    const toc = [];
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const section = operation(path, method, op);
        sections.push(section);
        toc.push(el("a", { href: "#" + section.id }, `${method.toUpperCase()} ${path}`));
      }
    }
    document.getElementById("toc").replaceChildren(...toc);
    target.replaceChildren(...sections);
  } catch (error) {
    showError(target, error);
  }
}

load();
