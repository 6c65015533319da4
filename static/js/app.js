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
// Report page: the "Print" button (no inline handlers under the CSP).
document.addEventListener("click", function (event) {
  var button = event.target && event.target.closest && event.target.closest(".js-print");
  if (button) { window.print(); }
});
// Status forms: an error that is not the form's own answer (409 conflict, 422 invalid) -
// an expired form, no permission, a server error - is shown inside the form instead of
// replacing the row, so what the user typed stays on screen.
document.addEventListener("htmx:response:error", function (event) {
  var ctx = event.detail && event.detail.ctx;
  var form = event.target;
  if (!ctx || !form || !form.classList || !form.classList.contains("update-form")) { return; }
  var status = ctx.response && ctx.response.status;
  if (status === 409 || status === 422 || status === 401) { return; }
  ctx.swap = "none";
  var box = form.querySelector(".row-error");
  if (box) {
    var doc = new DOMParser().parseFromString(ctx.text || "", "text/html");
    box.textContent = (doc.body.textContent || "").replace(/\s+/g, " ").trim();
    box.hidden = false;
  }
});
// Rows: opening or closing a row's form (a.edit-open, a.edit-close) that fails - the task
// was taken back meanwhile, no permission, a server error - leaves the row as it is and
// shows the message under the control, instead of putting an error page in the list.
document.addEventListener("htmx:response:error", function (event) {
  var ctx = event.detail && event.detail.ctx;
  var link = event.target;
  if (!ctx || !link || !link.classList) { return; }
  if (!link.classList.contains("edit-open") && !link.classList.contains("edit-close")) { return; }
  var status = ctx.response && ctx.response.status;
  if (status === 401) { return; }
  ctx.swap = "none";
  var box = link.parentNode.querySelector(".link-error");
  if (!box) {
    box = document.createElement("p");
    box.className = "link-error inline-error";
    box.setAttribute("role", "alert");
    link.insertAdjacentElement("afterend", box);
  }
  var doc = new DOMParser().parseFromString(ctx.text || "", "text/html");
  box.textContent = (doc.body.textContent || "").replace(/\s+/g, " ").trim();
});
