// The group form's side of the drawn-area map. The map lives in its own document (an iframe); the two
// talk only through postMessage, and only with this site's own origin:
//   map → page  {type: "weave:drawn-area:ready"}              the map has loaded: send it the current area
//   map → page  {type: "weave:drawn-area", geojson: "..."}    the shape changed: copy it into the textarea
//   page → map  {type: "weave:drawn-area:load", geojson: "..."} draw this area (typed or pasted by hand)
// The textarea is the real form field: keyboard and screen reader users can paste GeoJSON there, or
// leave it and choose wards from the list, which is the accessible default.
const frame = document.getElementById("drawn-area-map");
const field = document.getElementById("drawn_area");
const status = document.getElementById("drawn-area-status");

function send(message) {
  if (frame && frame.contentWindow) {
    frame.contentWindow.postMessage(message, window.location.origin);
  }
}

function loadIntoMap() {
  send({ type: "weave:drawn-area:load", geojson: field.value });
}

if (frame && field) {
  window.addEventListener("message", (event) => {
    if (event.origin !== window.location.origin || event.source !== frame.contentWindow) {
      return;
    }
    const data = event.data || {};
    if (data.type === "weave:drawn-area:ready") {
      loadIntoMap();
    } else if (data.type === "weave:drawn-area" && typeof data.geojson === "string") {
      field.value = data.geojson;
      if (status) {
        status.textContent = data.geojson
          ? "The area you drew has been copied into the drawn area box."
          : "The drawn area has been cleared.";
      }
    }
  });
  field.addEventListener("change", loadIntoMap);
  // The map may have loaded (and said it was ready) before this module ran: send the area now as well.
  loadIntoMap();
}
