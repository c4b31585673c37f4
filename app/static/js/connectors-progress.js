// Keeps an analysis run's progress bar up to date by polling its small JSON status endpoint.
//
// The page works without this script: its "Check progress" link reloads the run's page. With it, the bar,
// the percentage and the stage move on their own, and a polite live region says when the stage changes
// and when the run ends (not every percent, which would talk over everything else).

const POLL_MS = 1000;

function watch(box) {
  const statusUrl = box.dataset.runStatusUrl;
  const bar = box.querySelector("[data-run-bar]");
  const percent = box.querySelector("[data-run-percent]");
  const stage = box.querySelector("[data-run-stage]");
  const announce = box.querySelector("[data-run-announce]");
  const check = box.querySelector("[data-run-check]");
  const done = box.querySelector("[data-run-done]");
  let lastStage = stage ? stage.textContent : "";

  if (check) {
    check.hidden = true;
  }

  function show(run) {
    bar.value = run.progress;
    bar.textContent = `${run.progress}%`;
    percent.textContent = `${run.progress}%`;
    stage.textContent = run.stage;
    box.dataset.runState = run.status;
    if (run.finished) {
      announce.textContent =
        run.status === "finished"
          ? "The analysis has finished."
          : `The analysis failed: ${run.error || "no reason was recorded"}.`;
      done.hidden = false;
      return false;
    }
    if (run.stage !== lastStage) {
      announce.textContent = `${run.progress}% done: ${run.stage}.`;
      lastStage = run.stage;
    }
    return true;
  }

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) {
          throw new Error(`HTTP ${response.status}`);
        }
        return response.json();
      })
      .then((run) => {
        if (show(run)) {
          window.setTimeout(poll, POLL_MS);
        }
      })
      .catch(() => {
        // Say so once and fall back to the link, rather than polling a server that is not answering.
        announce.textContent = "Progress could not be checked. Use the link to check it.";
        if (check) {
          check.hidden = false;
        }
      });
  }

  window.setTimeout(poll, POLL_MS / 2);
}

document.querySelectorAll("[data-run-status-url]").forEach(watch);
