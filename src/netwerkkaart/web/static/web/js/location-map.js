/*
 * Location map: the list of an initiative's locations ([data-location-list]), drawn on a small map.
 *
 * Markup: <figure data-location-map hidden> with a <div data-location-map-canvas>; the list items with
 * coordinates carry data-location ("main" or "extra"), data-latitude, data-longitude and data-label. The
 * list stays the way to the locations: without JavaScript, Leaflet or coordinates the figure stays
 * hidden. The basemap comes from the settings (data-tile-url), as on the map of initiatives; without it
 * the map shows the labour-market region outlines on a plain background and loads nothing from other
 * origins. The map itself takes no keyboard focus (nothing to do there that the list does not offer):
 * Tab moves from the list past the zoom buttons to the rest of the page.
 */
(function () {
  "use strict";

  var MAX_ZOOM_WITH_TILES = 12;
  var MAX_ZOOM_PLAIN = 9;

  function prefersReducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function locationsOf(list) {
    var found = [];
    list.querySelectorAll("[data-location]").forEach(function (item) {
      var latitude = parseFloat(item.dataset.latitude);
      var longitude = parseFloat(item.dataset.longitude);
      if (isFinite(latitude) && isFinite(longitude)) {
        found.push({
          latlng: window.L.latLng(latitude, longitude),
          label: item.dataset.label || "",
          main: item.dataset.location === "main",
        });
      }
    });
    return found;
  }

  function drawOutlines(map, url, attribution) {
    window
      .fetch(url, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (collection) {
        if (!collection || !collection.features || collection.features.length === 0) {
          return;
        }
        map.attributionControl.addAttribution(attribution);
        window.L.geoJSON(collection, {
          interactive: false,
          style: function () {
            return { className: "nk-location-map__region", weight: 1 };
          },
        })
          .addTo(map)
          .bringToBack();
      })
      .catch(function () {
        // The outlines are a backdrop only; the locations are drawn without them.
      });
  }

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function enhance(figure) {
    var canvas = figure.querySelector("[data-location-map-canvas]");
    var list = document.querySelector("[data-location-list]");
    if (!canvas || !list || !window.L) {
      return;
    }
    var locations = locationsOf(list);
    if (locations.length === 0) {
      return;
    }
    figure.hidden = false;
    var text = figure.dataset;
    var animate = !prefersReducedMotion();
    var map = window.L.map(canvas, {
      keyboard: false,
      scrollWheelZoom: false,
      zoomControl: false,
      zoomAnimation: animate,
      fadeAnimation: animate,
      markerZoomAnimation: animate,
    });
    window.L.control.zoom({ zoomInTitle: text.textZoomIn, zoomOutTitle: text.textZoomOut }).addTo(map);
    map.attributionControl.setPrefix(false);
    if (text.tileUrl) {
      window.L.tileLayer(text.tileUrl, { attribution: text.tileAttribution, maxZoom: 18 }).addTo(map);
    } else if (text.outlinesUrl && window.fetch) {
      drawOutlines(map, text.outlinesUrl, text.outlinesAttribution);
    }
    var bounds = window.L.latLngBounds([]);
    // Further locations first, so that the main location is drawn on top of them.
    locations
      .slice()
      .sort(function (a, b) {
        return Number(a.main) - Number(b.main);
      })
      .forEach(function (location) {
        window.L.circleMarker(location.latlng, {
          radius: location.main ? 9 : 7,
          className: "nk-location-marker" + (location.main ? "" : " nk-location-marker--extra"),
          interactive: false,
        })
          .bindTooltip(label(location.label), { permanent: true, direction: "right", offset: [10, 0] })
          .addTo(map);
        bounds.extend(location.latlng);
      });
    map.fitBounds(bounds, {
      padding: [40, 40],
      maxZoom: text.tileUrl ? MAX_ZOOM_WITH_TILES : MAX_ZOOM_PLAIN,
    });
    figure.dataset.locationMapReady = String(locations.length);
  }

  function start() {
    document.querySelectorAll("[data-location-map]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
