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
// Rows: an error answer that is not the form's own (409 conflict, 422 invalid) - an
// expired form, no permission, the task taken back meanwhile, a server error - to a status
// form or to opening/closing a row's form (a.edit-open, a.edit-close) leaves the row as it
// is, so what the user typed stays on screen, and shows the message inside it.
document.addEventListener("htmx:response:error", function (event) {
  var ctx = event.detail && event.detail.ctx;
  var el = event.target;
  if (!ctx || !el || !el.classList) { return; }
  var isForm = el.classList.contains("update-form");
  if (!isForm && !el.classList.contains("edit-open") && !el.classList.contains("edit-close")) { return; }
  var status = ctx.response && ctx.response.status;
  if (status === 401 || (isForm && (status === 409 || status === 422))) { return; }
  ctx.swap = "none";
  var box = isForm ? el.querySelector(".row-error") : el.parentNode.querySelector(".link-error");
  if (!box) {
    box = document.createElement("p");
    box.className = "link-error inline-error";
    box.setAttribute("role", "alert");
    el.insertAdjacentElement("afterend", box);
  }
  var doc = new DOMParser().parseFromString(ctx.text || "", "text/html");
  box.textContent = (doc.body.textContent || "").replace(/\s+/g, " ").trim();
  box.hidden = false;
});
// Status update form: a progress chip fills the number, typing a number clears the chips,
// "Done" means 100 % (the server saves done as 100 % whatever the number says).
document.addEventListener("change", function (event) {
  var input = event.target;
  var form = input && input.closest && input.closest(".update-form");
  if (!form) { return; }
  var number = form.querySelector(".progress-pick input[type=number]");
  if (!number) { return; }
  if (input.name === "preset") {
    number.value = input.value;
  } else if (input.name === "status" && input.value === "done") {
    number.value = "100";
    var full = form.querySelector("input[name=preset][value='100']");
    if (full) { full.checked = true; }
  }
});
document.addEventListener("input", function (event) {
  var input = event.target;
  if (!input || input.name !== "progress" || !input.closest(".update-form")) { return; }
  input.closest(".update-form").querySelectorAll("input[name=preset]").forEach(function (chip) {
    chip.checked = chip.value === input.value.trim();
  });
});
// A button with data-confirm (taking a task back, deactivating a user) asks first; "OK"
// sends the form confirmed, so the server's own question page (for a browser without
// script) is skipped.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var question = button && button.getAttribute && button.getAttribute("data-confirm");
  if (!question) { return; }
  if (!window.confirm(question)) { event.preventDefault(); return; }
  var form = event.target;
  var flag = form.querySelector("input[name=confirmed]");
  if (!flag) {
    flag = document.createElement("input");
    flag.type = "hidden";
    flag.name = "confirmed";
    form.appendChild(flag);
  }
  flag.value = "1";
});
// A row's form just opened takes the focus (autofocus on its status): bring its "Save"
// on screen too, so that choosing and saving need no scrolling on a phone.
document.addEventListener("focusin", function (event) {
  var input = event.target;
  if (!input || !input.hasAttribute || !input.hasAttribute("autofocus")) { return; }
  var form = input.closest && input.closest(".update-form");
  var actions = form && form.querySelector(".form-actions");
  if (actions && actions.scrollIntoView) { actions.scrollIntoView({ block: "nearest" }); }
});
