// Keeps the upload page's progress up to date without a manual refresh; reloads when done.
(function () {
  var holder = document.querySelector("[data-progress-url]");
  if (!holder || !window.fetch) return;
  var url = holder.getAttribute("data-progress-url");
  var text = document.getElementById("upload-progress");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.finished) { window.location.reload(); return; }
        text.textContent = state.progress + "% done" + (state.detail ? ": " + state.detail : "");
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
