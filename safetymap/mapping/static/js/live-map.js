// Live map: while a map is open in a meeting, fetch what others have added or changed every
// 1.5 seconds and show it, without reloading the page or losing the reader's place.
// Without JavaScript the page still works: reload to see others' changes.
const columns = document.getElementById("map-columns");
const status = document.getElementById("map-live-status");
const url = columns && columns.dataset.liveUrl;

async function refresh() {
  const response = await fetch(`${url}?token=${encodeURIComponent(columns.dataset.token)}`, {
    headers: { "X-Requested-With": "live-map" },
    credentials: "same-origin",
  });
  if (response.status !== 200) return;
  const data = await response.json();
  const focused = document.activeElement && columns.contains(document.activeElement)
    ? document.activeElement.getAttribute("href") : null;
  columns.innerHTML = data.html;
  columns.dataset.token = data.token;
  if (focused) {
    const again = columns.querySelector(`a[href="${CSS.escape(focused)}"]`);
    if (again) again.focus();
  }
  status.textContent = data.announcement;
}

if (url) {
  setInterval(() => { refresh().catch(() => {}); }, 1500);
}
