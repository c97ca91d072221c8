// Draws every chart of a notebook page with the plotly.js served beside it: each chart is a
// div holding its figure as JSON (pages.py), so the page runs no inline script.
document.querySelectorAll("div.plotly-figure").forEach(function (div) {
  var figure = JSON.parse(div.dataset.figure);
  var config = Object.assign({ responsive: true, displaylogo: false }, figure.config || {});
  window.Plotly.newPlot(div, figure.data, figure.layout, config);
});
