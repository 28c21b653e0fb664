import { SESClient, SendRawEmailCommand } from "@aws-sdk/client-ses";

let ses: SESClient | undefined;
const sesClient = () => (ses ??= new SESClient({}));

/** Sends a raw MIME message through SES; returns the Message-ID SES assigned (it may rewrite ours). */
export async function sendRawMail(raw: Buffer, from: string, to: string[]): Promise<string> {
  const result = await sesClient().send(
    new SendRawEmailCommand({ RawMessage: { Data: raw }, Source: from, Destinations: to }),
  );
  if (!result.MessageId) throw new Error("SES returned no MessageId");
  return result.MessageId;
}
