// "Use my location" and an optional pin map for Weave's place fields.
//
// Progressive enhancement: without this script the ward list works on its own (WCAG 2.5.7, no dragging
// needed). With it, the browser's location or a click on the map fills the hidden lat/lng fields, which
// the server checks and keeps private. Nothing here reads or writes user-supplied text.
(function () {
  "use strict";

  function setPoint(root, lat, lng, message) {
    root.querySelector("[data-weave-lat]").value = lat.toFixed(6);
    root.querySelector("[data-weave-lng]").value = lng.toFixed(6);
    var status = root.querySelector("[data-weave-location-status]");
    if (status) { status.textContent = message; }
  }

  function wardCentre(root) {
    var select = document.getElementById(root.getAttribute("data-ward-select"));
    var centres = {};
    try { centres = JSON.parse(root.getAttribute("data-ward-centres") || "{}"); } catch (e) { centres = {}; }
    return (select && centres[select.value]) || null;
  }

  function startMap(root) {
    var element = root.querySelector("[data-weave-pin-map]");
    var tiles = root.getAttribute("data-tiles-url");
    if (!element || !window.L || !tiles) { if (element) { element.hidden = true; } return; }
    // Before a ward is chosen the map shows all the council's wards (community.places.wards_view).
    var view = null;
    try { view = JSON.parse(root.getAttribute("data-map-centre") || "null"); } catch (e) { view = null; }
    var zoom = parseInt(root.getAttribute("data-map-zoom"), 10);
    var ward = wardCentre(root);
    if (!ward && !view) { element.hidden = true; return; }
    var startZoom = (ward || isNaN(zoom)) ? 14 : zoom;
    var map = window.L.map(element, { keyboard: true }).setView(ward || view, startZoom);
    window.L.tileLayer(tiles, { attribution: root.getAttribute("data-tiles-attribution") || "" }).addTo(map);
    var marker = null;
    function place(latlng, message) {
      if (marker) { marker.setLatLng(latlng); } else {
        marker = window.L.marker(latlng, { draggable: true, keyboard: false }).addTo(map);
        marker.on("dragend", function () {
          var p = marker.getLatLng();
          setPoint(root, p.lat, p.lng, "Pin moved. We will use the pin as your place.");
        });
      }
      setPoint(root, latlng.lat, latlng.lng, message);
    }
    map.on("click", function (event) { place(event.latlng, "Pin placed. We will use the pin as your place."); });
    var select = document.getElementById(root.getAttribute("data-ward-select"));
    if (select) {
      select.addEventListener("change", function () {
        var centre = wardCentre(root);
        if (centre) { map.setView(centre, 14); }
      });
    }
    var lat = parseFloat(root.querySelector("[data-weave-lat]").value);
    var lng = parseFloat(root.querySelector("[data-weave-lng]").value);
    if (!isNaN(lat) && !isNaN(lng)) { place(window.L.latLng(lat, lng), "Your pin is on the map."); map.setView([lat, lng], 15); }
    root.weaveMap = { place: place, map: map };
  }

  function start(root) {
    root.querySelector(".weave-location__enhanced").hidden = false;
    var button = root.querySelector("[data-weave-locate]");
    if (!("geolocation" in navigator)) { button.hidden = true; } else {
      button.addEventListener("click", function () {
        var status = root.querySelector("[data-weave-location-status]");
        status.textContent = "Finding your location…";
        navigator.geolocation.getCurrentPosition(function (position) {
          var c = position.coords;
          if (root.weaveMap) {
            root.weaveMap.place(window.L.latLng(c.latitude, c.longitude), "We found your location and put a pin there.");
            root.weaveMap.map.setView([c.latitude, c.longitude], 15);
          } else {
            setPoint(root, c.latitude, c.longitude, "We found your location.");
          }
        }, function () {
          status.textContent = "We could not find your location. Choose your ward from the list instead.";
        }, { enableHighAccuracy: false, timeout: 10000 });
      });
    }
    startMap(root);
  }

  function init() {
    var roots = document.querySelectorAll("[data-weave-location]");
    for (var i = 0; i < roots.length; i++) { start(roots[i]); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
