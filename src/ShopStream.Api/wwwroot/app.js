// ShopStream dashboard: polls the API every few seconds and draws plain SVG charts (no libraries, nothing from a CDN).
"use strict";

const params = new URLSearchParams(location.search);
// At most an hour: a browser's timer takes 32-bit milliseconds, and a larger delay fired at once, again and again.
// 1 to 3600 seconds, more capped at an hour (a browser's timer fires at once past 2^31 ms); 0, negative or not a
// number, the default (-5 was taken as 1 s).
const askedRefresh = Number(params.get("refresh"));
const refreshSeconds = askedRefresh >= 1 ? Math.min(3600, askedRefresh) : 5;
const minutesShown = 240;
const svgNs = "http://www.w3.org/2000/svg";
const int = new Intl.NumberFormat("en-US");
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const small = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 }); // grid steps such as 0.025 stay distinct

// The read key comes from the page's form only, never from the URL, where history and proxy logs would keep it.
let readKey = localStorage.getItem("shopstream.readKey") || "";

async function api(path) {
  const headers = readKey ? { "X-Read-Key": readKey } : {};
  const response = await fetch(path, { headers, cache: "no-store" });
  // 429 with a key: wrong keys are over their shared limit, so this one is wrong too (the right key is never held back).
  if (response.status === 401 || response.status === 403 || (response.status === 429 && readKey)) {
    document.getElementById("key-form").hidden = false;
    throw new Error(response.status === 401 ? "read key required" : "read key rejected");
  }
  if (response.status === 503) return null; // no run loaded yet
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

document.getElementById("key-form").addEventListener("submit", event => {
  event.preventDefault();
  readKey = document.getElementById("key").value.trim();
  localStorage.setItem("shopstream.readKey", readKey);
  document.getElementById("key-form").hidden = true;
  refresh();
});

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function hhmm(iso) { return iso.slice(11, 16); }

// A time label: the hour and minute, and the day too when the axis crosses midnight (UTC).
function timeLabel(iso, spansDays) { return spansDays ? `${iso.slice(5, 10)} ${hhmm(iso)}` : hhmm(iso); }

// A time series as an area line (kind "line") or columns (kind "bars") on a time axis (minutes without events
// are gaps at zero, not squeezed out), with y grid lines on round steps and a few time labels.
function drawSeries(target, points, { color, kind, format }) {
  target.replaceChildren();
  const width = 600, height = 150, left = 46, right = 10, top = 8, bottom = 22;
  target.dataset.points = String(points.length);
  if (points.length === 0) {
    target.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "no data yet"));
    return;
  }
  const minute = 60000;
  const t0 = Date.parse(points[0].t), t1 = Date.parse(points[points.length - 1].t) + minute;
  const step = niceCeiling((Math.max(...points.map(p => p.y), 0) || 1) / 4), top4 = step * 4;
  const plotW = width - left - right, plotH = height - top - bottom;
  const x = t => left + ((t - t0) / (t1 - t0)) * plotW;
  const y = v => top + plotH - (v / top4) * plotH;
  for (let g = 0; g <= 4; g++) {
    const gy = y(step * g);
    target.append(svg("line", { x1: left, x2: width - right, y1: gy, y2: gy, class: g === 0 ? "axis" : "grid" }));
    target.append(svg("text", { x: left - 6, y: gy + 4, "text-anchor": "end", class: "tick" }, format(step * g)));
  }
  const spansDays = new Date(t0).toISOString().slice(0, 10) !== new Date(t1 - 1).toISOString().slice(0, 10);
  // Labels on round times, at most six (four with dates, which are wider): each a whole number of a step of 1, 2, 5,
  // 10, 15 or 30 minutes or 1, 2, 3, 6, 12 or 24 hours (UTC), wherever the data begins. Dividing the span from its
  // first minute put them on odd times (01:29, 01:59, 02:29); whole minutes keep one label a minute at most.
  const span = Math.max(1, Math.round((t1 - t0) / minute));
  const most = spansDays ? 4 : 6;
  const stepMinutes = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].find(s => span / s < most) ?? 1440 * Math.ceil(span / 1440 / (most - 1));
  const stepMs = stepMinutes * minute;
  const half = spansDays ? 34 : 16; // half a label's width: nearer an edge than that, it is anchored to the edge
  for (let t = Math.ceil(t0 / stepMs) * stepMs; t <= t1; t += stepMs) {
    const px = x(t);
    const anchor = px - left < half ? "start" : width - right - px < half ? "end" : "middle";
    target.append(svg("text", { x: px, y: height - 5, "text-anchor": anchor, class: "tick" }, timeLabel(new Date(t).toISOString(), spansDays)));
  }
  if (kind === "bars") {
    const w = Math.max(1, (plotW * minute) / (t1 - t0) - 1);
    for (const p of points) {
      const bar = svg("rect", { x: x(Date.parse(p.t)), y: y(p.y), width: w, height: Math.max(0, y(0) - y(p.y)), fill: color, rx: 1 });
      bar.append(svg("title", {}, `${timeLabel(p.t, spansDays)}  ${format(p.y)}`));
      target.append(bar);
    }
    return;
  }
  // Fill the minutes without a window with zero so the line drops instead of bridging the gap.
  const filled = [];
  const byTime = new Map(points.map(p => [Date.parse(p.t), p.y]));
  for (let t = t0; t < t1; t += minute) filled.push([t + minute / 2, byTime.get(t) ?? 0]);
  const line = filled.map(([t, v], i) => `${i ? "L" : "M"}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join("");
  const first = x(filled[0][0]), last = x(filled[filled.length - 1][0]);
  target.append(svg("path", { d: `${line}L${last},${y(0)}L${first},${y(0)}Z`, fill: color, "fill-opacity": "0.12" }));
  target.append(svg("path", { d: line, fill: "none", stroke: color, "stroke-width": "2", "stroke-linejoin": "round" }));
}

function niceCeiling(v) {
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= v - 1e-9) return step * magnitude;
  return 10 * magnitude;
}

// Horizontal bars: [{name, value, text, color}], scaled to the largest.
function drawBars(target, rows) {
  target.replaceChildren();
  target.dataset.rows = String(rows.length);
  const max = Math.max(...rows.map(r => r.value), 0) || 1;
  for (const r of rows) {
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    const fill = el("div", { class: "fill" });
    fill.style.width = `${(100 * r.value) / max}%`;
    fill.style.background = r.color;
    const track = el("div", { class: "track" });
    track.append(fill);
    const num = el("span", { class: "num" }, r.text);
    if (r.note) num.append(" ", el("small", {}, r.note));
    const row = el("div", { class: "bar" });
    row.append(el("span", { class: "name", title: r.name }, r.name), track, num);
    target.append(row);
  }
}

function renderSummary(summary) {
  for (const node of document.querySelectorAll("[data-summary]")) {
    const value = summary ? summary[node.dataset.summary] : undefined;
    node.textContent = value === undefined ? "–" : node.dataset.summary === "revenue" ? money.format(value) : int.format(value);
  }
}

const rateOf = (rate, base) => (base > 0 ? pct.format(rate) : "–");

function renderFunnel(funnel) {
  const target = document.getElementById("funnel");
  if (!funnel) return drawBars(target, []);
  drawBars(target, [
    { name: "views", value: funnel.views, text: int.format(funnel.views), color: "var(--blue)" },
    // A rate of nothing (the API answers 0) is shown as none: "purchases 12 0%" beside a full bar, for a shop whose
    // events were all purchases, read as no conversion at all.
    { name: "carts", value: funnel.carts, text: int.format(funnel.carts), note: rateOf(funnel.view_to_cart_rate, funnel.views), color: "var(--violet)" },
    { name: "purchases", value: funnel.purchases, text: int.format(funnel.purchases), note: rateOf(funnel.view_to_purchase_rate, funnel.views), color: "var(--green)" },
    { name: "abandoned", value: funnel.abandoned_sessions, text: int.format(funnel.abandoned_sessions), note: rateOf(funnel.cart_abandonment_rate, funnel.carts), color: "var(--amber)" },
  ]);
}

const segmentColors = { high_value: "var(--green)", converting: "var(--blue)", interested: "var(--violet)", active_browser: "var(--amber)", casual: "#9aa3b5" };

function renderSegments(segments) {
  drawBars(document.getElementById("segments"), (segments?.segments ?? []).map(s => ({
    name: s.segment.replace("_", " "), value: s.users, text: int.format(s.users), note: pct.format(s.share), color: segmentColors[s.segment] ?? "var(--blue)",
  })));
}

function renderProducts(products) {
  const body = document.querySelector("#products tbody");
  body.replaceChildren();
  for (const p of products?.items ?? []) {
    const row = el("tr");
    row.append(el("td", {}, p.rank), el("td", {}, p.product_id), el("td", { class: "num" }, int.format(p.views)),
      el("td", { class: "num" }, int.format(p.purchases)), el("td", { class: "num" }, money.format(p.revenue)));
    body.append(row);
  }
}

function renderAlerts(alerts) {
  const body = document.querySelector("#alerts tbody");
  body.replaceChildren();
  const items = alerts?.items ?? [];
  if (items.length === 0) {
    const row = el("tr");
    row.append(el("td", { colspan: 5, class: "muted" }, "no alerts"));
    body.append(row);
  }
  for (const a of items) {
    const type = el("td");
    type.append(el("span", { class: `tag ${a.type}` }, a.type.replace("_", " ")));
    const row = el("tr");
    row.append(type, el("td", {}, a.key || "shop"), el("td", {}, `${a.window_start.slice(5, 10)} ${hhmm(a.window_start)}–${hhmm(a.window_end)}`),
      el("td", { class: "num" }, compact.format(a.observed)), el("td", { class: "num" }, compact.format(a.expected)));
    body.append(row);
  }
}

// The collector's rate as seen at each refresh (the API keeps no history): the last 120 samples.
const collectorSamples = [];

// `collected`: the events the collector has taken since it started; with a rate of zero in every sample, "no events
// yet" only before the first (it said so beside "collected 2,006 events since start").
function drawSpark(target, samples, collected) {
  target.replaceChildren();
  const width = 300, height = 120, pad = 6;
  const max = Math.max(...samples, 0);
  const top = max > 0 ? niceCeiling(max) : 1;
  target.dataset.points = String(samples.length);
  target.append(svg("text", { x: pad, y: 14, class: "tick" }, max > 0 ? `max ${compact.format(top)}` : collected > 0 ? "none lately" : "no events yet"));
  target.append(svg("text", { x: width - pad, y: 14, "text-anchor": "end", class: "tick" }, `now ${(samples.at(-1) ?? 0).toFixed(1)}`));
  if (samples.length < 2) return;
  const x = i => pad + (i * (width - 2 * pad)) / (samples.length - 1);
  const y = v => height - pad - (v / top) * (height - 28);
  const line = samples.map((v, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join("");
  target.append(svg("path", { d: `${line}L${x(samples.length - 1)},${y(0)}L${x(0)},${y(0)}Z`, fill: "#7a5af8", "fill-opacity": "0.15" }));
  target.append(svg("path", { d: line, fill: "none", stroke: "#7a5af8", "stroke-width": "2" }));
}

function events(n) { return `${int.format(n)} event${n === 1 ? "" : "s"}`; }

function age(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 90) return `${Math.round(seconds)} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  return `${(seconds / 3600).toFixed(1)} h ago`;
}

function renderPipeline(p) {
  const target = document.getElementById("pipeline");
  target.replaceChildren();
  const rejected = Object.entries(p.rejected_by_reason).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${int.format(n)}`).join(", ");
  const facts = [
    ["store", p.store.ready ? "run loaded" : "waiting for a run", p.store.ready ? "good" : "bad"],
    ["last checkpoint", age(p.checkpoint_age_seconds)],
    ["run events read", int.format(p.events_read)],
    ["rejected", rejected || "none", rejected ? "bad" : "good"],
    ["late events", int.format(p.late_events)],
    ["log", `${events(p.log.events)} in ${p.log.partitions} partitions`],
    [`lag (${p.log.consumer_group})`, `${events(p.log.lag)} not processed`, p.log.lag > 0 ? "bad" : "good"],
    ["collected", `${events(p.collector.events_appended)} since start`],
    ["collector refusals", int.format(p.collector.requests_rejected), p.collector.requests_rejected ? "bad" : ""],
  ];
  if (p.store.last_error) facts.push(["last load error", p.store.last_error, "bad"]);
  collectorSamples.push(p.collector.events_per_second);
  if (collectorSamples.length > 120) collectorSamples.shift();
  drawSpark(document.getElementById("collector-chart"), collectorSamples, p.collector.events_appended);
  for (const [name, value, cls] of facts) target.append(el("dt", {}, name), el("dd", cls ? { class: cls } : {}, value));
  const status = document.getElementById("status");
  // "live" while a pipeline runs (run or process --serve), else the run loaded from the folder: a finished run's
  // numbers were badged "live".
  const running = p.live && !p.live.finished;
  status.textContent = running ? "live" : p.store.ready ? "run loaded" : "no run yet";
  status.className = `status ${running || p.store.ready ? "ready" : "loading"}`;
  document.getElementById("source").textContent = p.store.source;
}

async function refresh() {
  try {
    const [summary, minutes, funnel, segments, products, alerts, pipeline] = await Promise.all([
      api("/api/summary"), api(`/api/metrics/minute?last=${minutesShown}`), api("/api/funnel"), api("/api/segments"),
      api("/api/products/top?by=revenue&limit=5"), api("/api/alerts?limit=50"), api("/api/pipeline"),
    ]);
    renderSummary(summary);
    const windows = minutes?.items ?? [];
    drawSeries(document.getElementById("events-chart"), windows.map(w => ({ t: w.window_start, y: w.events / 60 })),
      { color: "#2f6fed", kind: "line", format: v => (v < 10 ? small.format(v) : compact.format(v)) });
    drawSeries(document.getElementById("revenue-chart"), windows.map(w => ({ t: w.window_start, y: w.revenue })),
      { color: "#1f9d63", kind: "bars", format: v => (v < 10 ? small.format(v) : compact.format(v)) }); // 0.25, not "0.3"
    renderFunnel(funnel);
    renderSegments(segments);
    renderProducts(products);
    renderAlerts(alerts);
    renderPipeline(pipeline);
    document.getElementById("updated").textContent = `updated ${new Date().toLocaleTimeString("en-GB")} · every ${refreshSeconds} s`;
    document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
  } catch (error) {
    const status = document.getElementById("status");
    status.textContent = error.message;
    status.className = "status error";
  }
}

refresh();
setInterval(refresh, refreshSeconds * 1000);
