import { ACCEPT, fileNamed, fileProblem } from "./files.js";
import { applyStrings, fieldMessage, pickLocale, rateLimitedText, refusalText } from "./i18n.js";
import { LIMITS, watchLengths } from "./limits.js";

const locale = pickLocale();
const t = applyStrings(locale);
const form = document.getElementById("ticket-form");
const summary = document.getElementById("summary");
const submit = document.getElementById("submit");
document.getElementById("locale").value = locale;
const fileInput = document.getElementById("attachments");
fileInput.accept = ACCEPT;
// Said as soon as files are chosen, not after the upload.
fileInput.addEventListener("change", () => {
  const problem = fileProblem([...fileInput.files], t);
  const error = document.getElementById("attachments-error");
  fileInput.setAttribute("aria-invalid", problem ? "true" : "false");
  error.textContent = problem;
  error.hidden = !problem;
});

const overLimit = watchLengths(
  Object.entries(LIMITS).map(([name, max]) => ({
    input: document.getElementById(name),
    error: document.getElementById(`${name}-error`),
    max,
  })),
  t,
  locale,
);

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

/** The API names a refused file by its position (`attachments.1`): say it by its name, under the file field. */
function attachmentFields(fields, files) {
  const out = {};
  for (const [key, message] of Object.entries(fields)) {
    const index = /^attachments\.(\d+)/.exec(key)?.[1];
    if (index === undefined) out[key] = message;
    else out.attachments = fileNamed(t, files[Number(index)]?.name ?? "", fieldMessage(locale, message));
  }
  return out;
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
  if (overLimit()) return showSummary(t.errorsTitle);
  submit.disabled = true;
  submit.textContent = t.sending;
  try {
    const files = [...fileInput.files];
    const problem = fileProblem(files, t);
    if (problem) {
      showFieldErrors({ attachments: problem });
      showSummary(t.errorsTitle);
      fileInput.focus();
      return;
    }
    const data = new FormData(form);
    if (!data.get("website")) data.delete("website");
    // Text alone goes as JSON; with files, as multipart (the files travel as they are, not in base64).
    data.delete("attachments");
    const json = Object.fromEntries(data);
    for (const file of files) data.append("attachments", file);
    const response = await fetch("/api/tickets", {
      method: "POST",
      headers: files.length
        ? { "idempotency-key": idempotencyKey }
        : { "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: files.length ? data : JSON.stringify(json),
    });
    const result = await response.json().catch(() => ({}));
    if (response.ok) return showDone(result);
    const fields = attachmentFields(result.error?.fields ?? {}, files);
    const first = showFieldErrors(fields);
    if (first) {
      showSummary(t.errorsTitle);
      first.focus();
    } else if (response.status === 429) showSummary(rateLimitedText(t, response.headers.get("retry-after")));
    else if (response.status === 413) showSummary(files.length ? t.filesTooLarge : t.tooLarge);
    else showSummary(refusalText(locale, result.error));
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
