// OCOP Market: the card form of an order page. Stripe.js draws the card
// fields in Stripe's own frames; the payment is confirmed by Stripe's
// webhook, and the order page shows it paid once the webhook has arrived.
(function () {
  "use strict";
  var form = document.getElementById("card-pay");
  if (!form || typeof window.Stripe !== "function") { return; }
  var button = document.getElementById("card-submit");
  var message = document.getElementById("card-message");
  var stripe = window.Stripe(form.getAttribute("data-stripe-key"));
  var elements = stripe.elements({
    clientSecret: form.getAttribute("data-client-secret"),
    locale: document.documentElement.lang === "en" ? "en" : "vi"
  });
  var element = elements.create("payment");
  element.mount("#payment-element");
  element.on("ready", function () { button.disabled = false; });

  function show(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    button.disabled = true;
    show("");
    stripe.confirmPayment({
      elements: elements,
      confirmParams: { return_url: form.getAttribute("data-return-url") }
    }).then(function (result) {
      // On success Stripe leaves for return_url; staying here means an error.
      if (result.error) {
        show(result.error.message || form.getAttribute("data-error-generic"));
        button.disabled = false;
      }
    });
  });
})();
