import { applyStrings, pickLocale, shownText } from "./i18n.js";

const locale = pickLocale();
const t = applyStrings(locale);
const $ = (id) => document.getElementById(id);
const writeHeaders = { "content-type": "application/json", "x-requested-with": "desk" };
let cursor = null;

// A link from the sign-in mail: use it once, then forget it (it leaves the address bar).
async function start() {
  const magic = new URLSearchParams(location.hash.slice(1)).get("magic");
  if (magic) history.replaceState(null, "", location.pathname + location.search);
  if (magic) {
    const response = await fetch("/api/portal/session", {
      method: "POST",
      headers: writeHeaders,
      body: JSON.stringify({ token: magic }),
    });
    if (!response.ok) show(t.linkInvalid);
  }
  await list();
}

function show(text) {
  $("problem").textContent = text;
  $("problem").hidden = !text;
}

async function list(more = false) {
  const response = await fetch(
    `/api/portal/me/tickets${more && cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
  );
  if (response.status === 401) {
    $("link-form").hidden = false;
    $("mine").hidden = true;
    return;
  }
  const { email, displayEmail, items, cursor: next } = await response.json();
  cursor = next;
  // The address as the customer typed it: an internationalised domain in Unicode, not the stored ASCII.
  $("who").textContent = displayEmail ?? email;
  $("mine").hidden = false;
  $("link-form").hidden = true;
  const rows = items.map((ticket) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `ticket.html?id=${encodeURIComponent(ticket.id)}`;
    a.textContent = `#${ticket.number} ${shownText(locale, ticket.subject)}`;
    const status = document.createElement("span");
    status.className = "status";
    // The status is a pill (as on the ticket's page): its border holds the word alone, a space sets it apart.
    status.textContent = t.statuses[ticket.status] ?? ticket.status;
    li.append(a, " ", status);
    return li;
  });
  if (more) $("tickets").append(...rows);
  else $("tickets").replaceChildren(...rows);
  if (!more && items.length === 0) $("tickets").textContent = t.noRequests;
  $("more").hidden = !cursor;
}

// One key per request for a link: a double click or a retry before the answer mails one link, not two; once
// answered, asking again (the mail did not come) is a new request.
let linkKey = crypto.randomUUID();
$("email").addEventListener("input", () => {
  linkKey = crypto.randomUUID();
});
$("link-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const email = $("email").value.trim();
  const response = await fetch("/api/portal/magic-link", {
    method: "POST",
    headers: { ...writeHeaders, "idempotency-key": linkKey },
    body: JSON.stringify({ email, locale }),
  });
  if (response.status < 500) linkKey = crypto.randomUUID();
  $("link-sent").textContent = response.ok ? t.linkSent : t.generic;
  $("link-sent").hidden = false;
});
$("more").addEventListener("click", () => list(true));
$("sign-out").addEventListener("click", async () => {
  await fetch("/api/portal/logout", { method: "POST", headers: writeHeaders });
  $("tickets").replaceChildren();
  await list();
});

// Opened while this page was already showing (only the fragment changes): sign in all the same.
addEventListener("hashchange", start);
start();
