// wardtasks: our own script (no inline scripts under the CSP).
// An expired session answers htmx with 401 + HX-Redirect; follow it with a full page load.
document.addEventListener("htmx:after:request", function (event) {
  var ctx = event.detail && event.detail.ctx;
  var response = ctx && ctx.response;
  if (response && response.status === 401 && response.headers && response.headers.get) {
    var target = response.headers.get("HX-Redirect");
    if (target) { window.location.assign(target); }
  }
});
