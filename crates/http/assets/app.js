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
  // "Copy citation": the citation is in the button's data-cite; the clipboard API when the page
  // may use it, else a selected text field and execCommand; the status line says which worked.
  document.addEventListener("click", function (e) {
    var b = e.target && e.target.closest && e.target.closest("button.copy-cite");
    if (!b) return;
    var text = b.getAttribute("data-cite") || "";
    var status = b.parentNode.querySelector(".cite-status");
    function say(msg) { if (status) status.textContent = msg; }
    function fallback() {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.className = "sr";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.body.removeChild(ta);
      say(ok ? "Citation copied." : "Copy this citation: " + text);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say("Citation copied."); }, fallback);
    } else {
      fallback();
    }
  });
  var at = document.getElementById("at");
  if (at) at.focus();
})();
