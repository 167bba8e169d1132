// Live map: while a map is open in a meeting, fetch what others have added or changed every
// 1.5 seconds (danger statements and safety goals, the three columns, the scale) and show it,
// without reloading the page or losing the reader's place or keyboard focus.
// Without JavaScript the page still works: reload to see others' changes.
const live = document.getElementById("map-live");
const status = document.getElementById("map-live-status");
const url = live && live.dataset.liveUrl;

function sections() {
  return Array.from(document.querySelectorAll("[data-live-section]"));
}

async function refresh() {
  const response = await fetch(`${url}?token=${encodeURIComponent(live.dataset.token)}`, {
    headers: { "X-Requested-With": "live-map" },
    credentials: "same-origin",
  });
  if (response.status !== 200) return;
  const data = await response.json();
  const active = document.activeElement;
  const focusedHref = active && sections().some((s) => s.contains(active))
    ? active.getAttribute("href") : null;
  const openDetails = new Set(
    Array.from(document.querySelectorAll("[data-live-section] details[open]")).map((d) => d.id),
  );
  for (const section of sections()) {
    const html = data.sections[section.dataset.liveSection];
    if (html !== undefined) section.innerHTML = html;
  }
  for (const id of openDetails) {
    const details = id && document.getElementById(id);
    if (details) details.open = true;
  }
  if (focusedHref) {
    const again = document.querySelector(
      `[data-live-section] a[href="${CSS.escape(focusedHref)}"]`,
    );
    if (again) again.focus();
  }
  live.dataset.token = data.token;
  status.textContent = data.announcement;
}

if (url) {
  setInterval(() => { refresh().catch(() => {}); }, 1500);
}
