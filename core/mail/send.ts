import { SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";
import { destinationsOf, type Mailbox } from "./address.ts";

let ses: SESClient | undefined;
/**
 * An SES that stays silent (no reset, no answer) is given up on after this long without activity on the socket,
 * well inside the worker's 30 s, so the send fails as of unknown outcome and the reply can say so, rather than the
 * invocation timing out with the reply left "sending". A large message keeps its socket active while it uploads.
 */
export const SES_IDLE_TIMEOUT_MS = 8_000;
const sesClient = () =>
  (ses ??= notRetriedWhenUnanswered(
    new SESClient({ requestHandler: { socketTimeout: SES_IDLE_TIMEOUT_MS, connectionTimeout: 3_000 } }),
  ));

/**
 * Thrown when a send went out and no answer came back (the connection reset or timed out): SES may have taken
 * the mail. Not retried by the SDK — SendRawEmail has no idempotency token, so each of its attempts would mail
 * the recipient again (three copies for one lost answer); the caller's retry decides, through its lease and
 * its timeline (at least once, one duplicate at most per lost answer).
 */
export class SendOutcomeUnknownError extends Error {
  override name = "SendOutcomeUnknownError";
  readonly code = "send_outcome_unknown";
}

/** Failures before the request could reach SES: the SDK may retry them, nothing was sent. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

/**
 * Lets the SDK retry what SES answered with an error (throttling, its 5xx: it took nothing) and connections that
 * never opened, and turns a request whose answer was lost (reset, timed out, or a 2xx whose body could not be
 * read) into SendOutcomeUnknownError. Each attempt passes through this step (it runs inside the SDK's retry loop,
 * at high priority so that it also sees the response parser's errors); the new error carries no `cause`, which
 * the SDK would classify as transient.
 */
function notRetriedWhenUnanswered(client: SESClient): SESClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const { $metadata, code } = error as { $metadata?: { httpStatusCode?: number }; code?: string };
        const status = $metadata?.httpStatusCode ?? 0;
        if (status >= 300 || NEVER_SENT.has(code ?? "")) throw error;
        throw new SendOutcomeUnknownError(`SES may have taken the mail; no answer came back (${error})`);
      }
    },
    { step: "deserialize", name: "sendOutcomeUnknown", priority: "high" },
  );
  return client;
}

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
