// The timeout warning: two minutes before the idle sign-out, a dialog offers to stay signed in.
// When the time is up the page reloads, and the server (which decides) signs the person out.
const dialog = document.getElementById("session-timeout");

if (dialog) {
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warnAfter = Math.max(idle - 2 * 60 * 1000, 0);
  let warnTimer;
  let outTimer;

  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(outTimer);
    warnTimer = setTimeout(() => dialog.showModal(), warnAfter);
    outTimer = setTimeout(() => window.location.reload(), idle + 1000);
  };

  dialog.querySelector(".sm-timeout__stay").addEventListener("submit", async (event) => {
    event.preventDefault();
    const response = await fetch(event.target.action, {
      method: "POST",
      body: new FormData(event.target),
      credentials: "same-origin",
    });
    if (response.ok) {
      dialog.close();
      schedule();
    }
  });

  schedule();
}
