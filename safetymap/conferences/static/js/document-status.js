// A conference document being prepared: check every 2 seconds and, once it is ready (or has
// failed), show the new status in place. The region is aria-live="polite", so a screen reader
// hears the change; focus and the reader's place are not moved, and nothing reloads.
// Without JavaScript the page has a "Check again" button.
const region = document.getElementById("document-status");
const INTERVAL_MS = 2000;
const GIVE_UP_AFTER = 150; // 5 minutes; then "Check again" still works

async function check(tries) {
  if (!region || region.dataset.documentStatus !== "PREPARING" || tries > GIVE_UP_AFTER) return;
  try {
    const response = await fetch(window.location.pathname, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "document-status" },
    });
    if (response.status === 200) {
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("document-status");
      if (fresh && fresh.dataset.documentStatus !== "PREPARING") {
        region.innerHTML = fresh.innerHTML;
        region.dataset.documentStatus = fresh.dataset.documentStatus;
        return;
      }
    }
  } catch {
    // The network dropped: keep trying quietly; the button still works.
  }
  window.setTimeout(() => check(tries + 1), INTERVAL_MS);
}

window.setTimeout(() => check(1), INTERVAL_MS);
