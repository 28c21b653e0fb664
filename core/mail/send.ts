import { SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";
import { destinationsOf, type Mailbox } from "./address.ts";

let ses: SESClient | undefined;
const sesClient = () => (ses ??= new SESClient({}));

/**
 * Sends a raw MIME message through SES; returns the Message-ID SES assigned (it may rewrite ours). The envelope
 * comes from the same structured mailboxes the headers were built from: Source is the sender's address,
 * Destinations the recipients' addresses (each once) — never parsed back out of the message.
 */
export async function sendRawMail(raw: Buffer, from: Mailbox, recipients: Mailbox[]): Promise<string> {
  const Destinations = destinationsOf(recipients);
  if (Destinations.length === 0) throw new Error("A mail needs at least one recipient");
  const result = await sesClient().send(
    new SendRawEmailCommand({ RawMessage: { Data: raw }, Source: destinationsOf([from])[0], Destinations }),
  );
  if (!result.MessageId) throw new Error("SES returned no MessageId");
  return result.MessageId;
}
