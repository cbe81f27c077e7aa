// corresp web UI: keyboard shortcuts only; every page works without this script.
// "/" focuses the search box, "j"/"k" move between comment pairs, Ctrl+Enter submits the check form.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target && e.target.id === "text") {
      e.preventDefault();
      e.target.form.submit();
      return;
    }
    if (typing(e) || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "/") {
      var q = document.getElementById("q");
      if (q) { e.preventDefault(); q.focus(); q.select(); }
    } else if (e.key === "j" || e.key === "k") {
      var pairs = Array.prototype.slice.call(document.querySelectorAll(".pair"));
      if (!pairs.length) return;
      var i = pairs.indexOf(document.activeElement);
      i = e.key === "j" ? Math.min(i + 1, pairs.length - 1) : Math.max(i - 1, 0);
      pairs[i].focus();
      pairs[i].scrollIntoView({ block: "start" });
    }
  });
  var at = document.getElementById("at");
  if (at) at.focus();
})();
