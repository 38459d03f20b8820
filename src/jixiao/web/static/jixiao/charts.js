// Charts for the year overview: options are built on the server (review/stats.py) and read from a
// json_script element; echarts is the vendored copy (no CDN). SVG renderer: crisp when printed.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-options");
    if (!source || !window.echarts) { return; }
    var options = JSON.parse(source.textContent);
    var names = ["scores", "grades", "rates", "lowest", "findings"];
    names.forEach(function (name) {
      var box = document.getElementById("chart-" + name);
      if (!box || !options[name]) { return; }
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(options[name]);
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
