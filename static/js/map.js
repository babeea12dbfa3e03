// Maps: a progressive enhancement over the list and the addresses, which stay the main view.
// Without JavaScript, without Leaflet, or with no coordinates, the map box stays hidden.
// If the tile server cannot be reached the map shows the markers on a blank background.
// A [data-waymark-map] box draws either the GeoJSON at data-geojson (the search results) or
// the page's own [data-waymark-location] elements (a service page).
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-waymark-map]");
  if (!boxes.length || !window.L) return;

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popup(p) {
    var html = "";
    if (p.url) html += '<a class="govuk-link" href="' + escape(p.url) + '">' + escape(p.service) + "</a><br>";
    else if (p.service) html += "<strong>" + escape(p.service) + "</strong><br>";
    if (p.location) html += escape(p.location) + "<br>";
    if (p.address) html += escape(p.address) + " " + escape(p.postcode) + "<br>";
    if (p.distance_miles != null) html += escape(p.distance_miles) + " miles away<br>";
    if (p.directions_url) {
      html += '<a class="govuk-link" href="' + escape(p.directions_url) + '" rel="noopener external">Directions</a>';
    }
    return html;
  }

  function draw(box, features) {
    if (!features.length) return;
    box.hidden = false;
    if (box.getAttribute("data-icons")) L.Icon.Default.imagePath = box.getAttribute("data-icons");
    var map = L.map(box, { scrollWheelZoom: false });
    L.tileLayer(box.getAttribute("data-tiles"), {
      maxZoom: 19,
      attribution: box.getAttribute("data-attribution"),
    }).addTo(map);
    var bounds = [];
    features.forEach(function (f) {
      var lon = f.geometry.coordinates[0], lat = f.geometry.coordinates[1];
      var title = f.properties.service || f.properties.location || "Location";
      L.marker([lat, lon], { title: title, alt: title }).bindPopup(popup(f.properties)).addTo(map);
      bounds.push([lat, lon]);
    });
    map.fitBounds(bounds, { maxZoom: 15, padding: [24, 24] });
    box.setAttribute("data-feature-count", String(features.length));
    box.dispatchEvent(new CustomEvent("waymark:map-ready", { bubbles: true }));
  }

  function pagePoints() {
    return Array.prototype.map.call(document.querySelectorAll("[data-waymark-location]"), function (el) {
      return {
        type: "Feature",
        geometry: { type: "Point", coordinates: [parseFloat(el.dataset.lon), parseFloat(el.dataset.lat)] },
        properties: { location: el.dataset.name },
      };
    });
  }

  boxes.forEach(function (box) {
    var url = box.getAttribute("data-geojson");
    if (!url) {
      draw(box, pagePoints());
      return;
    }
    if (!window.fetch) return;
    fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { features: [] }; })
      .then(function (data) {
        draw(box, data.features || []);
        var caption = document.querySelector("[data-waymark-map-caption]");
        if (caption && data.features && data.features.length) {
          caption.hidden = false;
          if (data.truncated) caption.textContent = "The map shows the first " + data.features.length + " places. The list has every result.";
        }
      })
      .catch(function () { /* the list is still there */ });
  });
})();
