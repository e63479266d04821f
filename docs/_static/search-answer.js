// The search page answers a code typed or pasted first: "550 5.1.1 User unknown" puts
// "5.1.1: the mailbox does not exist ..." with a link to its class section above the
// ordinary results. The codes are read as smtpcode reads them: a reply code 2xx-5xx, an
// enhanced code class.subject.detail; the answers come from the library's data
// (_static/code-answers.js, written when the site is built).
"use strict";

(function () {
  const ENHANCED = /(?:^|[^\w.])([245]\.(?:0|[1-9]\d{0,2})\.(?:0|[1-9]\d{0,2}))(?![\w]|\.\d)/g;
  const BASIC = /(?:^|[^\w.,:\/-])([2-5]\d\d)(?=[\s-]|$)/g;

  function codes(query, pattern) {
    const found = [];
    for (const match of query.matchAll(pattern)) {
      if (!found.includes(match[1])) found.push(match[1]);
    }
    return found;
  }

  function answerBox(query) {
    const answers = window.SMTPCODES_ANSWERS;
    if (!answers) return null;
    const box = document.createElement("div");
    box.className = "code-answer admonition note";
    const items = [];
    for (const code of codes(query, ENHANCED)) {
      const answer = answers.enhanced[code];
      if (answer) items.push([code, answer]);
    }
    for (const code of codes(query, BASIC)) {
      const answer = answers.basic[code];
      if (answer) items.push([code, answer]);
    }
    if (!items.length) return null;
    for (const [code, answer] of items) {
      const line = document.createElement("p");
      const link = document.createElement("a");
      link.href = (window.DOCUMENTATION_OPTIONS && DOCUMENTATION_OPTIONS.URL_ROOT || "") +
        answer.page;
      link.textContent = `${code} ${answer.title}`;
      line.append(link, document.createTextNode(`: ${answer.summary} (${answer.class}).`));
      box.append(line);
    }
    return box;
  }

  function show() {
    if (!/search\.html$/.test(window.location.pathname)) return;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const box = answerBox(query);
    const results = document.getElementById("search-results");
    if (box && results) results.parentNode.insertBefore(box, results);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
