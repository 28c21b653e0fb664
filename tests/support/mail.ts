import { readFileSync } from "node:fs";
import { join } from "node:path";
import MailComposer from "nodemailer/lib/mail-composer";
import type { TestDesk } from "./desk.ts";
import { call, sentMail, TEST_SECRET } from "./desk.ts";

export const INBOUND_SECRET = `${TEST_SECRET}-inbound`;

let counter = 0;

/** A raw message as a mail client would send it; `headers` adds or overrides any header. */
export async function rawMail(options: {
  from?: string;
  to?: string;
  cc?: string | string[];
  subject?: string;
  text?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
}): Promise<Buffer> {
  counter++;
  const composer = new MailComposer({
    from: options.from ?? "Casey Customer <casey@example.com>",
    to: options.to ?? "support@desk.localhost",
    cc: options.cc,
    subject: options.subject ?? `Mail ${counter}`,
    text: options.text ?? "Hello, something is broken.",
    messageId:
      options.messageId === null
        ? undefined
        : (options.messageId ?? `<test-${counter}-${Date.now()}@client.example>`),
    inReplyTo: options.inReplyTo,
    references: options.references,
    headers: options.headers,
    attachments: options.attachments,
  });
  let raw = await composer.compile().build();
  // MailComposer always writes a Message-ID; drop it to test messages without one.
  if (options.messageId === null)
    raw = Buffer.from(raw.toString("latin1").replace(/^Message-ID:.*\r\n/im, ""), "latin1");
  return raw;
}

/** Posts raw mail to the HTTP intake and lets the workers file it (and acknowledge it). */
/** A mail of tests/fixtures/email/desk with its `{{KEY}}` placeholders filled, bytes kept as they are (latin1). */
export const filledFixture = (name: string, fill: Record<string, string>) =>
  Buffer.from(
    Object.entries(fill).reduce(
      (text, [key, value]) => text.replaceAll(`{{${key}}}`, value),
      readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name)).toString("latin1"),
    ),
    "latin1",
  );

export async function deliver(desk: TestDesk, raw: Buffer | string) {
  const response = await desk.app.request("/api/inbound/email", {
    method: "POST",
    headers: { authorization: `Bearer ${INBOUND_SECRET}`, "content-type": "message/rfc822" },
    body: typeof raw === "string" ? raw : new Uint8Array(raw),
  });
  if (response.status !== 202)
    throw new Error(`inbound refused: ${response.status} ${await response.text()}`);
  await desk.drain();
  return (await response.json()) as { key: string };
}

export async function mailsTo(desk: TestDesk, address: string) {
  return (await sentMail(desk.endpoints.mail)).filter((m) =>
    m.destination.to.some((to) => to.includes(address)),
  );
}

export const acksTo = async (desk: TestDesk, address: string) =>
  (await mailsTo(desk, address)).filter((m) =>
    /We received your request|Nous avons bien reçu/.test(m.subject),
  );

/** The tickets a customer has, newest first. */
export async function ticketsOf(desk: TestDesk, session: { cookie: string; csrf: string }, email: string) {
  const response = await call(
    desk.app,
    "GET",
    `/api/requesters/${encodeURIComponent(email)}/tickets?limit=100`,
    { as: session },
  );
  return response.json.items as {
    id: string;
    number: number;
    status: string;
    tags: string[];
    cc: string[];
    subject: string;
  }[];
}

/** A customer message as the agent's ticket view lists it. */
export interface FiledEntry {
  id: string;
  kind: string;
  body: string;
  attachments: { name: string; contentType: string }[];
  mail: { truncated: boolean };
}

/** The first customer message of the one ticket `address` has, with the API path of that entry. */
export async function firstMessageFrom(
  desk: TestDesk,
  session: { cookie: string; csrf: string },
  address: string,
) {
  const [ticket] = await ticketsOf(desk, session, address);
  const view = (await call(desk.app, "GET", `/api/tickets/${ticket!.id}`, { as: session })).json;
  const entry = view.timeline.find((e: FiledEntry) => e.kind === "customer_message") as FiledEntry;
  return { ticketId: ticket!.id, entry, path: `/api/tickets/${ticket!.id}/entries/${entry.id}` };
}

/** A file as an agent downloads it (status 200 expected by the caller). */
export async function downloaded(desk: TestDesk, session: { cookie: string }, path: string) {
  const response = await desk.app.request(path, { headers: { cookie: session.cookie } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}
