/*
 * Group maps' own behaviour, beside weave-map.js (which draws the data layers and builds popups with
 * textContent). This file connects Folium's Draw plugin to the page around the map: the drawn shapes go
 * to the parent page's form as GeoJSON text through postMessage, and a shape typed into the form is drawn
 * here. Messages are only sent to, and only accepted from, this site's own origin.
 *
 * Plain ES2017, no build step; loaded by maps/groups.py.
 */
(function () {
  "use strict";

  function post(message) {
    if (window.parent && window.parent !== window) {
      window.parent.postMessage(message, window.location.origin);
    }
  }

  function currentGeoJSON(drawnItems) {
    return drawnItems.getLayers().length ? JSON.stringify(drawnItems.toGeoJSON()) : "";
  }

  function load(map, drawnItems, text) {
    drawnItems.clearLayers();
    if (!text) {
      return;
    }
    var data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return;
    }
    try {
      // Each polygon becomes its own editable layer; anything else (points, lines) is left out.
      L.geoJSON(data, {
        filter: function (feature) {
          var type = (feature.geometry || feature).type;
          return type === "Polygon" || type === "MultiPolygon";
        },
      }).eachLayer(function (layer) {
        drawnItems.addLayer(layer);
      });
    } catch (error) {
      return;
    }
    if (drawnItems.getLayers().length) {
      map.fitBounds(drawnItems.getBounds(), { maxZoom: 15, padding: [20, 20] });
    }
  }

  function attachDraw(map, drawnItems) {
    function changed() {
      post({ type: "weave:drawn-area", geojson: currentGeoJSON(drawnItems) });
    }
    map.on("draw:created", function (event) {
      drawnItems.addLayer(event.layer);
      changed();
    });
    map.on("draw:edited draw:deleted", changed);
    window.addEventListener("message", function (event) {
      if (event.origin !== window.location.origin || event.source !== window.parent) {
        return;
      }
      var data = event.data || {};
      if (data.type === "weave:drawn-area:load" && typeof data.geojson === "string") {
        load(map, drawnItems, data.geojson);
      }
    });
    post({ type: "weave:drawn-area:ready" });
  }

  window.WeaveGroupsMap = { attachDraw: attachDraw };
})();
