import { Hono } from "hono";
import { rate, verifyCsatToken } from "../../core/csat/csat.ts";
import { DeskError } from "../../core/error.ts";
import { log } from "../../core/log.ts";
import { cleanText } from "../../core/text.ts";
import { loadTicketItem } from "../../core/ticket/commit.ts";
import { readForm } from "../api/validate.ts";
import { esc } from "./pages.ts";

const text = {
  en: {
    thanks: "Thank you for your answer!",
    more: "Anything you would like to tell us? (optional)",
    send: "Send",
    received: "Thank you, we read every comment.",
    invalid: "This link is not valid or has expired.",
    unavailable: "We could not record your answer just now. Please use the link again in a minute.",
  },
  fr: {
    thanks: "Merci pour votre réponse !",
    more: "Voulez-vous nous en dire plus ? (facultatif)",
    send: "Envoyer",
    received: "Merci, nous lisons chaque commentaire.",
    invalid: "Ce lien n'est pas valide ou a expiré.",
    unavailable:
      "Nous n'avons pas pu enregistrer votre réponse pour l'instant. Réutilisez le lien dans une minute.",
  },
};

const page = (locale: "en" | "fr", body: string) => `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(text[locale].thanks)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/help/assets/help.css"></head>
<body><main>${body}</main></body></html>`;

/**
 * The satisfaction links: `GET /csat/<token>?rating=good|bad` records the rating on the first click (a second
 * click changes it) and offers an optional comment, posted back to the same address. No sign-in.
 */
export function csatPages() {
  const app = new Hono();
  app.use("/csat/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'");
    c.header("Referrer-Policy", "no-referrer");
  });
  const open = async (token: string) => {
    const ticketId = verifyCsatToken(token);
    // Only a ticket that does not exist makes the link invalid: a failed read (throttled, unreachable) is said
    // to be passing (below), or the customer would take their answer for refused and not click again.
    const ticket = ticketId
      ? await loadTicketItem(ticketId).catch((error: unknown) => {
          if (error instanceof DeskError && error.kind === "not_found") return null;
          throw error;
        })
      : null;
    return ticket;
  };
  app.onError((error, c) => {
    log.error("satisfaction page failed", { path: c.req.path, error: String(error) });
    c.header("Retry-After", "60");
    const body = `<h1>${esc(text.en.unavailable)}</h1><p lang="fr">${esc(text.fr.unavailable)}</p>`;
    return c.html(page("en", body), 503);
  });
  app.get("/csat/:token", async (c) => {
    const ticket = await open(c.req.param("token"));
    if (!ticket) return c.html(page("en", `<h1>${esc(text.en.invalid)}</h1>`), 400);
    const t = text[ticket.locale];
    const rating = c.req.query("rating");
    if (rating === "good" || rating === "bad") await rate(ticket.ticketId, { rating });
    return c.html(
      page(
        ticket.locale,
        `<h1>${esc(t.thanks)}</h1>
<form method="post"><label for="comment">${esc(t.more)}</label>
<textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea>
<button type="submit">${esc(t.send)}</button></form>`,
      ),
    );
  });
  app.post("/csat/:token", async (c) => {
    const ticket = await open(c.req.param("token"));
    if (!ticket) return c.html(page("en", `<h1>${esc(text.en.invalid)}</h1>`), 400);
    const form = await readForm(c);
    // Cleaned as the API's comment is (multiLine): this form is a way in like any other.
    const comment = cleanText(String(form.comment ?? "").slice(0, 2000));
    if (comment.trim()) await rate(ticket.ticketId, { comment });
    return c.html(page(ticket.locale, `<h1>${esc(text[ticket.locale].received)}</h1>`));
  });
  return app;
}
