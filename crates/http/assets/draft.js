// corresp web UI, the "Draft a response" page (/draft).
// Posts a staff comment letter (file, pasted text or stored accession) to POST /api/v1/draft, lays
// out each comment with a box for its answer beside the precedents, keeps the answers (and the last
// draft) in localStorage, counts words, sentences and the Flesch-Kincaid grade of each answer, checks
// its figures with POST /api/v1/check, and downloads the response via POST /api/v1/draft/render.
// Letters are hostile input: every piece of their text goes into the page through textContent.
(function () {
  "use strict";

  var form = document.getElementById("draft-form");
  if (!form) return;
  var fileInput = document.getElementById("draft-file");
  var textInput = document.getElementById("draft-text");
  var precInput = document.getElementById("draft-precedents");
  var submitBtn = document.getElementById("draft-submit");
  var storedBtn = document.getElementById("draft-stored");
  var errorBox = document.getElementById("draft-error");
  var statusLine = document.getElementById("draft-status");
  var out = document.getElementById("draft-out");
  var title = document.getElementById("draft-title");
  var meta = document.getElementById("draft-meta");
  var list = document.getElementById("draft-sections");
  var closeBtn = document.getElementById("draft-close");
  var sourceBox = document.getElementById("draft-source-box");
  var accession = form.getAttribute("data-accession") || "";

  var LAST = "corresp.draft.last";
  var ANSWERS = "corresp.draft.answers.";
  var CHECK_DELAY = 600;

  var current = null; // { key, draft }
  var busy = false;

  // ---- small helpers -------------------------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function load(key) {
    try {
      var v = window.localStorage.getItem(key);
      return v ? JSON.parse(v) : null;
    } catch (e) {
      return null;
    }
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false;
    }
  }

  function forget(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* storage unavailable */ }
  }

  function showError(msg) {
    errorBox.textContent = msg;
    errorBox.hidden = false;
  }

  function clearError() {
    errorBox.textContent = "";
    errorBox.hidden = true;
  }

  function status(msg) {
    statusLine.textContent = msg;
  }

  // The one-line message of an API error: {"code", "message"} JSON, else the HTTP status.
  function errorMessage(res) {
    return res.text().then(function (t) {
      try {
        var j = JSON.parse(t);
        if (j && typeof j.message === "string" && j.message) return j.message;
      } catch (e) { /* not JSON */ }
      return "the server answered " + res.status + (res.statusText ? " " + res.statusText : "");
    });
  }

  // EDGAR links only: a URL from a letter is shown as a link when it is on www.sec.gov.
  function edgar(url) {
    return typeof url === "string" && url.indexOf("https://www.sec.gov/") === 0;
  }

  // FNV-1a of a string, hex: the key of a letter with no accession (its first comment's text).
  function hash(s) {
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  function keyOf(draft) {
    var sl = draft.staff_letter || {};
    if (sl.accession) return sl.accession;
    var first = draft.sections && draft.sections[0] ? (draft.sections[0].comment || []).join("\n") : "";
    return "text-" + hash(first);
  }

  var ANSWER_NAMES = {
    revised: "revised the filing",
    will_revise: "will revise future filings",
    declined: "declined (explained why no change)",
    provided_info: "provided information",
    mixed: "mixed"
  };

  function answerLabel(a) {
    if (!a || !a.answer_type) return null;
    if (a.answer_type === "mixed" && a.parts && a.parts.length) {
      return a.parts.map(function (p) { return ANSWER_NAMES[p] || p; }).join(" + ");
    }
    return ANSWER_NAMES[a.answer_type] || String(a.answer_type).replace(/_/g, " ");
  }

  function sectionLabel(s) {
    return s.number ? "Comment " + s.number : "Comment";
  }

  // ---- readability -----------------------------------------------------------------------------

  function syllables(word) {
    var w = word.toLowerCase().replace(/[^a-z]/g, "");
    if (!w) return 1; // a figure reads as one
    if (w.length <= 3) return 1;
    w = w.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, "").replace(/^y/, "");
    var groups = w.match(/[aeiouy]+/g);
    return groups ? groups.length : 1;
  }

  function readability(text) {
    var words = text.split(/\s+/).filter(function (w) { return /[A-Za-z0-9]/.test(w); });
    var n = words.length;
    if (!n) return { words: 0, sentences: 0, grade: null };
    var ends = text.match(/[.!?]+(?=\s|$)/g);
    var sentences = Math.max(1, ends ? ends.length : 0);
    var syl = 0;
    for (var i = 0; i < n; i++) syl += syllables(words[i]);
    var grade = 0.39 * (n / sentences) + 11.8 * (syl / n) - 15.59;
    return { words: n, sentences: sentences, grade: grade };
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // ---- answers ---------------------------------------------------------------------------------

  function answersKey() {
    return ANSWERS + current.key;
  }

  function saveAnswers() {
    if (!current) return;
    var a = {};
    var boxes = list.querySelectorAll("textarea.draft-answer");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].value) a[boxes[i].getAttribute("data-ordinal")] = boxes[i].value;
    }
    if (!save(answersKey(), a)) status("Answers could not be saved in this browser (storage full or off).");
  }

  function updateStats(box, statsEl) {
    var r = readability(box.value);
    statsEl.textContent = plural(r.words, "word", "words") + " · " + plural(r.sentences, "sentence", "sentences") +
      " · grade level " + (r.grade === null ? "–" : r.grade.toFixed(1));
  }

  // Figures: POST the answer to /api/v1/check after a pause in typing; only the latest answer counts.
  function checker(box, checkEl) {
    var timer = null;
    var seq = 0;
    var ctrl = null;
    function render(claims) {
      checkEl.textContent = "";
      if (!claims.length) {
        checkEl.className = "draft-check";
        return;
      }
      var bad = claims.filter(function (c) { return c.verdict === "inconsistent"; });
      var ok = claims.filter(function (c) { return c.verdict === "consistent"; }).length;
      var rest = claims.length - bad.length - ok;
      checkEl.className = "draft-check " + (bad.length ? "has-flags" : "all-hold");
      var summary = plural(claims.length, "figure", "figures") + " checked: " + ok + " hold";
      if (bad.length) summary += ", " + bad.length + " inconsistent";
      if (rest) summary += ", " + rest + " cannot be recomputed";
      checkEl.appendChild(el("p", "draft-check-summary", summary));
      if (bad.length) {
        var ul = el("ul", "draft-flags");
        bad.forEach(function (c) {
          var li = el("li", "draft-flag");
          li.appendChild(el("q", null, c.text));
          var unit = { percent_change: "%", share_of_total: "%", point_change: " points" }[c.kind] || "";
          function fig(x) { return typeof x === "number" ? x + unit : "–"; }
          li.appendChild(document.createTextNode(" states " + fig(c.stated) + ", the figures give " + fig(c.computed)));
          ul.appendChild(li);
        });
        checkEl.appendChild(ul);
      }
    }
    function run() {
      var text = box.value;
      var mine = ++seq;
      if (ctrl) ctrl.abort();
      if (!/\d/.test(text)) {
        render([]);
        return;
      }
      ctrl = typeof AbortController === "function" ? new AbortController() : null;
      fetch("/api/v1/check", {
        method: "POST",
        headers: { "Content-Type": "text/plain; charset=utf-8" },
        body: text,
        signal: ctrl ? ctrl.signal : undefined
      }).then(function (res) {
        if (!res.ok) return errorMessage(res).then(function (m) { throw new Error(m); });
        return res.json();
      }).then(function (j) {
        if (mine === seq) render((j && j.claims) || []);
      }).catch(function (e) {
        if (mine !== seq || (e && e.name === "AbortError")) return;
        checkEl.textContent = "";
        checkEl.className = "draft-check";
        checkEl.appendChild(el("p", "draft-check-error", "Figures not checked: " + e.message));
      });
    }
    return function (now) {
      clearTimeout(timer);
      if (now) run();
      else timer = setTimeout(run, CHECK_DELAY);
    };
  }

  // ---- rendering -------------------------------------------------------------------------------

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  function precedentItem(p) {
    var li = el("li", "precedent");
    var head = el("p", "precedent-head");
    head.appendChild(el("strong", null, p.company || "Unknown company"));
    var c = p.comment || {};
    var what = " · comment " + (c.number || c.ordinal || "?") + (c.date ? " of " + c.date : "");
    head.appendChild(document.createTextNode(what));
    li.appendChild(head);
    if (p.caption && p.caption.length) li.appendChild(el("p", "headings", p.caption.join(" › ")));
    if (p.comment_excerpt) li.appendChild(el("p", "precedent-excerpt", p.comment_excerpt));

    var chips = el("p", "chips");
    var label = answerLabel(p.answer);
    chips.appendChild(el("span", "badge" + (label ? " answer-" + p.answer.answer_type : ""),
      label ? "answered: " + label : "no answer on record"));
    chips.appendChild(el("span", "badge " + (p.followed_up ? "open" : "complete"),
      p.followed_up ? "followed up (round " + p.last_round + ")" : "not followed up"));
    if (p.review_days !== undefined && p.review_days !== null) {
      chips.appendChild(el("span", "badge", "review closed in " + p.review_days + " days"));
    } else if (p.closed_by === "open") {
      chips.appendChild(el("span", "badge", "review not closed on record"));
    } else if (p.closed_by === "review_complete") {
      chips.appendChild(el("span", "badge", "review closed"));
    }
    li.appendChild(chips);

    if (p.answer && p.answer.opening) {
      var fig = el("figure", "precedent-answer");
      fig.appendChild(el("figcaption", null, "Their answer opened:"));
      fig.appendChild(el("blockquote", null, p.answer.opening));
      li.appendChild(fig);
    }
    if (p.answer && p.answer.commitment) {
      var cm = el("p", "precedent-commitment");
      cm.appendChild(el("span", "label", "Commitment: "));
      cm.appendChild(document.createTextNode(p.answer.commitment));
      li.appendChild(cm);
    }
    if (p.citation) {
      var ci = el("p", "precedent-citation");
      ci.appendChild(el("span", "label", "Cite: "));
      ci.appendChild(el("cite", null, p.citation));
      li.appendChild(ci);
    }
    var links = el("p", "links");
    var parts = [];
    if (edgar(c.url)) parts.push(link(c.url, "Staff letter on EDGAR"));
    if (p.answer && p.answer.letter && edgar(p.answer.letter.url)) parts.push(link(p.answer.letter.url, "Response on EDGAR"));
    if (c.accession) parts.push(link("/letters/" + encodeURIComponent(c.accession), "Read it here"));
    parts.forEach(function (a, i) {
      if (i) links.appendChild(document.createTextNode(" · "));
      links.appendChild(a);
    });
    if (parts.length) li.appendChild(links);
    return li;
  }

  function sectionItem(s, i, answers) {
    var ord = String(s.ordinal || i + 1);
    var id = "answer-" + ord;
    var li = el("li", "draft-section");
    li.id = "s-" + ord;

    var main = el("div", "draft-main");
    if (s.headings && s.headings.length) main.appendChild(el("p", "headings", s.headings.join(" › ")));
    main.appendChild(el("h3", null, sectionLabel(s)));
    var comment = el("div", "draft-comment");
    (s.comment || []).forEach(function (para) { comment.appendChild(el("p", null, para)); });
    main.appendChild(comment);

    var lab = el("label", "draft-answer-label", "Response to " + sectionLabel(s).toLowerCase());
    lab.htmlFor = id;
    main.appendChild(lab);
    var box = el("textarea", "draft-answer");
    box.id = id;
    box.rows = 8;
    box.setAttribute("data-ordinal", ord);
    box.setAttribute("aria-describedby", id + "-stats " + id + "-check");
    box.value = answers[ord] !== undefined ? answers[ord] : (s.response || "");
    main.appendChild(box);
    var stats = el("p", "draft-stats");
    stats.id = id + "-stats";
    main.appendChild(stats);
    var check = el("div", "draft-check");
    check.id = id + "-check";
    check.setAttribute("aria-live", "polite");
    main.appendChild(check);
    li.appendChild(main);

    var aside = el("aside", "draft-precedents");
    aside.setAttribute("aria-label", "Precedents for " + sectionLabel(s).toLowerCase());
    aside.appendChild(el("h4", null, "How other companies answered"));
    var ps = s.precedents || [];
    if (ps.length) {
      var ol = el("ol", "precedent-list");
      ps.forEach(function (p) { ol.appendChild(precedentItem(p)); });
      aside.appendChild(ol);
    } else {
      aside.appendChild(el("p", "none", "No precedent found."));
    }
    li.appendChild(aside);

    var recheck = checker(box, check);
    updateStats(box, stats);
    if (box.value) recheck(true);
    box.addEventListener("input", function () {
      saveAnswers();
      updateStats(box, stats);
      recheck(false);
    });
    return li;
  }

  function show(draft, focus) {
    current = { key: keyOf(draft), draft: draft };
    var answers = load(ANSWERS + current.key) || {};
    var sl = draft.staff_letter || {};
    title.textContent = "Response to the staff letter" + (sl.date ? " of " + sl.date : "");
    meta.textContent = "";
    if (sl.company) meta.appendChild(document.createTextNode(sl.company));
    if (sl.accession) {
      if (meta.childNodes.length) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(link("/letters/" + encodeURIComponent(sl.accession), sl.accession));
    }
    if (edgar(sl.url)) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(link(sl.url, "on EDGAR"));
    }
    if (draft.re && draft.re.length) {
      if (meta.childNodes.length) meta.appendChild(document.createElement("br"));
      meta.appendChild(document.createTextNode("Re: " + draft.re.join("; ")));
    }
    list.textContent = "";
    (draft.sections || []).forEach(function (s, i) { list.appendChild(sectionItem(s, i, answers)); });
    out.hidden = false;
    if (sourceBox) sourceBox.open = false;
    var n = (draft.sections || []).length;
    status(plural(n, "comment", "comments") + " to answer.");
    if (focus) title.focus();
  }

  // ---- drafting --------------------------------------------------------------------------------

  function precedentsParam() {
    var n = parseInt(precInput.value, 10);
    return isNaN(n) ? "" : "?precedents=" + Math.max(0, Math.min(10, n));
  }

  function draftFrom(init) {
    if (busy) return;
    busy = true;
    clearError();
    submitBtn.disabled = true;
    if (storedBtn) storedBtn.disabled = true;
    out.setAttribute("aria-busy", "true");
    status("Drafting…");
    fetch("/api/v1/draft" + precedentsParam(), init).then(function (res) {
      if (!res.ok) return errorMessage(res).then(function (m) { throw new Error(m); });
      return res.json();
    }).then(function (draft) {
      if (!draft || !Array.isArray(draft.sections)) throw new Error("the server's answer is not a draft");
      save(LAST, draft);
      show(draft, true);
    }).catch(function (e) {
      status("");
      showError("Could not draft: " + (e && e.message ? e.message : String(e)));
    }).then(function () {
      busy = false;
      submitBtn.disabled = false;
      if (storedBtn) storedBtn.disabled = false;
      out.removeAttribute("aria-busy");
    });
  }

  function draftStored() {
    draftFrom({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ accession: accession })
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var file = fileInput.files && fileInput.files[0];
    if (file) {
      var fd = new FormData();
      fd.append("file", file, file.name);
      draftFrom({ method: "POST", body: fd });
    } else if (textInput.value.trim()) {
      draftFrom({
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: textInput.value })
      });
    } else {
      showError("Choose the staff letter's file or paste its text.");
      fileInput.focus();
    }
  });
  if (storedBtn) storedBtn.addEventListener("click", draftStored);

  closeBtn.addEventListener("click", function () {
    forget(LAST);
    current = null;
    list.textContent = "";
    out.hidden = true;
    if (sourceBox) sourceBox.open = true;
    status("Draft closed; its answers stay saved in this browser for the same letter.");
    (storedBtn || fileInput).focus();
  });

  // ---- downloads -------------------------------------------------------------------------------

  function filled() {
    var d = JSON.parse(JSON.stringify(current.draft));
    var boxes = list.querySelectorAll("textarea.draft-answer");
    var byOrd = {};
    for (var i = 0; i < boxes.length; i++) byOrd[boxes[i].getAttribute("data-ordinal")] = boxes[i].value;
    (d.sections || []).forEach(function (s, i) {
      var v = byOrd[String(s.ordinal || i + 1)];
      if (v !== undefined) s.response = v;
    });
    return d;
  }

  function fileName(res, format) {
    var cd = res.headers.get("Content-Disposition") || "";
    var m = /filename="([^"\\/]+)"/.exec(cd);
    return m ? m[1] : "response." + format;
  }

  function download(format, btn) {
    if (!current) return;
    clearError();
    btn.disabled = true;
    status("Preparing the " + format.toUpperCase() + " file…");
    var name = "response." + format;
    fetch("/api/v1/draft/render?format=" + encodeURIComponent(format), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(filled())
    }).then(function (res) {
      if (!res.ok) return errorMessage(res).then(function (m) { throw new Error(m); });
      name = fileName(res, format);
      return res.blob();
    }).then(function (blob) {
      var url = URL.createObjectURL(blob);
      var a = document.createElement("a");
      a.href = url;
      a.download = name;
      a.className = "sr";
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      status("Downloaded " + name + " (" + Math.max(1, Math.round(blob.size / 1024)) + " KB).");
    }).catch(function (e) {
      status("");
      showError("Could not download: " + (e && e.message ? e.message : String(e)));
    }).then(function () {
      btn.disabled = false;
    });
  }

  var buttons = document.querySelectorAll("button.draft-download");
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].addEventListener("click", function (e) {
      download(e.currentTarget.getAttribute("data-format"), e.currentTarget);
    });
  }

  // ---- start -------------------------------------------------------------------------------------

  // The last draft comes back from storage (no upload again); with ?accession= a different letter
  // is drafted from the store.
  var last = load(LAST);
  if (last && Array.isArray(last.sections) && (!accession || keyOf(last) === accession)) {
    show(last, false);
  } else if (accession) {
    draftStored();
  }
})();
