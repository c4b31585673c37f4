/*
 * Weave's map behaviour, shared by every map document that maps/base.py builds.
 *
 * The document holds no data: a <script type="application/json"> element lists the layers to load from
 * the API, and this script fetches their GeoJSON and draws it. Post titles and group names are user
 * text, so everything built from a feature is made with createElement and textContent — never
 * innerHTML, never a Leaflet HTML string — and links are only ever same-site paths.
 *
 * Plain ES2017, no build step. maps/base.py documents the layer options.
 */
(function () {
  "use strict";

  var MOVE_DELAY_MS = 250;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function asText(value) {
    return value === undefined || value === null ? "" : String(value);
  }

  // A path on this site ("/needs/12"), never "javascript:", "data:", "//elsewhere" or "https://...".
  function safePath(value) {
    if (typeof value !== "string" || !/^\/(?![\/\\])/.test(value)) {
      return null;
    }
    var url = new URL(value, window.location.href);
    return url.origin === window.location.origin ? url.pathname + url.search + url.hash : null;
  }

  function cssToken(value) {
    return asText(value).toLowerCase().replace(/[^a-z0-9-]/g, "-").slice(0, 40);
  }

  function format(template, count) {
    return asText(template).replace("{count}", count.toLocaleString("en-GB"));
  }

  // --- popups, legends and the status line ----------------------------------------------------------

  function buildPopup(properties, spec) {
    var box = el("div", "weave-popup");
    if (spec.heading) {
      box.appendChild(el("h2", "weave-popup__heading", asText(properties[spec.heading])));
    }
    var rows = (spec.rows || []).filter(function (row) {
      return asText(properties[row.property]) !== "";
    });
    if (rows.length) {
      var list = el("dl", "weave-popup__facts");
      rows.forEach(function (row) {
        list.appendChild(el("dt", "weave-popup__label", row.label));
        list.appendChild(el("dd", "weave-popup__value", asText(properties[row.property])));
      });
      box.appendChild(list);
    }
    if (spec.link) {
      var href = safePath(properties[spec.link.property]);
      if (href) {
        var text = spec.link.text_property ? properties[spec.link.text_property] : spec.link.text;
        var link = el("a", "weave-popup__link", asText(text) || "Open");
        link.href = href;
        // The map lives in an iframe: the detail page belongs in the whole window.
        link.target = "_top";
        box.appendChild(link);
      }
    }
    return box;
  }

  function addLegend(map, spec) {
    var legend = L.control({ position: "topright" });
    legend.onAdd = function () {
      var box = el("div", "weave-legend");
      if (spec.title) {
        box.appendChild(el("p", "weave-legend__title", spec.title));
      }
      var list = el("ul", "weave-legend__items");
      (spec.items || []).forEach(function (item) {
        var entry = el("li", "weave-legend__item");
        var key = el("span", "weave-legend__key");
        key.setAttribute("aria-hidden", "true");
        if (item.marker_class) {
          key.classList.add("weave-legend__key--marker", "weave-marker--" + cssToken(item.marker_class));
        } else if (item.dashed !== undefined) {
          key.classList.add("weave-legend__key--line");
          if (item.dashed) {
            key.classList.add("weave-legend__key--dashed");
          }
          key.style.borderTopColor = asText(item.colour);
        } else {
          key.style.backgroundColor = asText(item.colour);
        }
        entry.appendChild(key);
        entry.appendChild(el("span", "weave-legend__label", item.label));
        list.appendChild(entry);
      });
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legend.addTo(map);
  }

  function StatusLine(map) {
    var control = L.control({ position: "bottomleft" });
    var box = el("div", "weave-status");
    box.setAttribute("role", "status");
    control.onAdd = function () {
      return box;
    };
    control.addTo(map);
    this.messages = {};
    this.set = function (name, message) {
      this.messages[name] = message;
      var text = Object.keys(this.messages)
        .map(function (key) {
          return this.messages[key];
        }, this)
        .filter(Boolean)
        .join(" ");
      box.textContent = text;
      box.hidden = text === "";
    };
  }

  // --- layers --------------------------------------------------------------------------------------

  function popupFor(feature, spec) {
    return function () {
      return buildPopup(feature.properties || {}, spec.popup);
    };
  }

  function pointsLayer(spec) {
    // Ward counts share the cluster group with the posts, so that no two targets ever overlap.
    var markers = spec.cluster ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    if (spec.cluster) {
      // Posts from one place share a public point and open out around it: bring them into full view.
      markers.on("spiderfied", function (event) {
        var map = markers._map;
        if (map) {
          map.panTo(event.cluster.getLatLng());
        }
      });
    }
    var countProperty = spec.count_label_property || "label";
    // Clusters counted by the server (kind "cluster") are drawn on their own, never clustered again.
    var serverClusters = L.featureGroup();

    function markerFor(feature, latlng) {
      var properties = feature.properties || {};
      var label = asText(properties[spec.label_property || "label"]);
      var classes = ["weave-marker"];
      if (spec.class_property && properties[spec.class_property] !== undefined) {
        classes.push("weave-marker--" + cssToken(properties[spec.class_property]));
      }
      if (spec.highlight_property && properties[spec.highlight_property]) {
        classes.push("weave-marker--highlight");
      }
      var icon = new L.Icon.Default({ className: classes.join(" ") });
      // Leaflet sets title and alt as DOM properties, so user text here is never parsed as HTML.
      return L.marker(latlng, { icon: icon, title: label, alt: label, keyboard: true });
    }

    function aggregateFor(feature, latlng) {
      var properties = feature.properties || {};
      var badge = el("span", "weave-aggregate__count", properties.count_text || properties.count);
      var label = asText(properties[countProperty]);
      // DivIcon accepts an element: nothing is parsed as HTML.
      var icon = L.divIcon({ html: badge, className: "weave-aggregate", iconSize: [40, 40] });
      return L.marker(latlng, { icon: icon, title: label, keyboard: true });
    }

    // A cluster is a count of posts in one cell of the server's grid: selecting it (a click, or Enter on
    // the focused marker) zooms the map to the cell, where the posts come one by one or in smaller groups.
    function clusterFor(feature, latlng) {
      var properties = feature.properties || {};
      var count = Number(properties.posts) || 0;
      var badge = el("span", "weave-cluster__count", properties.count_text || count);
      var size = count < 10 ? 32 : count < 100 ? 40 : 48;
      var icon = L.divIcon({ html: badge, className: "weave-cluster", iconSize: [size, size] });
      var marker = L.marker(latlng, { icon: icon, title: asText(properties.label), keyboard: true });
      // The badge holds only the number: the whole sentence is the button's name.
      marker.on("add", function () {
        var element = marker.getElement();
        if (element) {
          element.setAttribute("aria-label", asText(properties.label));
        }
      });
      function zoomIn() {
        var map = marker._map;
        var box = properties.bbox;
        if (!map) {
          return;
        }
        if (Array.isArray(box) && box.length === 4) {
          map.fitBounds([[box[1], box[0]], [box[3], box[2]]]);
        } else {
          map.setView(latlng, map.getZoom() + 2);
        }
      }
      marker.on("click", zoomIn);
      // Leaflet turns Enter on a marker into a popup, not a click: a button answers Enter and Space.
      marker.on("keypress", function (event) {
        var key = event.originalEvent && event.originalEvent.key;
        if (key === "Enter" || key === " ") {
          L.DomEvent.preventDefault(event.originalEvent);
          zoomIn();
        }
      });
      return marker;
    }

    // Markers are kept by what they show, so a reload that finds the same posts changes nothing on the
    // map: an open popup stays open and a spiderfied cluster stays spread out.
    var shown = new Map();

    function keyOf(feature) {
      return JSON.stringify([feature.geometry.coordinates, feature.properties || {}]);
    }

    return {
      layers: [markers, serverClusters],
      bounds: function () {
        var bounds = L.latLngBounds([]);
        shown.forEach(function (marker) {
          bounds.extend(marker.getLatLng());
        });
        return bounds;
      },
      show: function (features) {
        var next = new Map();
        var added = [];
        features.forEach(function (feature) {
          var geometry = feature.geometry || {};
          if (geometry.type !== "Point" || !Array.isArray(geometry.coordinates)) {
            return;
          }
          var key = keyOf(feature);
          if (next.has(key)) {
            return;
          }
          var marker = shown.get(key);
          if (!marker) {
            var latlng = L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
            var kind = (feature.properties || {}).kind;
            if (kind === "cluster") {
              marker = clusterFor(feature, latlng);
              marker.weaveServerCluster = true;
              serverClusters.addLayer(marker);
              next.set(key, marker);
              return;
            }
            marker = kind === "aggregate" ? aggregateFor(feature, latlng) : markerFor(feature, latlng);
            if (spec.popup) {
              marker.bindPopup(popupFor(feature, spec));
            }
            added.push(marker);
          }
          next.set(key, marker);
        });
        var removed = [];
        shown.forEach(function (marker, key) {
          if (next.has(key)) {
            return;
          }
          if (marker.weaveServerCluster) {
            serverClusters.removeLayer(marker);
          } else {
            removed.push(marker);
          }
        });
        if (spec.cluster) {
          // Only touch the cluster group when something changed: any change closes a spiderfied cluster.
          if (removed.length) {
            markers.removeLayers(removed);
          }
          if (added.length) {
            markers.addLayers(added);
          }
        } else {
          removed.forEach(function (marker) {
            markers.removeLayer(marker);
          });
          added.forEach(function (marker) {
            markers.addLayer(marker);
          });
        }
        shown = next;
      },
    };
  }

  function choroplethColour(spec, value) {
    if (!spec) {
      return null;
    }
    if (spec.colours) {
      return spec.colours[asText(value)] || spec.default_colour || null;
    }
    var colour = spec.default_colour || null;
    (spec.steps || []).forEach(function (step) {
      if (typeof value === "number" && value >= step[0]) {
        colour = step[1];
      }
    });
    return colour;
  }

  function shapesLayer(spec) {
    var base = Object.assign({ weight: 2, opacity: 0.9, fillOpacity: 0.45 }, spec.style || {});
    var group = L.geoJSON(null, {
      style: function (feature) {
        var properties = feature.properties || {};
        var style = Object.assign({}, base);
        if (spec.kind === "polygons" && spec.choropleth) {
          var fill = choroplethColour(spec.choropleth, properties[spec.choropleth.property]);
          if (fill) {
            style.fillColor = fill;
          }
        }
        if (spec.colour_property && spec.colours) {
          style.color = spec.colours[asText(properties[spec.colour_property])] || style.color;
        }
        if (spec.dashed_property && properties[spec.dashed_property]) {
          style.dashArray = "8 6";
        }
        return style;
      },
      onEachFeature: function (feature, layer) {
        if (spec.popup) {
          layer.bindPopup(popupFor(feature, spec));
        }
      },
    });
    return {
      layers: [group],
      bounds: function () {
        return group.getBounds();
      },
      show: function (features) {
        group.clearLayers();
        group.addData({ type: "FeatureCollection", features: features });
      },
    };
  }

  // --- loading --------------------------------------------------------------------------------------

  // A quarter more than the view on each side, so that small pans (and popups panning the map into
  // view) need no new request.
  var PADDING = 0.25;

  function clamp(value, limit) {
    return Math.max(-limit, Math.min(limit, value));
  }

  function bboxOf(bounds) {
    return [
      clamp(bounds.getWest(), 180),
      clamp(bounds.getSouth(), 90),
      clamp(bounds.getEast(), 180),
      clamp(bounds.getNorth(), 90),
    ]
      .map(function (n) {
        return n.toFixed(5);
      })
      .join(",");
  }

  function Layer(map, spec, status, progress) {
    var drawing = spec.kind === "points" ? pointsLayer(spec) : shapesLayer(spec);
    drawing.layers.forEach(function (layer) {
      layer.addTo(map);
    });
    var controller = null;
    var fitted = false;
    // What the last complete answer covered; a view inside it needs no reload unless it was cut short.
    var loaded = null;
    var statusText = spec.status || {};
    // A layer may silence a message with an empty string, so only a missing one takes the default.
    function said(key, fallback) {
      return Object.prototype.hasOwnProperty.call(statusText, key) ? asText(statusText[key]) : fallback;
    }
    var self = this;
    this.count = 0;

    this.load = function (moved) {
      // Clusters depend on the zoom; posts one by one stay right when zooming in.
      if (moved && loaded && !loaded.truncated && loaded.bounds.contains(map.getBounds()) &&
          (!loaded.clustered || loaded.zoom === map.getZoom())) {
        return;
      }
      var path = safePath(spec.url);
      if (!path) {
        status.set(spec.name, "This map's data address is not on this site, so it was not loaded.");
        return;
      }
      var url = new URL(path, window.location.href);
      var bounds = map.getBounds().pad(PADDING);
      if (spec.refetch_on_move) {
        url.searchParams.set("bbox", bboxOf(bounds));
        url.searchParams.set("zoom", String(Math.max(0, Math.round(map.getZoom()))));
      }
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      progress.start();
      fetch(url.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/geo+json, application/json" },
        signal: controller.signal,
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          var features = Array.isArray(data.features) ? data.features : [];
          drawing.show(features);
          self.count = features.length;
          loaded = { bounds: bounds, truncated: Boolean(data.truncated), clustered: Boolean(data.clustered),
            zoom: map.getZoom() };
          var message;
          if (data.clustered && features.length) {
            message = format(said("clustered", "{count} in this part of the map, in groups: zoom in to see them."),
              Number(data.total) || 0);
          } else if (data.truncated) {
            message = format(said("truncated", "Showing the first {count}. Zoom in to see the rest."),
              features.length);
          } else if (features.length === 0) {
            message = said("none", "Nothing to show here.");
          } else if (features.length === 1) {
            message = said("one", "1 place shown.");
          } else {
            message = format(said("other", "{count} places shown."), features.length);
          }
          status.set(spec.name, message);
          if (spec.fit && !fitted && features.length) {
            fitted = true;
            map.fitBounds(drawing.bounds(), { maxZoom: 15, padding: [20, 20] });
          }
          progress.finish("loaded");
        })
        .catch(function (error) {
          if (error.name === "AbortError") {
            progress.finish("aborted");
            return;
          }
          status.set(spec.name, "The map could not load its data. The list beside the map shows the same.");
          progress.finish("failed");
        });
    };
  }

  // data-weave-state on the map element says "loading" while any fetch is out or the map is moving, then
  // "loaded" or "failed" (what a test, or anything else embedding the map, can wait for).
  function Progress(container) {
    var pending = 0;
    var failed = false;
    this.start = function () {
      pending += 1;
      container.setAttribute("data-weave-state", "loading");
    };
    this.finish = function (outcome) {
      pending = Math.max(0, pending - 1);
      failed = failed || outcome === "failed";
      if (pending === 0) {
        container.setAttribute("data-weave-state", failed ? "failed" : "loaded");
        failed = false;
        container.dispatchEvent(new CustomEvent("weave:loaded"));
      }
    };
  }

  function attach(map, configId) {
    var source = document.getElementById(configId);
    var config = JSON.parse(source.textContent);
    var status = new StatusLine(map);
    var progress = new Progress(map.getContainer());
    var layers = (config.layers || []).map(function (spec) {
      if (spec.legend) {
        addLegend(map, spec.legend);
      }
      return new Layer(map, spec, status, progress);
    });
    var timer = null;
    // A move (a pan, a zoom, a fit, a popup panning itself into view) is work in progress until the reload
    // it may cause has begun, so "loaded" means the map is at rest: nothing under the pointer is about to
    // move or be redrawn.
    var moving = false;
    map.on("movestart", function () {
      if (!moving) {
        moving = true;
        progress.start();
      }
    });
    map.on("moveend", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        layers.forEach(function (layer, index) {
          if (config.layers[index].refetch_on_move) {
            layer.load(true);
          }
        });
        if (moving) {
          moving = false;
          progress.finish("moved");
        }
      }, MOVE_DELAY_MS);
    });
    layers.forEach(function (layer) {
      layer.load(false);
    });
    var attached = { map: map, layers: layers };
    instances.push(attached);
    return attached;
  }

  // Every map attached on this page, for a page script (or a test) that wants to reach the Leaflet map.
  var instances = [];

  window.WeaveMap = { attach: attach, buildPopup: buildPopup, safePath: safePath, instances: instances };
})();
