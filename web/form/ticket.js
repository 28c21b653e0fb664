import { fileNamed, fileProblem, fileSize } from "./files.js";
import { applyStrings, fieldMessage, pickLocale, rateLimitedText, refusalText, shownText } from "./i18n.js";
import { LIMITS, watchLengths } from "./limits.js";
import { linkedText } from "./links.js";

const locale = pickLocale();
const t = applyStrings(locale);
const id = new URLSearchParams(location.search).get("id") ?? "";
const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
const $ = (selector) => document.getElementById(selector);
// The per-ticket link carries its token; without one, the customer's portal sign-in (cookie) is used.
const headers = token ? { authorization: `Bearer ${token}` } : { "x-requested-with": "desk" };
const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });

function problem(text) {
  $("loading").hidden = true;
  $("problem").textContent = text;
  $("problem").hidden = false;
}

const numbered = (text, number) => text.replace("{n}", String(number));

function render(ticket) {
  $("loading").hidden = true;
  // A fresh view of the ticket: an earlier failure's words no longer apply.
  $("problem").hidden = true;
  $("bad-link-help").hidden = true;
  $("ticket").hidden = false;
  const draft = sessionStorage.getItem(draftKey);
  if (draft && !$("reply").value) $("reply").value = draft;
  sessionStorage.removeItem(draftKey);
  $("number").textContent = `#${ticket.number}`;
  $("subject").textContent = shownText(locale, ticket.subject);
  $("status").textContent = t.statuses[ticket.status] ?? ticket.status;
  document.title = `${t.ticketTitle} #${ticket.number}`;
  const list = $("timeline");
  list.replaceChildren(
    ...ticket.timeline.map((entry) => {
      const item = document.createElement("li");
      item.className = entry.fromCustomer ? "customer" : "support";
      const meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = `${entry.fromCustomer ? t.you : entry.author || t.support} · ${dateFormat.format(new Date(entry.createdAt))}`;
      const body = document.createElement("p");
      body.className = "body";
      body.append(...linkedText(shownText(locale, entry.body ?? "")));
      item.append(meta, body);
      for (const [index, file] of (entry.attachments ?? []).entries()) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "link";
        button.textContent = `${file.name} (${fileSize(file.size, locale)})`;
        button.addEventListener("click", () => download(entry.id, index, file.name, button));
        item.append(button);
      }
      return item;
    }),
  );
  // The form's own link shows what was written here; our answers are in the requester's mail, with a full link.
  $("answers-by-mail").hidden = !ticket.answersByMail;
  const closed = ticket.status === "closed";
  $("close-request").hidden = closed || ticket.status === "solved";
  $("close-confirm").hidden = true;
  $("closed-note").hidden = !closed || ticket.merged;
  // A merged request says where it continues (the customer's own request) and keeps taking replies for it;
  // merged into someone else's, it says how to reach us instead of a dead end.
  const next = ticket.continuesAs;
  $("merged-note").hidden = !ticket.merged;
  $("merged-text").textContent = next ? numbered(t.mergedContinues, next.number) : t.mergedElsewhere;
  $("merged-link").hidden = !next;
  if (next) {
    $("merged-link").textContent = numbered(t.mergedOpen, next.number);
    $("merged-link").href =
      `ticket.html?id=${encodeURIComponent(next.id)}#token=${encodeURIComponent(next.token)}`;
  }
  $("reply-form").hidden = closed && !next;
  $("reply-ok").textContent = next ? numbered(t.replySentMerged, next.number) : t.replySent;
}

// An expired, replaced or mistyped link is no dead end: the portal mails a sign-in link to the customer's address.
function badLink() {
  problem(t.badLink);
  $("bad-link-help").hidden = false;
}

async function load() {
  if (!id) return badLink();
  try {
    const response = await fetch(`/api/portal/tickets/${encodeURIComponent(id)}`, { headers });
    if (response.status === 401 || response.status === 404) return badLink();
    if (!response.ok) return problem(t.generic);
    render(await response.json());
  } catch {
    problem(t.network);
  }
}

/** Where a reply the page could not send waits (this tab only) for the ticket's page opened with a new link. */
const draftKey = `desk-draft:${id}`;

const overLimit = watchLengths(
  [{ input: $("reply"), error: $("reply-error"), max: LIMITS.message }],
  t,
  locale,
);

// One key per written message (its text and files): a double click or a retry after a network error adds it
// once, not twice; a changed message is a new one.
let replyKey = crypto.randomUUID();
$("reply-form").addEventListener("input", () => {
  replyKey = crypto.randomUUID();
});

$("reply-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const reply = $("reply");
  const error = $("reply-error");
  $("reply-ok").hidden = true;
  if (overLimit()) return;
  error.hidden = true;
  reply.setAttribute("aria-invalid", "false");
  $("files").setAttribute("aria-invalid", "false");
  const problem = fileProblem([...$("files").files], t);
  if (problem) {
    error.textContent = problem;
    error.hidden = false;
    $("files").focus();
    return;
  }
  $("send").disabled = true;
  try {
    const response = await fetch(`/api/portal/tickets/${encodeURIComponent(id)}/messages`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "idempotency-key": replyKey },
      body: JSON.stringify({ message: reply.value, attachments: await filesOf($("files")) }),
    });
    const result = await response.json().catch(() => ({}));
    if (response.ok) {
      replyKey = crypto.randomUUID();
      reply.value = "";
      $("files").value = "";
      render(result);
      $("reply-ok").hidden = false;
      return;
    }
    if (response.status === 401) {
      // The link expired or was replaced while the page was open: the way back is offered, and the draft waits in
      // this tab for the ticket's page opened with the new link.
      sessionStorage.setItem(draftKey, reply.value);
      error.textContent = t.badLink;
      error.hidden = false;
      $("bad-link-help").hidden = false;
      $("bad-link-help").querySelector("a")?.focus();
      return;
    }
    const files = $("files");
    const fileError = filesRefused(response.status, result.error, [...files.files]);
    if (fileError) {
      // The files were refused, not the message: said in the page's language, on the file field.
      error.textContent = fileError;
      error.hidden = false;
      files.setAttribute("aria-invalid", "true");
      files.focus();
      return;
    }
    const fieldError = result.error?.fields?.message;
    error.textContent =
      response.status === 429
        ? rateLimitedText(t, response.headers.get("retry-after"))
        : fieldError
          ? fieldMessage(locale, fieldError)
          : refusalText(locale, result.error);
    error.hidden = false;
    reply.setAttribute("aria-invalid", "true");
    reply.focus();
  } catch {
    error.textContent = t.network;
    error.hidden = false;
  } finally {
    $("send").disabled = false;
  }
});

/**
 * The server's refusal of the chosen files, in the page's language, or "" when it refused something else. A 413
 * with files chosen is about them (an oversized request may be refused before the API answers with its code).
 */
function filesRefused(status, error, chosen) {
  const code = error?.code;
  if (code === "too_many_attachments") return t.tooManyFiles;
  if (code === "attachments_too_large" || (status === 413 && chosen.length)) return t.filesTooLarge;
  if (code === "attachment_type_not_allowed") {
    const index = Number(/^attachments\.(\d+)/.exec(Object.keys(error.fields ?? {})[0] ?? "")?.[1]);
    const name = chosen[index]?.name;
    return name ? fileNamed(t, name, t.fileTypeRefused) : t.fileTypeRefused;
  }
  return "";
}

load();

// Closing takes two taps: the first only asks, so a stray tap never solves the ticket.
$("close-request").addEventListener("click", () => {
  $("close-request").hidden = true;
  $("close-confirm").hidden = false;
  $("close-yes").focus();
});
$("close-no").addEventListener("click", () => {
  $("close-confirm").hidden = true;
  $("close-request").hidden = false;
  $("close-request").focus();
});
$("close-yes").addEventListener("click", async () => {
  const response = await fetch(`/api/portal/tickets/${encodeURIComponent(id)}/close`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: "{}",
  }).catch(() => null);
  if (response?.ok) return load();
  // Never a silent failure: the request stays open, and the page says why.
  $("close-confirm").hidden = true;
  $("close-request").hidden = false;
  if (response?.status === 401) return badLink();
  problem(response ? t.generic : t.network);
});

/** The chosen files as the API takes them: base64 JSON (the API refuses more than 4 MB in all). */
async function filesOf(input) {
  return Promise.all(
    [...input.files].map(async (file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return {
        name: file.name,
        contentType: file.type || "application/octet-stream",
        contentBase64: btoa(binary),
      };
    }),
  );
}

/**
 * Downloads a file with the same credentials as the page (the token is a header, so no plain link). A file that
 * cannot be had is said beside its button, in the page's language (a file no longer stored answers 404 file_missing).
 */
async function download(entryId, index, name, button) {
  if (button.nextElementSibling?.classList.contains("download-error")) button.nextElementSibling.remove();
  const response = await fetch(
    `/api/portal/tickets/${encodeURIComponent(id)}/entries/${encodeURIComponent(entryId)}/attachments/${index}`,
    { headers },
  ).catch(() => undefined);
  if (response?.status === 401) return badLink();
  if (!response?.ok) {
    const code = response && (await response.json().catch(() => ({})))?.error?.code;
    const said = document.createElement("span");
    said.className = "field-error download-error";
    said.setAttribute("role", "alert");
    said.textContent = fileNamed(t, name, code === "file_missing" ? t.fileMissing : t.downloadFailed);
    button.after(said);
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
