import { Hono } from "hono";
import { checkCsatToken, rate } from "../../core/csat/csat.ts";
import { DeskError } from "../../core/error.ts";
import { log } from "../../core/log.ts";
import { cleanText } from "../../core/text.ts";
import { loadTicketItem } from "../../core/ticket/commit.ts";
import { mediaType, readForm } from "../api/validate.ts";
import { esc } from "./pages.ts";

const text = {
  en: {
    question: "How did we do?",
    good: "Good",
    bad: "Not good",
    pressSend: "Press Send to record your answer.",
    chooseFirst: "Choose Good or Not good first: your comment is kept below.",
    thanks: "Thank you for your answer!",
    more: "Anything you would like to tell us? (optional)",
    send: "Send",
    received: "Thank you, we read every comment.",
    invalid: "This link is not valid or has expired.",
    revoked: "This survey link was ended by the support team. Your earlier answer, if any, is kept.",
    unavailable: "We could not record your answer just now. Please use the link again in a minute.",
    unreadable: "We could not read this answer. Please use the form on the survey page.",
  },
  fr: {
    question: "Comment avons-nous traité votre demande ?",
    good: "Bien",
    bad: "Pas bien",
    pressSend: "Appuyez sur Envoyer pour enregistrer votre réponse.",
    chooseFirst: "Choisissez d'abord Bien ou Pas bien : votre commentaire est gardé ci-dessous.",
    thanks: "Merci pour votre réponse !",
    more: "Voulez-vous nous en dire plus ? (facultatif)",
    send: "Envoyer",
    received: "Merci, nous lisons chaque commentaire.",
    invalid: "Ce lien n'est pas valide ou a expiré.",
    revoked:
      "Ce lien vers le questionnaire a été désactivé par l'équipe d'assistance. Votre réponse précédente, s'il y en a une, est conservée.",
    unavailable:
      "Nous n'avons pas pu enregistrer votre réponse pour l'instant. Réutilisez le lien dans une minute.",
    unreadable: "Nous n'avons pas pu lire cette réponse. Utilisez le formulaire de la page du questionnaire.",
  },
};

const page = (locale: "en" | "fr", body: string, title: string = text[locale].question) => `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/help/assets/help.css"></head>
<body><main>${body}</main></body></html>`;

/**
 * The satisfaction links: `GET /csat/<token>?rating=good|bad` shows the rating chosen in the mail, with an
 * optional comment; Send records both, posted back to the same address. Opening a link never rates: mail security
 * scanners open every link of a mail (both ratings), some in a browser that runs scripts, but none presses Send.
 * No sign-in.
 */
/** A page for whoever opened the link, ticket unknown: in both languages. */
const bothLanguages = (key: "invalid" | "revoked" | "unavailable" | "unreadable") =>
  page("en", `<h1>${esc(text.en[key])}</h1><p lang="fr">${esc(text.fr[key])}</p>`, text.en[key]);

type Rating = "good" | "bad";
type Ticket = NonNullable<Awaited<ReturnType<typeof loadTicketItem>>>;
const asRating = (value: unknown): Rating | undefined =>
  value === "good" || value === "bad" ? value : undefined;

export function csatPages() {
  const app = new Hono();
  app.use("/csat/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'");
    c.header("Referrer-Policy", "no-referrer");
  });
  /** The link's ticket, or the page that refuses it (the ticket gone, or the link revoked). */
  const open = async (token: string) => {
    const check = await checkCsatToken(token);
    if (!check.ok && check.reason === "revoked")
      return { refused: 401 as const, page: bothLanguages("revoked") };
    // Only a ticket that does not exist makes the link invalid: a failed read (throttled, unreachable) is said
    // to be passing (below), or the customer would take their answer for refused and not click again.
    const ticket = check.ok
      ? await loadTicketItem(check.ticketId).catch((error: unknown) => {
          if (error instanceof DeskError && error.kind === "not_found") return null;
          throw error;
        })
      : null;
    return ticket ? { ticket } : { refused: 400 as const, page: bothLanguages("invalid") };
  };
  app.onError((error, c) => {
    // A body the page cannot read (malformed, another type, too large) is the sender's: 400, not "try again".
    if (
      error instanceof DeskError &&
      ["validation", "unsupported_media_type", "payload_too_large"].includes(error.kind)
    )
      return c.html(bothLanguages("unreadable"), 400);
    // The ticket gone between opening the page and sending: the link no longer leads anywhere.
    if (error instanceof DeskError && error.kind === "not_found")
      return c.html(bothLanguages("invalid"), 400);
    log.error("satisfaction page failed", { path: c.req.path, error: String(error) });
    c.header("Retry-After", "60");
    return c.html(bothLanguages("unavailable"), 503);
  });
  /** The survey's form: the rating chosen (in the mail's link, or earlier), the comment, and what went wrong. */
  const form = (ticket: Ticket, chosen: Rating | undefined, comment = "", problem = "") => {
    const t = text[ticket.locale];
    const option = (rating: Rating) =>
      `<label><input type="radio" name="rating" value="${rating}"${rating === chosen ? " checked" : ""}> ${esc(t[rating])}</label>`;
    return page(
      ticket.locale,
      `<form method="post" id="csat">
<fieldset><legend><h1>${esc(t.question)}</h1></legend>${option("good")} ${option("bad")}</fieldset>
<p id="csat-status" role="status">${esc(problem || t.pressSend)}</p>
<label for="comment">${esc(t.more)}</label>
<textarea id="comment" name="comment" rows="4" maxlength="2000">${esc(comment)}</textarea>
<button type="submit">${esc(t.send)}</button></form>`,
    );
  };
  app.get("/csat/:token", async (c) => {
    const opened = await open(c.req.param("token"));
    if (!opened.ticket) return c.html(opened.page, opened.refused);
    const { ticket } = opened;
    return c.html(form(ticket, asRating(c.req.query("rating")) ?? ticket.csatRating));
  });
  app.post("/csat/:token", async (c) => {
    const opened = await open(c.req.param("token"));
    if (!opened.ticket) return c.html(opened.page, opened.refused);
    const { ticket } = opened;
    // The page's form posts a form; anything else would be read as empty and thanked for nothing.
    const type = mediaType(c);
    if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data")
      return c.html(bothLanguages("unreadable"), 415);
    const posted = await readForm(c);
    const rating = asRating(posted.rating);
    // Cleaned as the API's comment is (multiLine): this form is a way in like any other.
    const comment = cleanText(String(posted.comment ?? "").slice(0, 2000)).trim() || undefined;
    const t = text[ticket.locale];
    // A comment is kept with a rating: without one yet, the page asks for it rather than lose the comment.
    if (comment && !rating && !ticket.csatRating)
      return c.html(form(ticket, undefined, comment, t.chooseFirst), 400);
    if (rating || comment) await rate(ticket.ticketId, { rating, comment });
    return c.html(page(ticket.locale, `<h1>${esc(comment ? t.received : t.thanks)}</h1>`));
  });
  return app;
}
