import type { MailRecordDeferred } from "../events/schema.ts";
import { store } from "../store/index.ts";
import { bumpViewStampOrLog } from "../ticket/view-stamp.ts";
import { recordAutoMail } from "./outbound.ts";
import { autoMailLine, replySentMark } from "./sent-record.ts";

/**
 * The Mail worker's handling of `ticket.mail_record`: writes the record a sender could not. Idempotent and
 * mail-free: a reply already marked sent (by its sender's late write, or an earlier delivery of this event) is
 * left as it is; an automatic mail's line is created only if absent. A reply whose entry is gone is skipped.
 */
export async function writeDeferredRecord(
  event: MailRecordDeferred,
): Promise<"recorded" | "already_recorded" | "skipped"> {
  const { ticketId, record } = event;
  if (record.kind === "auto_mail") {
    await recordAutoMail(ticketId, autoMailLine(record), new Date(record.at));
    return "recorded";
  }
  try {
    await store()
      .entities.entry.patch({ ticketId, entryId: record.entryId })
      .set(replySentMark(record))
      .where(({ delivery }, { ne }) => ne(delivery.status, "sent"))
      .go();
  } catch (error) {
    if (!String(error).includes("conditional request failed")) throw error;
    // Already sent, or no such entry (the patch requires the item): nothing to write either way.
    return "already_recorded";
  }
  await bumpViewStampOrLog(ticketId);
  return "recorded";
}
