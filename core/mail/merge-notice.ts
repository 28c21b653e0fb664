import { issuePortalToken } from "../auth/portal-token.ts";
import { config } from "../config.ts";
import type { TicketItem } from "../store/index.ts";
import { loadTicketItem } from "../ticket/commit.ts";
import { said } from "../ticket/event-text.ts";
import { requesterOf, sendAutoMailOnce } from "./outbound.ts";
import { isSuppressed } from "./suppression.ts";

/**
 * The notice, in the merged ticket's language. The target's subject and link are named only when the customer
 * is its requester too: a duplicate merged into someone else's ticket must not open that ticket to them.
 */
export function mergeNotice(source: TicketItem, target: TicketItem, link: string | null, deskName: string) {
  const fr = source.locale === "fr";
  const subject = fr
    ? `[#${target.number}] Votre demande #${source.number} continue sous le numéro #${target.number}`
    : `[#${target.number}] Your request #${source.number} continues as #${target.number}`;
  const follow = link ? (fr ? `\n\nSuivre votre demande : ${link}` : `\n\nFollow your request: ${link}`) : "";
  const text = fr
    ? `Bonjour ${source.requesterName},\n\nVotre demande #${source.number} (« ${source.subject} ») porte sur le même sujet que la demande #${target.number} : nous les traitons ensemble sous le numéro #${target.number}. Vous recevrez nos réponses par e-mail ; répondre à ce message ou à nos messages précédents nous parvient toujours.${follow}\n\n— ${deskName}`
    : `Hello ${source.requesterName},\n\nYour request #${source.number} ("${source.subject}") is about the same issue as request #${target.number}: we are handling them together as #${target.number}. You will get our answers by email; replying to this message or to our earlier ones still reaches us.${follow}\n\n— ${deskName}`;
  return { subject, text };
}

/**
 * Tells the merged ticket's requester, once: the claim is keyed by the merged ticket (a ticket is merged only
 * once), so a redelivered or republished event sends nothing more. Sent as mail of the target ticket, so a
 * reply threads straight to it. Skipped when the merge no longer stands or the address is suppressed.
 */
export async function notifyMerged(event: { ticketId: string; intoTicketId: string }, now = new Date()) {
  const [source, target] = await Promise.all([
    loadTicketItem(event.ticketId),
    loadTicketItem(event.intoTicketId),
  ]);
  if (source.mergedInto?.ticketId !== target.ticketId) return "skipped";
  const to = requesterOf(source);
  if (!to || (await isSuppressed(source.requesterEmail))) return "skipped";
  const { publicUrl, deskName } = config();
  const link =
    source.requesterEmail === target.requesterEmail
      ? `${publicUrl}/ticket.html?id=${target.ticketId}#token=${issuePortalToken(target.ticketId, now)}`
      : null;
  const { subject, text } = mergeNotice(source, target, link, deskName);
  return sendAutoMailOnce(
    "merge-notice",
    source.ticketId,
    target,
    { to, subject, text },
    {
      body: `Told ${source.requesterEmail} that ticket #${source.number} was merged into this one.`,
      what: said("merge_notice_sent", { to: source.requesterEmail, number: source.number }),
    },
    now,
  );
}
