import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ClaimLeasedError, claimLease, claimLeaseSeconds, sendOnce } from "../../core/claim.ts";
import { acknowledgeTicket } from "../../core/mail/acknowledge.ts";
import { store } from "../../core/store/index.ts";
import { getTicketWithTimeline } from "../../core/ticket/read.ts";
import { startTestDesk, submitTicket, type TestDesk } from "../support/desk.ts";
import { mailsTo } from "../support/mail.ts";

let desk: TestDesk;
beforeAll(async () => {
  desk = await startTestDesk();
});

const ticket = { ticketId: "-", number: 0 };
const claimOf = async (scope: string, key: string) =>
  (await store().entities.idempotency.get({ scope, idemKey: key }).go({ consistent: true })).data;
const afterLease = (from: Date) => new Date(from.getTime() + (claimLeaseSeconds() + 1) * 1000);

describe("sendOnce: a claim is a lease", () => {
  it("sends once, confirms the claim with the SES message id, and answers already_sent afterwards", async () => {
    const key = randomUUID();
    let sends = 0;
    const send = async () => {
      sends++;
      return "ses-id-1";
    };
    expect(await sendOnce("test", key, ticket, send)).toBe("sent");
    expect(await sendOnce("test", key, ticket, send)).toBe("already_sent");
    expect(sends).toBe(1);
    expect(await claimOf("test", key)).toMatchObject({ state: "sent", sesMessageId: "ses-id-1" });
  });

  it("a failed send releases its lease so that the next delivery sends", async () => {
    const key = randomUUID();
    await expect(
      sendOnce("test", key, ticket, async () => {
        throw new Error("SES throttled");
      }),
    ).rejects.toThrow("SES throttled");
    expect(await claimOf("test", key)).toBeNull();
    expect(await sendOnce("test", key, ticket, async () => "id")).toBe("sent");
  });

  it("a crashed run's lease makes deliveries retry until it expires, then one takes it over", async () => {
    const key = randomUUID();
    const crashedAt = new Date();
    await claimLease("test", key, ticket, crashedAt); // claimed, then killed before sending

    const attempts: unknown[] = [];
    const send = async (attempt: unknown) => {
      attempts.push(attempt);
      return "id";
    };
    // Within the lease: not "already sent" (that would lose the mail) but an error, so SQS redelivers.
    await expect(sendOnce("test", key, ticket, send, crashedAt)).rejects.toBeInstanceOf(ClaimLeasedError);
    expect(attempts).toHaveLength(0);

    const later = afterLease(crashedAt);
    expect(await sendOnce("test", key, ticket, send, later)).toBe("sent");
    expect(attempts).toEqual([{ takeover: true, previousClaimAt: crashedAt.toISOString() }]);
    expect(await claimOf("test", key)).toMatchObject({ state: "sent", attempts: 2 });
    expect(await sendOnce("test", key, ticket, send, afterLease(later))).toBe("already_sent");
  });

  it("two deliveries racing for an expired lease: exactly one takes it over", async () => {
    const key = randomUUID();
    const crashedAt = new Date();
    await claimLease("test", key, ticket, crashedAt);
    const later = afterLease(crashedAt);
    const outcomes = await Promise.allSettled([
      claimLease("test", key, ticket, later),
      claimLease("test", key, ticket, later),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ClaimLeasedError);
  });

  it("a claim made before leases (no state) still counts as sent", async () => {
    const key = randomUUID();
    await store()
      .entities.idempotency.create({
        scope: "test",
        idemKey: key,
        fingerprint: "",
        ticketId: "-",
        number: 0,
        createdAt: new Date().toISOString(),
      })
      .go();
    expect(await sendOnce("test", key, ticket, async () => "id")).toBe("already_sent");
  });
});

describe("acknowledgements survive a crash between claim and send", () => {
  it("the acknowledgement goes out once after the lease, and the timeline says it may be a duplicate", async () => {
    const email = `crash-${randomUUID().slice(0, 6)}@example.com`;
    const { id } = await submitTicket(desk.app, { email });
    const { ticket: created, entries } = await getTicketWithTimeline(id);
    const crashedAt = new Date();
    await claimLease("ack", id, created, crashedAt);

    await expect(acknowledgeTicket(id, entries[0]!.entryId, crashedAt)).rejects.toBeInstanceOf(
      ClaimLeasedError,
    );
    expect(await mailsTo(desk, email)).toHaveLength(0);

    expect(await acknowledgeTicket(id, entries[0]!.entryId, afterLease(crashedAt))).toBe("sent");
    expect(await acknowledgeTicket(id, entries[0]!.entryId, afterLease(crashedAt))).toBe(
      "already_acknowledged",
    );
    expect(await mailsTo(desk, email)).toHaveLength(1);
    const { entries: after } = await getTicketWithTimeline(id);
    const ack = after.find((e) => e.kind === "auto_mail");
    expect(ack?.body).toContain("was never confirmed");
    expect(ack?.delivery?.status).toBe("sent");
    expect((await claimOf("ack", id))?.state).toBe("sent");
  });
});
