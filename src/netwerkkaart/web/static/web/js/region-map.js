/*
 * Region map: progressive enhancement of the table of initiatives per labour-market region.
 *
 * Markup: <figure data-region-map hidden> with a <div data-region-map-canvas data-geojson-url="...">.
 * Without JavaScript, or when Leaflet or the data cannot be loaded, the figure stays hidden and the
 * table remains the way to the regions. No basemap tiles: only the region outlines are drawn, so the
 * map works offline and loads nothing from other origins.
 */
(function () {
  "use strict";

  // Steps of the legend: 0, 1, 2-3, 4-7, 8-15, 16+.
  function stepFor(count) {
    if (!count) {
      return 0;
    }
    return Math.min(5, Math.floor(Math.log2(count)) + 1);
  }

  function prefersReducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function draw(figure, canvas, collection) {
    if (!collection.features || collection.features.length === 0) {
      return;
    }
    figure.hidden = false;
    var animate = !prefersReducedMotion();
    var map = window.L.map(canvas, {
      zoomSnap: 0.25,
      scrollWheelZoom: false,
      zoomAnimation: animate,
      fadeAnimation: animate,
      markerZoomAnimation: animate,
    });
    map.attributionControl.setPrefix(false);
    if (canvas.dataset.attribution) {
      map.attributionControl.addAttribution(canvas.dataset.attribution);
    }
    var layer = window.L.geoJSON(collection, {
      style: function (feature) {
        return {
          className: "nk-map__region nk-map-step-" + stepFor(feature.properties.count),
          weight: 1,
        };
      },
      onEachFeature: function (feature, shape) {
        shape.bindTooltip(feature.properties.label, { sticky: true });
        shape.on("click", function () {
          window.location.assign(feature.properties.url);
        });
      },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    canvas.dataset.regionMapReady = String(collection.features.length);
  }

  function enhance(figure) {
    var canvas = figure.querySelector("[data-region-map-canvas]");
    if (!canvas || !window.L || !window.fetch) {
      return;
    }
    window
      .fetch(canvas.dataset.geojsonUrl, {
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
        draw(figure, canvas, collection);
      })
      .catch(function () {
        figure.hidden = true;
      });
  }

  function start() {
    document.querySelectorAll("[data-region-map]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
