import { issuePortalToken } from "../auth/portal-token.ts";
import { config } from "../config.ts";
import { deskNames } from "../desk/name.ts";
import { type DeskName, signature } from "../desk/signature.ts";
import type { TicketItem } from "../store/index.ts";
import { loadTicketItem } from "../ticket/commit.ts";
import { said } from "../ticket/event-text.ts";
import { inLanguage } from "../ticket/placeholder-text.ts";
import { getTicketWithTimeline } from "../ticket/read.ts";
import { personName } from "./address.ts";
import { threadOf } from "./deliver.ts";
import { mayEchoLater } from "./echo.ts";
import { requesterOf, sendAutoMailOnce } from "./outbound.ts";
import { isSuppressed } from "./suppression.ts";

/**
 * The notice, in the merged ticket's language. The target's subject and link are named only when the customer
 * is its requester too: a duplicate merged into someone else's ticket must not open that ticket to them.
 */
export function mergeNotice(
  source: TicketItem,
  target: TicketItem,
  link: string | null,
  deskName: DeskName,
  echo = true,
) {
  const fr = source.locale === "fr";
  // An unconfirmed address (core/mail/echo.ts) is not sent the subject nor the name a stranger typed.
  const quoted = echo ? (fr ? ` (« ${inLanguage(source.subject, "fr")} »)` : ` ("${source.subject}")`) : "";
  const hello = echo ? ` ${personName(source.requesterName, source.requesterEmail)}` : "";
  const subject = fr
    ? `[#${target.number}] Votre demande #${source.number} continue sous le numéro #${target.number}`
    : `[#${target.number}] Your request #${source.number} continues as #${target.number}`;
  const follow = link ? (fr ? `\n\nSuivre votre demande : ${link}` : `\n\nFollow your request: ${link}`) : "";
  // Another requester's ticket: they are not copied on it, so no promise of its answers by mail.
  const same = source.requesterEmail === target.requesterEmail;
  const what = fr
    ? same
      ? `Votre demande #${source.number}${quoted} porte sur le même sujet que la demande #${target.number} : nous les traitons ensemble sous le numéro #${target.number}. Vous recevrez nos réponses par e-mail ; répondre à ce message ou à nos messages précédents nous parvient toujours.`
      : `Votre demande #${source.number}${quoted} porte sur un sujet que nous traitons déjà dans une autre demande (#${target.number}) : nous avons clos #${source.number} et poursuivons le travail là-bas. Répondre à ce message ou à nos messages précédents nous parvient toujours.`
    : same
      ? `Your request #${source.number}${quoted} is about the same issue as request #${target.number}: we are handling them together as #${target.number}. You will get our answers by email; replying to this message or to our earlier ones still reaches us.`
      : `Your request #${source.number}${quoted} is about an issue we are already handling in another request (#${target.number}): we have closed #${source.number} and continue the work there. Replying to this message or to our earlier ones still reaches us.`;
  const text = fr
    ? `Bonjour${hello},\n\n${what}${follow}\n\n— ${signature(deskName, "fr")}`
    : `Hello${hello},\n\n${what}${follow}\n\n— ${signature(deskName, "en")}`;
  return { subject, text };
}

/**
 * Tells the merged ticket's requester, once: the claim is keyed by the merged ticket (a ticket is merged only
 * once), so a redelivered or republished event sends nothing more. Sent as mail of the target ticket, so a
 * reply threads straight to it, in reply to the merged ticket's last message (the customer's thread). Skipped when the merge no longer stands or the address is suppressed.
 */
export async function notifyMerged(event: { ticketId: string; intoTicketId: string }, now = new Date()) {
  const [source, target] = await Promise.all([
    loadTicketItem(event.ticketId),
    loadTicketItem(event.intoTicketId),
  ]);
  if (source.mergedInto?.ticketId !== target.ticketId) return "skipped";
  const { entries } = await getTicketWithTimeline(source.ticketId);
  // An unconfirmed address (a web-form ticket) gets neither the name, not even in To, nor the subject.
  const echo = await mayEchoLater(source, entries);
  const to = requesterOf(source, echo);
  if (!to || (await isSuppressed(source.requesterEmail))) return "skipped";
  const { publicUrl } = config();
  const link =
    source.requesterEmail === target.requesterEmail
      ? `${publicUrl}/ticket.html?id=${target.ticketId}#token=${issuePortalToken(target.ticketId, now)}`
      : null;
  const { subject, text } = mergeNotice(source, target, link, await deskNames(), echo);
  // In the customer's mailbox the notice continues the merged ticket's conversation, where they look for it.
  const { inReplyTo, references } = threadOf(entries);
  return sendAutoMailOnce(
    "merge-notice",
    source.ticketId,
    target,
    { to, subject, text, inReplyTo, references },
    {
      body: `Told ${source.requesterEmail} that ticket #${source.number} was merged into this one.`,
      what: said("merge_notice_sent", { to: source.requesterEmail, number: source.number }),
    },
    now,
  );
}
