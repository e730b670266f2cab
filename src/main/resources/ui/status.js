// The status page: polls status.json next to it and redraws. Every server string goes into the
// page as text (textContent), never as markup.
"use strict";

const REFRESH_MS = 3000;
let latestTools = [];

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  for (const [name, value] of Object.entries(attrs || {})) {
    node.setAttribute(name, String(value));
  }
  return node;
}

function row(cells) {
  const tr = el("tr");
  for (const cell of cells) {
    tr.appendChild(cell instanceof Node ? cell : el("td", cell));
  }
  return tr;
}

function fill(tbody, rows, emptyText, columns) {
  tbody.replaceChildren();
  if (rows.length === 0) {
    tbody.appendChild(row([el("td", emptyText, { colspan: columns, class: "detail" })]));
  }
  rows.forEach(r => tbody.appendChild(r));
}

function text(id, value) {
  document.getElementById(id).textContent = value === undefined || value === null ? "" : String(value);
}

function ago(iso) {
  if (!iso) {
    return "never";
  }
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return duration(seconds) + " ago";
}

function duration(seconds) {
  if (seconds < 120) {
    return seconds + " s";
  }
  if (seconds < 7200) {
    return Math.round(seconds / 60) + " min";
  }
  return Math.round(seconds / 3600) + " h";
}

function backendRow(b) {
  const health = el("td", b.health, { class: "health", "data-health": b.health });
  if (!b.routable) {
    health.appendChild(el("div", "not routed", { class: "detail" }));
  }
  const name = el("td", b.name);
  if (b.url) {
    name.appendChild(el("div", b.url, { class: "detail" }));
  }
  if (b.auth && b.auth.type !== "unauthenticated") {
    name.appendChild(el("div", "auth " + b.auth.type + (b.auth.header ? ": " + b.auth.header + " from " + b.auth.from : ""),
      { class: "detail" }));
  }
  (b.headers || []).forEach(h => name.appendChild(el("div", "header " + h.name + " from " + h.from, { class: "detail" })));
  const probe = b.lastProbe ? ago(b.lastProbe) + (b.latencyMs === null ? "" : " (" + b.latencyMs + " ms)") : "not yet";
  const error = el("td", b.lastError || b.errorCategory || "");
  if (b.consecutiveFailures > 0) {
    error.appendChild(el("div", b.consecutiveFailures + " failed probe(s) in a row", { class: "detail" }));
  }
  return row([name, health, b.transport || "", b.tools, b.circuit, probe, error]);
}

function renderConfig(config) {
  const dl = document.getElementById("config");
  dl.replaceChildren();
  const entries = [["Name", config.name], ["Group", config.group || "(none)"], ["Mode", config.mode], ["File", config.source],
    ["Conflict resolution", config.conflictResolution + (config.prefixFormat ? " (" + config.prefixFormat + ")" : "")],
    ["Loaded", config.loadedAt ? config.loadedAt + " (" + ago(config.loadedAt) + ")" : "not yet"]];
  for (const [label, value] of entries) {
    if (value !== undefined) {
      dl.appendChild(el("dt", label));
      dl.appendChild(el("dd", value));
    }
  }
  const notRouted = document.getElementById("not-routed");
  notRouted.replaceChildren();
  (config.notRouted || []).forEach(n => notRouted.appendChild(el("p", "Backend " + n.backend + " is not routed to: " + n.reason,
    { class: "error" })));

  const box = document.getElementById("rejected-box");
  const rejected = config.rejected;
  box.hidden = !rejected;
  if (rejected) {
    text("rejected-at", rejected.at + " (" + ago(rejected.at) + ")");
    const problems = document.getElementById("rejected-problems");
    problems.replaceChildren();
    (rejected.problems || ["see the gateway's log or its management port"]).forEach(p => problems.appendChild(el("li", p)));
  }
}

function renderTools() {
  const filter = document.getElementById("tool-filter").value.trim().toLowerCase();
  const shown = latestTools.filter(t => !filter || t.name.toLowerCase().includes(filter) || t.backend.toLowerCase().includes(filter));
  fill(document.querySelector("#tools tbody"), shown.map(t => row([t.name, t.backend, t.originalName])), "no tools", 3);
  text("tool-count", filter ? "(" + shown.length + " of " + latestTools.length + ")" : "(" + latestTools.length + ")");
}

function renderSessions(sessions) {
  text("session-count", "(" + sessions.count + (sessions.list.length < sessions.count ? ", newest " + sessions.list.length + " shown" : "") + ")");
  fill(document.querySelector("#sessions tbody"), sessions.list.map(s => row([s.id || "—", duration(s.ageSeconds),
    duration(s.idleSeconds), s.backends.length ? s.backends.join(", ") : "none yet"])), "no client sessions", 4);
}

function render(doc) {
  text("gateway-version", doc.gateway.name + " " + doc.gateway.version);
  const phase = document.getElementById("phase");
  phase.textContent = doc.gateway.phase + ": " + doc.gateway.message;
  phase.setAttribute("data-phase", doc.gateway.phase);
  text("updated", new Date(doc.generatedAt).toLocaleTimeString());
  text("audience", doc.audience);
  text("backend-count", "(" + doc.backends.length + ")");
  fill(document.querySelector("#backends tbody"), doc.backends.map(backendRow), "no backends", 7);
  renderConfig(doc.config);
  latestTools = doc.tools;
  renderTools();
  renderSessions(doc.sessions);
}

async function refresh() {
  const problem = document.getElementById("fetch-error");
  try {
    const response = await fetch("status.json", { cache: "no-store" });
    if (!response.ok) {
      throw new Error("status.json answered HTTP " + response.status);
    }
    render(await response.json());
    problem.hidden = true;
  } catch (e) {
    problem.textContent = "Could not refresh: " + e.message;
    problem.hidden = false;
  }
}

document.getElementById("tool-filter").addEventListener("input", renderTools);
refresh();
setInterval(refresh, REFRESH_MS);
