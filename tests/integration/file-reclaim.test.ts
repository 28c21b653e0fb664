import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../../core/config.ts";
import { newId } from "../../core/ids.ts";
import { putObject, storeFiles } from "../../core/mail/raw-store.ts";
import { FILE_RECLAIM, type ReclaimResult, reclaimOrphanFiles } from "../../core/ops/file-reclaim.ts";
import { SweepSettings } from "../../core/sla/sweep-settings.ts";
import { store } from "../../core/store/index.ts";
import { readCounts } from "../../core/ticket/counts.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import {
  call,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { deliver, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * Orphan files (stored for an entry whose write never happened) are reclaimed by the daily sweep step; every file
 * something references is kept, and so is anything young or whose key names no entry. Real emulators: the S3 of
 * fauxqs, DynamoDB Local. The clock of the reclaim is simulated two days ahead (S3's upload times are real).
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const later = new Date(Date.now() + 2 * DAY);
const at = (minutes: number) => new Date(later.getTime() + minutes * 60_000);

const s3 = () => new S3Client({ forcePathStyle: true });
async function storedKeys(prefix = "") {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3().send(
      new ListObjectsV2Command({ Bucket: config().mailBucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}
const storedBytes = async () => (await readCounts(["storage:bytes"]))["storage:bytes"] ?? 0;
const file = (name: string, text: string) => ({
  name,
  contentType: "text/plain",
  contentBase64: Buffer.from(text).toString("base64"),
});
const view = async (id: string) =>
  (await call(desk.app, "GET", `/api/tickets/${id}`, { as: agent.session })).json;
const reclaim = async (now: Date, limit?: number) =>
  reclaimOrphanFiles(now, await SweepSettings.read(), { limit });

/** Every attachment the agent view lists, by the API, with what a download answers. */
async function downloads(ticketId: string) {
  const ticket = await view(ticketId);
  const results: { entryId: string; status: number }[] = [];
  type Shown = { id: string; attachments?: unknown[]; fromTicket?: { id: string } };
  for (const entry of ticket.timeline as Shown[])
    for (let i = 0; i < (entry.attachments?.length ?? 0); i++) {
      // A merged ticket's entries are shown on the target, and downloaded from where they live (as the app does).
      const home = entry.fromTicket?.id ?? ticketId;
      const response = await desk.app.request(`/api/tickets/${home}/entries/${entry.id}/attachments/${i}`, {
        headers: { cookie: agent.session.cookie },
      });
      results.push({ entryId: entry.id, status: response.status });
    }
  return results;
}

const referencedTickets: string[] = [];
const orphans: { key: string; size: number }[] = [];
let youngOrphan = "";
let oldLayout = "";
let webForm = { id: "", portalToken: "" };

beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Reclaim Agent" });

  // Referenced: the web form's files (multipart), an agent's reply and note, a customer's portal message.
  const form = new FormData();
  for (const [k, v] of Object.entries({
    name: "Ann",
    email: "ann@example.com",
    subject: "Form",
    message: "x",
  }))
    form.set(k, v);
  form.append("attachments", new File([new Uint8Array(Buffer.from("form file"))], "form.txt"));
  const posted = await desk.app.request(
    "/api/tickets",
    { method: "POST", body: form },
    {
      incoming: { socket: { remoteAddress: "192.0.2.77" } },
    },
  );
  const web = (await posted.json()) as { id: string; portalToken: string };
  webForm = web;
  referencedTickets.push(web.id);
  for (const kind of ["replies", "notes"]) {
    const written = await call(desk.app, "POST", `/api/tickets/${web.id}/${kind}`, {
      as: agent.session,
      body: { body: kind, attachments: [file(`${kind}.txt`, kind)] },
    });
    expect(written.status).toBe(201);
  }
  const portal = await call(desk.app, "POST", `/api/portal/tickets/${web.id}/messages`, {
    headers: { authorization: `Bearer ${web.portalToken}` },
    body: { message: "from the portal", attachments: [file("portal.txt", "portal")] },
  });
  expect(portal.status).toBe(201);

  // Mail: a new ticket with a file, the requester's reply with a file, a stranger's held mail with a file.
  await deliver(
    desk,
    await rawMail({
      from: "Mo Mail <mo@example.com>",
      subject: "Mail with a file",
      attachments: [{ filename: "first.txt", content: Buffer.from("first") }],
    }),
  );
  const [mailTicket] = await ticketsOf(desk, agent.session, "mo@example.com");
  referencedTickets.push(mailTicket!.id);
  const ack = (await sentMail(desk.endpoints.mail)).find((m) =>
    m.destination.to[0]!.includes("mo@example.com"),
  );
  const replyTo = (ack as unknown as { replyTo: string[] }).replyTo[0]!;
  const plus = /<([^>]+)>/.exec(replyTo)?.[1] ?? replyTo;
  for (const from of ["mo@example.com", "eve@evil.example"])
    await deliver(
      desk,
      await rawMail({
        from,
        to: plus,
        subject: "Re: Mail with a file",
        attachments: [{ filename: `${from}.txt`, content: Buffer.from(from) }],
      }),
    );
  const timeline = (await view(mailTicket!.id)).timeline as { held?: unknown; attachments?: unknown[] }[];
  expect(timeline.filter((e) => e.attachments?.length)).toHaveLength(3);
  expect(timeline.some((e) => e.held && e.attachments?.length)).toBe(true);

  // A merged ticket's files (they stay on its own timeline) and a split message's (copied by key).
  const merged = await submitTicket(desk.app, { email: "ann@example.com", subject: "Duplicate" });
  await call(desk.app, "POST", `/api/tickets/${merged.id}/notes`, {
    as: agent.session,
    body: { body: "merged file", attachments: [file("merged.txt", "merged")] },
  });
  expect(
    (
      await call(desk.app, "POST", `/api/tickets/${merged.id}/merge`, {
        as: agent.session,
        body: { into: web.id },
      })
    ).status,
  ).toBeLessThan(300);
  referencedTickets.push(merged.id);
  await deliver(
    desk,
    await rawMail({
      from: "sid@example.com",
      subject: "Two things",
      attachments: [{ filename: "split.txt", content: Buffer.from("split") }],
    }),
  );
  const [splitSource] = await ticketsOf(desk, agent.session, "sid@example.com");
  const message = ((await view(splitSource!.id)).timeline as { id: string; kind: string }[]).find(
    (e) => e.kind === "customer_message",
  )!;
  const split = await call(desk.app, "POST", `/api/tickets/${splitSource!.id}/split`, {
    as: agent.session,
    body: { entryId: message.id },
  });
  expect(split.status).toBe(201);
  referencedTickets.push(splitSource!.id, split.json.ticketId);
  // Unfiled mail (no usable sender): its raw original is listed in Admin → Unfiled mail.
  await deliver(desk, await rawMail({ from: "not an address", subject: "Unfiled" }));
  // The knowledge-base index lives in the same bucket.
  await putObject("kb/index-en.json", Buffer.from("{}"), "application/json");

  // Orphans: files of a write that never happened, and of an attempt its entry does not list.
  const ghost = await storeFiles({ ticketId: newId(), entryId: newId() }, [
    { name: "ghost.txt", contentType: "text/plain", content: Buffer.from("never written") },
  ]);
  const [firstEntry] = (await view(mailTicket!.id)).timeline as { id: string }[];
  const loser = await storeFiles({ ticketId: mailTicket!.id, entryId: firstEntry!.id, part: newId() }, [
    { name: "loser.txt", contentType: "text/plain", content: Buffer.from("a losing attempt") },
  ]);
  orphans.push(...ghost, ...loser);
  // A file stored before keys named their ticket: nothing says who lists it, so it is kept.
  oldLayout = `attachments/${newId()}/0-old.txt`;
  await putObject(oldLayout, Buffer.from("old layout"), "text/plain");
  // A young orphan: its entry was created an hour before the reclaim's clock (ulid, not the desk's monotonic ids).
  const young = ulid(later.getTime() - HOUR);
  const [stored] = await storeFiles({ ticketId: young, entryId: young }, [
    { name: "young.txt", contentType: "text/plain", content: Buffer.from("young") },
  ]);
  youngOrphan = stored!.key;
}, 120_000);

describe("the reclaim of orphan files", () => {
  it("keeps everything uploaded less than a day ago, and is not due again for a day", async () => {
    const before = await storedKeys();
    const result = (await reclaim(new Date())) as ReclaimResult;
    expect(result).toMatchObject({ examined: 0, deleted: 0, done: true });
    expect(await storedKeys()).toEqual(before);
    expect(await reclaim(new Date(Date.now() + 23 * HOUR))).toBe("not_due");
  });

  it("walks at most `limit` files a run, continues from where it stopped, and deletes only orphans", async () => {
    const attachments = (await storedKeys("attachments/")).sort();
    const old = attachments.filter((k) => k !== youngOrphan);
    const bytesBefore = await storedBytes();

    const first = (await reclaim(at(0), 3)) as ReclaimResult;
    expect(first.examined).toBe(3);
    expect(first.done).toBe(false);
    const position = (await store().entities.setting.get({ name: FILE_RECLAIM }).go()).data!.value as {
      after: string;
      nextAt?: string;
    };
    expect(position.after).toBe(old[2]);
    expect(position.nextAt).toBeUndefined();

    const runs = [first];
    for (let n = 1; !runs.at(-1)!.done && n < 50; n++) runs.push((await reclaim(at(n), 3)) as ReclaimResult);
    expect(runs.every((r) => r.examined <= 3)).toBe(true);
    expect(runs.reduce((n, r) => n + r.examined, 0)).toBe(old.length);
    expect(runs.reduce((n, r) => n + r.deleted, 0)).toBe(orphans.length);
    expect(runs.reduce((n, r) => n + r.unknown, 0)).toBe(1);

    const left = await storedKeys();
    for (const orphan of orphans) expect(left).not.toContain(orphan.key);
    expect(left).toContain(youngOrphan);
    expect(left).toContain(oldLayout);
    expect(left).toContain("kb/index-en.json");
    expect(left.filter((k) => k.startsWith("inbound/")).length).toBeGreaterThanOrEqual(5);
    expect(await storedBytes()).toBe(bytesBefore - orphans.reduce((n, o) => n + o.size, 0));
    // Every file a ticket lists (web form, reply, note, portal, mail, held mail, merged, split) still downloads.
    for (const ticketId of referencedTickets) {
      const files = await downloads(ticketId);
      expect(files.length).toBeGreaterThan(0);
      expect(
        files.filter((f) => f.status !== 200),
        ticketId,
      ).toEqual([]);
    }
  });

  it("lists nothing on an ordinary run: a new orphan waits for the next daily walk", async () => {
    const [late] = await storeFiles({ ticketId: newId(), entryId: newId() }, [
      { name: "late.txt", contentType: "text/plain", content: Buffer.from("late") },
    ]);
    const swept = await runSweep(at(60));
    expect(swept.files).toBe("not_due");
    expect(await storedKeys()).toContain(late!.key);

    const nextDay = (await reclaim(at(60 + 25 * 60))) as ReclaimResult;
    expect(nextDay.deleted).toBe(2); // the late orphan, and the one that was young yesterday
    const left = await storedKeys();
    expect(left).not.toContain(late!.key);
    expect(left).not.toContain(youngOrphan);
  });
});

describe("a listed file that is no longer stored", () => {
  it("answers 404 file_missing for an attachment and for the original message, not 500", async () => {
    await deliver(
      desk,
      await rawMail({
        from: "reclaim-gone@example.com",
        subject: "Gone",
        attachments: [{ filename: "gone.txt", content: Buffer.from("gone") }],
      }),
    );
    const [ticket] = await ticketsOf(desk, agent.session, "reclaim-gone@example.com");
    const { data } = await store().entities.entry.query.byTicket({ ticketId: ticket!.id }).go();
    const entry = data.find((e) => e.attachments?.length)!;
    for (const key of [entry.attachments![0]!.key!, entry.mail!.rawKey!])
      await s3().send(new DeleteObjectCommand({ Bucket: config().mailBucket, Key: key }));

    for (const path of ["attachments/0", "original"]) {
      const response = await call(
        desk.app,
        "GET",
        `/api/tickets/${ticket!.id}/entries/${entry.entryId}/${path}`,
        {
          as: agent.session,
        },
      );
      expect(response.status).toBe(404);
      expect(response.json.error).toMatchObject({
        code: "file_missing",
        message: "This file is no longer stored",
      });
    }
  });

  it("answers 404 file_missing to the customer's download on the portal too", async () => {
    const { data } = await store().entities.entry.query.byTicket({ ticketId: webForm.id }).go();
    const portalMessage = data.find((e) => e.attachments?.[0]?.name === "portal.txt")!;
    await s3().send(
      new DeleteObjectCommand({ Bucket: config().mailBucket, Key: portalMessage.attachments![0]!.key! }),
    );
    const response = await call(
      desk.app,
      "GET",
      `/api/portal/tickets/${webForm.id}/entries/${portalMessage.entryId}/attachments/0`,
      { headers: { authorization: `Bearer ${webForm.portalToken}` } },
    );
    expect(response.status).toBe(404);
    expect(response.json.error.code).toBe("file_missing");
  });
});
