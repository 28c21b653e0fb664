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
  submitted = true;
  form.hidden = true;
  document.getElementById("ticket-number").textContent = `#${number}`;
  // The token travels in the fragment: browsers never send it to servers or put it in Referer headers.
  document.getElementById("follow-link").href =
    `ticket.html?id=${encodeURIComponent(id)}#token=${encodeURIComponent(portalToken)}`;
  const done = document.getElementById("done");
  done.hidden = false;
  done.querySelector("strong").focus?.();
}

// Self-service: while the customer types the subject, suggest up to three articles (debounced; at most a few
// searches per visit). Reading one and leaving without sending counts as a deflection for that article.
const suggestions = document.getElementById("suggestions");
const subjectInput = document.getElementById("subject");
let submitted = false;
let searches = 0;
let lastQuery = "";
let timer;
let opened = null;
subjectInput.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(suggest, 600);
});
async function suggest() {
  const q = subjectInput.value.trim();
  if (q.length < 4 || q === lastQuery || searches >= 5) return;
  lastQuery = q;
  searches++;
  try {
    const response = await fetch(`/api/kb/search?q=${encodeURIComponent(q)}&locale=${locale}&limit=3`);
    const { items = [] } = response.ok ? await response.json() : {};
    const list = suggestions.querySelector("ul");
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = item.url;
        a.target = "_blank";
        a.rel = "noopener";
        a.textContent = item.title;
        a.addEventListener("click", () => {
          opened = item.id;
        });
        li.append(a);
        return li;
      }),
    );
    suggestions.hidden = items.length === 0;
  } catch {
    suggestions.hidden = true;
  }
}
addEventListener("pagehide", () => {
  if (opened && !submitted)
    navigator.sendBeacon(
      "/api/kb/deflections",
      new Blob([JSON.stringify({ articleId: opened })], { type: "application/json" }),
    );
});
