import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { issueFormPortalToken } from "../../../core/auth/portal-token.ts";
import { hitRateLimit, type Limit, limits, sameWindow, takeBackHit } from "../../../core/auth/rate-limit.ts";
import { DeskError } from "../../../core/error.ts";
import { refuseDeskAsRequester, refuseDeskSendingAddress } from "../../../core/mail/desk-addresses.ts";
import { slaContext } from "../../../core/sla/policy.ts";
import type { TicketItem } from "../../../core/store/index.ts";
import {
  checkUploads,
  fingerprintFiles,
  MAX_FILES,
  storeUploads,
  type UploadedFile,
} from "../../../core/ticket/attachments.ts";
import {
  createTicket,
  fromSubmission,
  replayOfSubmission,
  storedSubmission,
} from "../../../core/ticket/create.ts";
import { readIdempotencyKey } from "../../../core/ticket/idempotency-key.ts";
import { TicketSubmission } from "../../../core/ticket/input.ts";
import { clientIp } from "../env.ts";
import { validationError } from "../errors.ts";
import { errors, json } from "../schemas.ts";
import { defaultHook, malformedBody, mediaType, readJsonOrForm } from "../validate.ts";

export const INTAKE_MAX_BYTES = 128 * 1024;
/** A submission with files (multipart): Lambda's 6 MB request. */
export const INTAKE_WITH_FILES_MAX_BYTES = 6 * 1024 * 1024;

const Created = z
  .object({ id: z.string(), number: z.number().int(), portalToken: z.string() })
  .openapi("TicketCreated");
const WithFiles = TicketSubmission.extend({
  attachments: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description: `Up to ${MAX_FILES} files (repeat the field), 4.5 MB in all` }),
});

/** Public intake from the web form. */
export const intake = new OpenAPIHono({ defaultHook });

intake.openAPIRegistry.registerPath({
  method: "post",
  path: "/tickets",
  summary: "Submit a ticket (public web form); files (screenshots, logs) go as multipart `attachments`",
  request: {
    headers: z.object({ "idempotency-key": z.string().max(200).optional() }),
    body: {
      required: true,
      content: {
        "application/json": { schema: TicketSubmission },
        "application/x-www-form-urlencoded": { schema: TicketSubmission },
        "multipart/form-data": { schema: WithFiles },
      },
    },
  },
  responses: {
    201: json(Created, "Created (or the earlier ticket for a repeated Idempotency-Key)"),
    ...errors(400, 409, 413, 415, 429),
  },
});

const isMultipart = (c: Context) => mediaType(c) === "multipart/form-data";
const limit = (maxSize: number, message: string) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new DeskError("payload_too_large", "payload_too_large", message);
    },
  });
const textLimit = limit(INTAKE_MAX_BYTES, `The submission is over ${INTAKE_MAX_BYTES / 1024} KB`);
const filesLimit = limit(INTAKE_WITH_FILES_MAX_BYTES, "The submission with its files is over 6 MB");
/** Text alone stays small; only a form that carries files may be larger. */
const intakeLimit: MiddlewareHandler = (c, next) => (isMultipart(c) ? filesLimit : textLimit)(c, next);

/** A multipart submission: its text fields (validated as any other) and its files (checked, not yet stored). */
async function readMultipart(c: Context): Promise<{ input: TicketSubmission; files: UploadedFile[] }> {
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw malformedBody("form data");
  }
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  for (const [name, value] of Object.entries(body)) {
    for (const part of Array.isArray(value) ? value : [value]) {
      if (typeof part !== "string") {
        // An empty file input still sends a part without a name: nothing was chosen.
        if (part.name || part.size)
          files.push({
            name: part.name,
            contentType: part.type,
            content: Buffer.from(await part.arrayBuffer()),
          });
      } else if (name !== "attachments") fields[name] ??= part;
    }
  }
  const result = TicketSubmission.safeParse(fields);
  if (!result.success) throw validationError(result.error);
  return { input: result.data, files: checkUploads(files, "customer") };
}

/** Starts a limit's hit; awaited later, and only its first failure to be awaited is answered. */
const startHit = (...args: Parameters<typeof hitRateLimit>) => {
  const hit = hitRateLimit(...args);
  hit.catch(() => undefined); // awaited by the caller: this only keeps a refusal not yet awaited from going unhandled
  return hit;
};

/**
 * The submission, counted per IP and per address. The IP's hit is sent before the body is read, and a body that
 * fails to read or validate is answered only once that hit is through: a flood of broken forms is refused (429)
 * and counted as before. A text body (≤ 128 KB) is read while the IP's hit is on its way. The address is counted
 * only once the IP's limit has let the submission through: an IP already refused must not use up other people's
 * addresses (it could lock any customer out of the form for the window). Multipart waits for the IP's verdict
 * before reading: a flood of uploads is refused before anyone parses megabytes.
 */
async function readWithinLimits(c: Context, now: Date, idempotencyKey: string | undefined, hits: KeyedHits) {
  const ipLimit = limits.submissionsPerIp();
  const ipBucket = `submit-ip:${clientIp(c)}`;
  const ipHit = startHit(ipBucket, ipLimit, now, idempotencyKey);
  if (isMultipart(c)) await ipHit;
  let read: { input: TicketSubmission; files: UploadedFile[] };
  try {
    read = await readSubmission(c);
  } catch (error) {
    await ipHit; // a refusal by the IP's limit answers first, as when the body was read after it
    throw error;
  }
  if (await ipHit) hits.push({ bucket: ipBucket, limit: ipLimit });
  const { email } = read.input;
  refuseDeskSendingAddress(email);
  const emailLimit = limits.submissionsPerEmail();
  const emailBucket = `submit-email:${email}`;
  const [counted] = await Promise.all([
    hitRateLimit(emailBucket, emailLimit, now, idempotencyKey),
    refuseDeskAliases(email),
  ]);
  if (counted) hits.push({ bucket: emailBucket, limit: emailLimit });
  return read;
}

/**
 * Refuses one of the admin's other addresses for the desk (core/desk/aliases.ts) as the requester. They come
 * with the SLA settings the ticket's commit reads anyway (one BatchGetItem, once a minute per process: see
 * `slaContext`), read here beside the address's count rather than later beside the ticket's number, so the
 * form makes no request more, nor one more in a row. Should that read not leave them known (a save in this
 * process meanwhile), the check reads them itself (`deskAliases`).
 */
async function refuseDeskAliases(email: string): Promise<void> {
  await slaContext();
  await refuseDeskAsRequester(email);
}

/** The limits this request's key counted anew (not counted in their window before), below their limit. */
type KeyedHits = { bucket: string; limit: Limit }[];

/**
 * Takes back what a replay counted anew in a window its ticket was not filed in (a submission stored earlier,
 * sent again once the window turned). In the window it was filed in, the key's hit is the submission's own and
 * stays: of twins sent at once, the one that counted may not be the one that filed, and taking its hit back
 * would leave the ticket counted nowhere. A refused hit stays too: that window is past its limit anyway.
 */
const takeBack = (hits: KeyedHits, now: Date, idempotencyKey: string, filed: TicketItem) =>
  Promise.all(
    hits
      .filter(({ limit }) => !sameWindow(limit, now, new Date(filed.createdAt)))
      .map(({ bucket, limit }) => takeBackHit(bucket, limit, now, idempotencyKey)),
  );

const readSubmission = async (c: Context): Promise<{ input: TicketSubmission; files: UploadedFile[] }> =>
  isMultipart(c) ? await readMultipart(c) : { input: await readJsonOrForm(c, TicketSubmission), files: [] };

/**
 * A caller refused by a limit who sends again a submission stored earlier under the same key (a retry after a
 * lost answer, once the limit was reached since) gets the ticket it filed: the replay creates nothing, so no limit
 * has anything to guard. Anything else stays refused, unread unless the key names a stored submission (a flood
 * with made-up keys parses nothing), and a key sent with other content answers 429, not 409: a refused caller
 * learns nothing about keys.
 */
async function replayOfRefused(c: Context, idempotencyKey: string): Promise<TicketItem | null> {
  const record = await storedSubmission("web", idempotencyKey);
  if (!record) return null;
  try {
    const { input, files } = await readSubmission(c);
    return (await replayOfSubmission(record, fromSubmission(input), fingerprintFiles(files))).ticket;
  } catch {
    return null;
  }
}

/**
 * The answer, the same for the first submission and any replay of it: the form's own key issued at the ticket's
 * creation (a replay gets no fresh key, so revoking the ticket's links holds against it too). The form checks no
 * address: whoever filled it in never proved the address is theirs (core/auth/portal-token.ts).
 */
const created = (c: Context, ticket: TicketItem) =>
  c.json(
    {
      id: ticket.ticketId,
      number: ticket.number,
      portalToken: issueFormPortalToken(ticket.ticketId, new Date(ticket.createdAt)),
    },
    201,
  );

intake.post("/tickets", intakeLimit, async (c) => {
  const idempotencyKey = readIdempotencyKey(c.req.header("idempotency-key"));
  const now = new Date();
  const hits: KeyedHits = [];
  let read: Awaited<ReturnType<typeof readWithinLimits>>;
  try {
    read = await readWithinLimits(c, now, idempotencyKey, hits);
  } catch (error) {
    const refused = error instanceof DeskError && error.kind === "rate_limited";
    const replayed = refused && idempotencyKey ? await replayOfRefused(c, idempotencyKey) : null;
    if (!replayed) throw error;
    await takeBack(hits, now, idempotencyKey!, replayed);
    return created(c, replayed);
  }
  const { input, files } = read;
  const { ticket, replayed } = await createTicket(
    fromSubmission(input, c.req.header("accept-language")),
    { type: "customer", name: input.name, email: input.email },
    {
      idempotencyKey,
      now,
      storeFirstFiles: files.length ? (place) => storeUploads(place, files, "customer") : undefined,
      filesFingerprint: fingerprintFiles(files),
    },
  );
  // A replay counts against no limit, even in a window the first submission was not counted in.
  if (replayed && idempotencyKey) await takeBack(hits, now, idempotencyKey, ticket);
  return created(c, ticket);
});
