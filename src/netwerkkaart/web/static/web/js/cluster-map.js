/*
 * Cluster map: progressive enhancement of the link to the list of initiatives.
 *
 * Markup: <div data-cluster-map data-clusters-url="..." data-query="..."> holding a hidden
 * <div data-cluster-map-canvas> and a <span data-cluster-map-status>. The server groups the
 * initiatives in grid cells for each zoom level and view (see map_selectors.py); this script only asks
 * for the cells of what is in view and draws them. Groups are buttons (zoom in) and single initiatives
 * are links, so both work with a keyboard and have a name for screen readers. Without a basemap URL
 * no tiles are loaded: the map shows the region outlines on a plain background.
 */
(function () {
  "use strict";

  var NETHERLANDS = [
    [50.75, 3.36],
    [53.55, 7.23],
  ];
  var MAX_ZOOM = 18;

  function prefersReducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function format(template, count) {
    return template.replace("{count}", count.toLocaleString(document.documentElement.lang || "nl"));
  }

  // Five steps of size, so that bigger groups catch the eye first.
  function sizeStep(count) {
    return Math.min(5, Math.max(1, Math.ceil(Math.log10(count + 1))));
  }

  function CellLayer(root, map) {
    this.root = root;
    this.map = map;
    this.text = root.dataset;
    this.layer = window.L.layerGroup().addTo(map);
    this.request = 0;
  }

  CellLayer.prototype.singleIcon = function (properties) {
    var link = document.createElement("a");
    link.className = "nk-marker nk-marker--single";
    link.href = properties.url;
    link.title = properties.name;
    var label = properties.name;
    if (properties.fictitious) {
      link.classList.add("nk-marker--fictitious");
      label += " (" + this.text.textFictitious + ")";
    }
    if (this.text.linkTarget) {
      link.target = this.text.linkTarget;
      link.rel = "noopener";
      label += " (" + this.text.textNewWindow + ")";
    }
    var name = document.createElement("span");
    name.className = "nk-visually-hidden";
    name.textContent = label;
    link.appendChild(name);
    return window.L.divIcon({ html: link, className: "nk-marker-icon", iconSize: [18, 18] });
  };

  CellLayer.prototype.clusterIcon = function (properties, latlng) {
    var map = this.map;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nk-marker nk-marker--cluster nk-marker--size-" + sizeStep(properties.count);
    button.textContent = properties.count.toLocaleString(document.documentElement.lang || "nl");
    button.setAttribute("aria-label", format(this.text.textCluster, properties.count));
    window.L.DomEvent.disableClickPropagation(button);
    button.addEventListener("click", function () {
      map.setView(latlng, Math.min(map.getZoom() + 2, MAX_ZOOM));
    });
    var size = 24 + 6 * sizeStep(properties.count);
    return window.L.divIcon({ html: button, className: "nk-marker-icon", iconSize: [size, size] });
  };

  CellLayer.prototype.draw = function (collection) {
    var self = this;
    // A group that was selected with the keyboard is removed with the old markers: the focus goes to the
    // map itself (its region, from where Tab reaches the new markers) instead of falling to the body.
    var container = self.map.getContainer();
    var active = document.activeElement;
    var hadFocus = Boolean(active && active.classList.contains("nk-marker") && container.contains(active));
    self.layer.clearLayers();
    collection.features.forEach(function (feature) {
      var coordinates = feature.geometry.coordinates;
      var latlng = window.L.latLng(coordinates[1], coordinates[0]);
      var icon =
        feature.properties.count === 1
          ? self.singleIcon(feature.properties)
          : self.clusterIcon(feature.properties, latlng);
      // Not Leaflet's own keyboard handling: the link or button inside the icon takes the focus.
      window.L.marker(latlng, { icon: icon, keyboard: false, interactive: false }).addTo(self.layer);
    });
    if (hadFocus && !container.contains(document.activeElement)) {
      container.focus({ preventScroll: true });
    }
    var status = self.root.querySelector("[data-cluster-map-status]");
    status.textContent =
      collection.total === 1 ? self.text.textOne : format(self.text.textMany, collection.total);
    self.root.dataset.clusterMapReady = String(collection.features.length);
  };

  CellLayer.prototype.load = function () {
    var self = this;
    var bounds = self.map.getBounds();
    var params = new URLSearchParams(self.text.query);
    params.set("zoom", String(self.map.getZoom()));
    params.set(
      "bbox",
      [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map(function (value) {
          return value.toFixed(5);
        })
        .join(",")
    );
    var number = ++self.request;
    window
      .fetch(self.text.clustersUrl + "?" + params.toString(), {
        headers: { Accept: "application/geo+json, application/json" },
        credentials: "same-origin",
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (collection) {
        // Only the answer to the newest request: the map may have moved on meanwhile.
        if (number === self.request) {
          self.draw(collection);
        }
      })
      .catch(function () {
        self.root.querySelector("[data-cluster-map-status]").textContent = self.text.textError;
      });
  };

  function drawOutlines(map, url, attribution) {
    window
      .fetch(url, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (collection) {
        if (!collection || !collection.features) {
          return;
        }
        map.attributionControl.addAttribution(attribution);
        window.L.geoJSON(collection, {
          interactive: false,
          style: function () {
            return { className: "nk-cluster-map__region", weight: 1 };
          },
        }).addTo(map);
      })
      .catch(function () {
        // The outlines are a backdrop only; the initiatives are drawn without them.
      });
  }

  function enhance(root) {
    var canvas = root.querySelector("[data-cluster-map-canvas]");
    if (!canvas || !window.L || !window.fetch || !window.URLSearchParams) {
      return;
    }
    canvas.hidden = false;
    var animate = !prefersReducedMotion();
    var map = window.L.map(canvas, {
      maxZoom: MAX_ZOOM,
      minZoom: 5,
      scrollWheelZoom: false,
      zoomAnimation: animate,
      fadeAnimation: animate,
      markerZoomAnimation: animate,
    });
    map.attributionControl.setPrefix(false);
    if (root.dataset.tileUrl) {
      window.L.tileLayer(root.dataset.tileUrl, {
        attribution: root.dataset.tileAttribution,
        maxZoom: MAX_ZOOM,
      }).addTo(map);
    } else {
      root.classList.add("nk-cluster-map--plain");
    }
    if (root.dataset.shapesUrl) {
      drawOutlines(map, root.dataset.shapesUrl, root.dataset.shapesAttribution);
    }
    // Leaflet's zoom buttons are links with role="button": a button is also pressed with the space bar.
    if (map.zoomControl) {
      map.zoomControl.getContainer().addEventListener("keydown", function (event) {
        if (event.key === " " && event.target.getAttribute("role") === "button") {
          event.preventDefault();
          event.target.click();
        }
      });
    }
    var cells = new CellLayer(root, map);
    map.on("moveend", function () {
      cells.load();
    });
    map.fitBounds(NETHERLANDS);
  }

  function start() {
    document.querySelectorAll("[data-cluster-map]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
