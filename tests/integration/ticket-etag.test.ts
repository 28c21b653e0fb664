import { ulid } from "ulid";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAutoMail } from "../../core/mail/outbound.ts";
import { store } from "../../core/store/index.ts";
import { startMetering, takeMetered } from "../../core/store/meter.ts";
import { currentViewTag } from "../../core/ticket/view-stamp.ts";
import { call, signedInAgent, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

/**
 * A ticket's ETag is its version and its view stamp (core/ticket/view-stamp.ts): lines added without moving the
 * version still change it, and the poll's 304 costs the same whatever the timeline holds.
 */
let desk: TestDesk;
let alice: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  alice = await signedInAgent(desk.app, { name: "Alice" });
});

const get = (id: string, ifNoneMatch?: string) =>
  call(desk.app, "GET", `/api/tickets/${id}`, {
    as: alice.session,
    headers: ifNoneMatch ? { "if-none-match": ifNoneMatch } : {},
  });
const patch = (id: string, body: unknown, ifMatch: string) =>
  call(desk.app, "PATCH", `/api/tickets/${id}`, {
    as: alice.session,
    body,
    headers: { "if-match": ifMatch },
  });

const autoMail = (ticketId: string, id: string) =>
  recordAutoMail(ticketId, {
    id,
    body: "We received your message.",
    mail: { messageId: `<${id}@desk.test>`, from: "desk@desk.test", to: [], subject: "Ack" },
    delivery: { status: "sent", at: new Date().toISOString() },
  });

describe("the ticket ETag", () => {
  it("changes when an automatic-mail line with an id older than the newest entry is written", async () => {
    const { id } = await submitTicket(desk.app);
    await desk.drain();
    const note = await call(desk.app, "POST", `/api/tickets/${id}/notes`, {
      as: alice.session,
      body: { body: "Looking" },
    });
    expect(note.status).toBe(201);
    const before = await get(id);
    const tag = before.headers.get("etag")!;
    expect((await get(id, tag)).status).toBe(304);

    // The ack's id was fixed when its sending started, before the note: older than the newest entry.
    const older = ulid(Date.parse(before.json.timeline[0].createdAt) + 1);
    expect(older < note.json.entry.id).toBe(true);
    await autoMail(id, older);
    await autoMail(id, older); // a retried record: the line is there once

    const after = await get(id, tag);
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(tag);
    expect(after.json.timeline.filter((e: { id: string }) => e.id === older)).toHaveLength(1);
    expect((await get(id, after.headers.get("etag")!)).status).toBe(304);
  });

  it("answers the poll's 304 in at most 1 read unit even when the newest entry is 150 KB", async () => {
    const { id } = await submitTicket(desk.app);
    await desk.drain();
    await store()
      .entities.entry.create({
        ticketId: id,
        entryId: ulid(),
        kind: "customer_message",
        createdAt: new Date().toISOString(),
        authorType: "customer",
        channel: "email",
        body: "x".repeat(150_000),
      })
      .go();
    const tag = (await get(id)).headers.get("etag")!;

    startMetering();
    expect(await currentViewTag(id)).toBe(tag);
    const direct = takeMetered();
    const units = direct.reduce((sum, c) => sum + c.readUnits, 0);
    expect(units).toBeGreaterThan(0); // metered (the emulator reports consumed capacity)
    expect(units).toBeLessThanOrEqual(1);

    expect((await get(id, tag)).status).toBe(304);
    const polled = takeMetered();
    expect(polled.some((c) => c.command === "Query")).toBe(false);
    for (const c of polled) expect(c.readUnits).toBeLessThanOrEqual(1);
  });

  it("matches If-None-Match weakly and in lists; If-Match still takes the earlier tag forms", async () => {
    const { id } = await submitTicket(desk.app);
    await desk.drain();
    const first = await get(id);
    const tag = first.headers.get("etag")!;
    const version = first.json.version as number;
    expect(tag).toMatch(new RegExp(`^"${version}\\.\\d+"$`));
    expect((await get(id, `W/${tag}`)).status).toBe(304);
    expect((await get(id, `"0.0", ${tag}`)).status).toBe(304);
    expect((await get(id, "*")).status).toBe(304);
    expect((await get(id, `"${version}"`)).status).toBe(200);

    // Before the view stamp, tags were "7" and then "7-<newest entry>": both still name the version.
    expect((await patch(id, { priority: "high" }, `"${version}"`)).status).toBe(200);
    const newest = first.json.timeline.at(-1).id;
    expect((await patch(id, { priority: "low" }, `"${version + 1}-${newest}"`)).status).toBe(200);
    const current = (await get(id)).headers.get("etag")!;
    expect((await patch(id, { priority: "normal" }, `W/${current}`)).status).toBe(200);
    expect((await patch(id, { priority: "high" }, `"${version}"`)).status).toBe(412);
  });

  it("changes when a reply's delivery result is recorded", async () => {
    const { id } = await submitTicket(desk.app);
    await desk.drain();
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: alice.session,
      body: { body: "On it" },
    });
    expect(reply.status).toBe(201);
    const queued = await get(id);
    const tag = queued.headers.get("etag")!;
    await desk.drain();
    const delivered = await get(id, tag);
    expect(delivered.status).toBe(200);
    expect(
      delivered.json.timeline.find((e: { id: string }) => e.id === reply.json.entry.id).delivery.status,
    ).toBe("sent");
  });
});
