import { beforeAll, describe, expect, it } from "vitest";
import { forgetDeskNames } from "../../core/desk/name.ts";
import {
  AUTO_MAIL_LIMIT,
  AUTO_MAIL_SAME_SUBJECT_LIMIT,
  acknowledgeTicket,
} from "../../core/mail/acknowledge.ts";
import { forgetSlaContext } from "../../core/sla/policy.ts";
import { dynamo } from "../../core/store/client.ts";
import { store } from "../../core/store/index.ts";
import { getTicketWithTimeline } from "../../core/ticket/read.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { triageTicket } from "../../core/triage/triage.ts";
import { limitInOneWindow } from "../support/clock.ts";
import { call, startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";

/**
 * The requests of the paths a cold start pays for (tests/bench/cold-start.ts): a web-form submission, and the
 * triage and acknowledgement of its ticket.created event. Each DynamoDB request is recorded with the key or
 * partition it names and when it was in flight, so a read made twice or a round trip made after another it
 * does not depend on shows here.
 */
interface Sent {
  command: string;
  key: string;
  start: number;
  end: number;
}
const sent: Sent[] = [];
let clock = 0;

/** The item or partition a request names (a transaction: its items). */
function keyOf(input: Record<string, unknown>): string {
  const key = (k?: Record<string, { S?: string }>) => (k ? `${k.pk?.S}|${k.sk?.S ?? ""}` : "");
  const i = input as {
    Key?: Record<string, { S?: string }>;
    Item?: Record<string, { S?: string }>;
    ExpressionAttributeValues?: Record<string, { S?: string }>;
    RequestItems?: Record<string, { Keys?: Record<string, { S?: string }>[] }>;
    TransactItems?: unknown[];
  };
  if (i.Key) return key(i.Key);
  if (i.Item) return key(i.Item);
  if (i.RequestItems)
    return Object.values(i.RequestItems)
      .flatMap((r) => (r.Keys ?? []).map((k) => key(k)))
      .join(",");
  if (i.ExpressionAttributeValues) return `query ${i.ExpressionAttributeValues[":pk"]?.S}`;
  return i.TransactItems ? "transaction" : "?";
}

const take = () => sent.splice(0, sent.length);
const commands = (calls: Sent[]) => calls.map((c) => c.command).sort();
const overlap = (a: Sent, b: Sent) => a.start < b.end && b.start < a.end;
const find = (calls: Sent[], prefix: string) => {
  const found = calls.find((c) => c.key.startsWith(prefix));
  if (!found) throw new Error(`no request for ${prefix} in ${calls.map((c) => c.key).join("; ")}`);
  return found;
};
/** The most requests made one after another, each sent once the one before it had answered. */
const inARow = (calls: Sent[]) => {
  const depth = new Map<Sent, number>();
  for (const call of [...calls].sort((a, b) => a.start - b.start))
    depth.set(
      call,
      1 + Math.max(0, ...calls.filter((c) => c.end < call.start).map((c) => depth.get(c) ?? 0)),
    );
  return Math.max(0, ...depth.values());
};
/** Every item or partition read at most once. */
const readsOnce = (calls: Sent[]) => {
  const reads = calls.filter((c) => /^(Get|Query|BatchGet)/.test(c.command)).map((c) => c.key);
  return reads.filter((key, i) => reads.indexOf(key) !== i);
};

let desk: TestDesk;
beforeAll(async () => {
  process.env.DESK_LIMIT_SUBMISSIONS_PER_IP = limitInOneWindow(3, 3600);
  process.env.DESK_LIMIT_SUBMISSIONS_PER_EMAIL = limitInOneWindow(2, 3600);
  desk = await startTestDesk();
  await seedDefaults();
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const entry: Sent = {
        command: String(context.commandName).replace(/Command$/, ""),
        key: keyOf((args as { input: Record<string, unknown> }).input),
        start: clock++,
        end: Number.POSITIVE_INFINITY,
      };
      sent.push(entry);
      try {
        return await next(args);
      } finally {
        entry.end = clock++;
      }
    },
    { step: "build", name: "coldPathRecorder" },
  );
});

describe("the cold paths' requests", () => {
  it("files a web-form ticket in 7 DynamoDB requests, 5 in a row: the address counted after the IP, the SLA settings (with the desk's addresses to refuse) in one read beside it", async () => {
    forgetSlaContext(); // as in a fresh process
    take();
    await submitTicket(desk.app);
    const calls = take();

    expect(commands(calls)).toEqual([
      "BatchGetItem",
      "DeleteItem",
      "TransactWriteItems",
      "UpdateItem",
      "UpdateItem",
      "UpdateItem",
      "UpdateItem",
    ]);
    // The address is counted only once the IP's limit let the submission through (see the next test).
    expect(find(calls, "RATE#submit-ip:").end).toBeLessThan(find(calls, "RATE#submit-email:").start);
    // The settings are read beside the address's count: the desk's other addresses they carry are refused before
    // a number is taken, and no request is added in a row.
    expect(overlap(find(calls, "CONFIG|SETTING#business-hours"), find(calls, "RATE#submit-email:"))).toBe(
      true,
    );
    expect(find(calls, "CONFIG|SETTING#business-hours").end).toBeLessThan(
      find(calls, "COUNTER#ticket").start,
    );
    expect(inARow(calls)).toBe(5); // as before the desk's addresses were refused here
  });

  it("still refuses a flood from one IP, broken bodies included, and a refusal creates no ticket", async () => {
    const ip = "203.0.113.77";
    const before = (await store().entities.counter.get({ name: "ticket" }).go()).data?.value ?? 0;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call(desk.app, "POST", "/api/tickets", { body: { name: "x" }, ip })).status);
    const refused = await call(desk.app, "POST", "/api/tickets", {
      body: { name: "Ann", email: "ann.flood@example.com", subject: "Hi", message: "Hello" },
      ip,
    });
    const broken = await call(desk.app, "POST", "/api/tickets", { body: { name: "x" }, ip });

    expect(statuses).toEqual([400, 400, 400]);
    expect(refused.status).toBe(429);
    expect(broken.status).toBe(429);
    expect((await store().entities.counter.get({ name: "ticket" }).go()).data?.value ?? 0).toBe(before);
  });

  it("never counts an address for a submission its IP's limit refused: a refused IP cannot lock a customer out", async () => {
    const ip = "203.0.113.78";
    const victim = { name: "Vic", email: "victim.lockout@example.com", subject: "Hi", message: "Hello" };
    for (let i = 0; i < 3; i++) await call(desk.app, "POST", "/api/tickets", { body: { name: "x" }, ip });
    for (let i = 0; i < 2; i++)
      expect((await call(desk.app, "POST", "/api/tickets", { body: victim, ip })).status).toBe(429);

    const real = await call(desk.app, "POST", "/api/tickets", { body: victim, ip: "198.51.100.251" });
    expect(real.status).toBe(201);
  });

  it("triages a new ticket reading nothing twice, its first reads side by side", async () => {
    const { id } = await submitTicket(desk.app, { subject: "My laptop screen is broken" });
    forgetSlaContext();
    take();
    expect(await triageTicket(id)).toBe("triaged");
    const calls = take();

    expect(readsOnce(calls)).toEqual([]);
    const claim = find(calls, `IDEM#triage#${id}`);
    for (const prefix of ["query TICKET#", "CONFIG|SETTING#triage", "query CONFIG", "MODEL|HEAD"])
      expect(overlap(claim, find(calls, prefix))).toBe(true);
    expect(calls.filter((c) => c.key === `TICKET#${id}|TICKET`)).toEqual([]); // the write starts from the Query
    // The routed team's item (auto-assign) is read beside its members, each team's members once.
    const team = calls.find((c) => c.command === "GetItem" && c.key.startsWith("CONFIG|TEAM#"))!;
    expect(overlap(team, find(calls, `query TEAM#${team.key.slice("CONFIG|TEAM#".length)}`))).toBe(true);
    // Claim, timeline, 3 settings reads, categories, model head, the routed team and members of two teams,
    // the write, the change marker, the outbox delete (17 before: categories, members, ticket, settings twice).
    expect(calls.length).toBeLessThanOrEqual(12);
  });

  it("acknowledges in 11 requests, the suppression list and the desk's name read while the claim is written", async () => {
    const { id } = await submitTicket(desk.app);
    const { entries } = await getTicketWithTimeline(id);
    forgetDeskNames(); // as in a fresh Acknowledge worker, which reads no SLA settings to find it in
    take();
    expect(await acknowledgeTicket(id, entries[0]!.entryId)).toBe("sent");
    const calls = take();

    expect(calls).toHaveLength(11);
    expect(overlap(find(calls, "SUPPRESS#"), find(calls, `IDEM#ack#${id}`))).toBe(true);
    expect(overlap(find(calls, "CONFIG|SETTING#desk-name"), find(calls, `IDEM#ack#${id}`))).toBe(true);
    const [address, subject] = calls.filter((c) => c.key.startsWith("RATE#automail:"));
    expect(overlap(address!, subject!)).toBe(true);
    // Hit together, the two loop-guard windows must stay one window: see loopGuard.
    expect(AUTO_MAIL_SAME_SUBJECT_LIMIT.windowSeconds).toBe(AUTO_MAIL_LIMIT.windowSeconds);
  });
});
