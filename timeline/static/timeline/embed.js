/* Draws the public timeline with TimelineJS, from the page's own /api/timeline/ address.
   Progressive enhancement: without JavaScript (or TimelineJS) the list below stays as it is. */
(function () {
  "use strict";

  function draw() {
    var element = document.getElementById("timeline-embed");
    if (!element || typeof window.TL === "undefined") {
      return;
    }
    element.hidden = false;
    new window.TL.Timeline(element, element.dataset.timelineUrl, {
      script_path: element.dataset.scriptPath,
      // Fonts come from the site's stylesheet: TimelineJS would fetch them from a CDN.
      font: null,
      hash_bookmark: false,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
