// Small behaviours without inline script (the Content-Security-Policy allows scripts from this site only).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-print]")) {
      window.print();
    }
  });

  // A required field left empty: the browser's own message is in the browser's language, so the field
  // says in Chinese what it needs (data-required-message, else a general one); typing clears it.
  document.addEventListener("invalid", function (event) {
    var field = event.target;
    if (!field || !field.validity || !field.setCustomValidity) { return; }
    if (field.validity.valueMissing) {
      field.setCustomValidity(field.getAttribute("data-required-message") || "请填写此项。");
    }
  }, true);
  function clearValidity(event) {
    var field = event.target;
    if (field && field.setCustomValidity) { field.setCustomValidity(""); }
  }
  document.addEventListener("input", clearValidity);
  document.addEventListener("change", clearValidity);

  // A cell whose edit was refused (not a figure, a stale version…) says so where the user typed: the
  // field is marked invalid and the server's message is repeated beneath it, as text. The message at
  // the top of the page stays too; a saved edit re-renders the whole table, which clears the mark.
  var refusalCount = 0;

  function clearRefusal(field) {
    var id = field.getAttribute("aria-describedby");
    if (id) {
      var note = document.getElementById(id);
      if (note) { note.parentNode.removeChild(note); }
      field.removeAttribute("aria-describedby");
    }
    field.removeAttribute("aria-invalid");
    field.classList.remove("refused");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var field = event.target;
    if (field && field.classList && field.classList.contains("cell")) { clearRefusal(field); }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var field = event.target;
    var xhr = event.detail && event.detail.xhr;
    if (!field || !field.classList || !field.classList.contains("cell") || !xhr || xhr.status < 400) {
      return;
    }
    var parsed = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var text = (parsed.body.textContent || "").trim() || "修改未保存（服务器拒绝了此次修改）。";
    clearRefusal(field);
    refusalCount += 1;
    var note = document.createElement("div");
    note.id = "cell-refusal-" + refusalCount;
    note.className = "finding error refusal";
    note.setAttribute("role", "alert");
    note.textContent = text;
    field.insertAdjacentElement("afterend", note);
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", note.id);
    field.classList.add("refused");
  });
})();
