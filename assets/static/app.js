// OCOP Market: small progressive enhancements. Every page works without
// this file; it only saves a click and keeps addresses short.
(function () {
  "use strict";

  // Pages style what JavaScript makes redundant (the cart's update button).
  document.documentElement.classList.add("js");

  // A cart quantity applies as soon as it changes: the form is sent with
  // its update button, as a click on it would.
  document.querySelectorAll("input[data-submit-on-change]").forEach(function (input) {
    input.addEventListener("change", function () {
      var form = input.form;
      if (!form || input.value === "" || !input.checkValidity()) { return; }
      var button = form.querySelector(".qty-update");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(button || undefined);
      } else {
        form.submit();
      }
    });
  });

  // Filter forms marked data-autosubmit apply as soon as a choice changes.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (ev) {
      var t = ev.target;
      if (t && (t.type === "number" || t.type === "search" || t.type === "text")) {
        return; // typed values apply with the button or Enter
      }
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
    // Leave empty fields out of the address: ?min_price=&max_price= says nothing.
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (el) {
        if (el.name && el.value === "" && el.type !== "checkbox" && el.type !== "radio") {
          el.disabled = true;
        }
      });
    });
  });

  // The search box suggests product names as the shopper types.
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    var last = "";
    if (!list || !window.fetch) { return; }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || q === last) { return; }
      timer = setTimeout(function () {
        last = q;
        fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (body) {
            list.textContent = "";
            (body.items || []).forEach(function (name) {
              var opt = document.createElement("option");
              opt.value = name;
              list.appendChild(opt);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
  });

  // The mobile filter drawer opens by itself on wide screens.
  var drawer = document.querySelector("details.filters-drawer");
  if (drawer && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 900px)");
    var sync = function () { if (wide.matches) { drawer.open = true; } };
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); }
  }
})();
