import { applyStrings, fieldMessage, pickLocale } from "./i18n.js";

const locale = pickLocale();
const t = applyStrings(locale);
const form = document.getElementById("ticket-form");
const summary = document.getElementById("summary");
const submit = document.getElementById("submit");
document.getElementById("locale").value = locale;

// One key per filled-in form: a double click or a retry after a network error files one ticket, not two.
let idempotencyKey = crypto.randomUUID();
form.addEventListener("input", () => {
  idempotencyKey = crypto.randomUUID();
});

function showFieldErrors(fields) {
  let first = null;
  for (const input of form.querySelectorAll("input[name], textarea[name]")) {
    const error = document.getElementById(`${input.name}-error`);
    const message = fields[input.name];
    if (!error) continue;
    input.setAttribute("aria-invalid", message ? "true" : "false");
    error.hidden = !message;
    error.textContent = message ? fieldMessage(locale, message) : "";
    if (message && !first) first = input;
  }
  return first;
}

function showSummary(text) {
  summary.textContent = text;
  summary.hidden = !text;
  if (text) summary.focus();
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  showSummary("");
  showFieldErrors({});
  submit.disabled = true;
  submit.textContent = t.sending;
  try {
    const body = Object.fromEntries(new FormData(form));
    if (!body.website) delete body.website;
    const response = await fetch("/api/tickets", {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: JSON.stringify(body),
    });
    const result = await response.json().catch(() => ({}));
    if (response.ok) return showDone(result);
    const fields = result.error?.fields ?? {};
    const first = showFieldErrors(fields);
    if (first) {
      showSummary(t.errorsTitle);
      first.focus();
    } else if (response.status === 429) showSummary(t.rateLimited);
    else if (response.status === 413) showSummary(t.tooLarge);
    else showSummary(result.error?.message ?? t.generic);
  } catch {
    showSummary(t.network);
  } finally {
    submit.disabled = false;
    submit.textContent = t.submit;
  }
});

function showDone({ id, number, portalToken }) {
  form.hidden = true;
  document.getElementById("ticket-number").textContent = `#${number}`;
  // The token travels in the fragment: browsers never send it to servers or put it in Referer headers.
  document.getElementById("follow-link").href =
    `ticket.html?id=${encodeURIComponent(id)}#token=${encodeURIComponent(portalToken)}`;
  const done = document.getElementById("done");
  done.hidden = false;
  done.querySelector("strong").focus?.();
}
