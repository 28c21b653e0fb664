import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../../core/config.ts";
import { storeInboundMail } from "../../core/mail/raw-store.ts";
import { fileOrList } from "../../core/mail/unfiled-retry.ts";
import { readCounts } from "../../core/ticket/counts.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { failDynamoCalls } from "../support/dynamo-faults.ts";
import { acksTo, deliver, rawMail, ticketsOf } from "../support/mail.ts";

/**
 * Inbound mail filed while DynamoDB refuses a request (throttled, its retries spent), through the InboundMail
 * worker as Lambda invokes it (its own retries at once in tests): the message is filed once, acknowledged once,
 * and what the desk counts of it (stored bytes, for the cost report) is counted once.
 */
let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let heal: (() => void) | undefined;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
});

/** The files stored for timeline entries in this desk's bucket (each test file has its own bucket). */
async function storedAttachments() {
  const s3 = new S3Client({ forcePathStyle: true });
  const { Contents = [] } = await s3.send(
    new ListObjectsV2Command({ Bucket: config().mailBucket, Prefix: "attachments/" }),
  );
  return Contents.map((o) => o.Key!);
}
const storedBytes = async () => (await readCounts(["storage:bytes"]))["storage:bytes"] ?? 0;

describe("a new message whose ticket transaction is throttled", () => {
  it("files one ticket, one acknowledgement, and counts its bytes once", async () => {
    await desk.drain();
    const from = "throttled-filing@example.com";
    const attachment = Buffer.alloc(2048, 66);
    const raw = await rawMail({
      from,
      subject: "Scanner offline",
      attachments: [{ filename: "scan.log", content: attachment, contentType: "text/plain" }],
    });
    const before = await storedBytes();

    // The first two attempts' ticket transactions are refused; the third files it.
    let refused = 0;
    heal = failDynamoCalls(
      ({ command, text }) =>
        command === "TransactWriteItemsCommand" && text.includes("Scanner offline") && ++refused <= 2,
    );
    await deliver(desk, raw);
    heal();
    await desk.drain();

    expect(refused).toBeGreaterThanOrEqual(2);
    const tickets = await ticketsOf(desk, admin.session, from);
    expect(tickets).toHaveLength(1);
    expect(await acksTo(desk, from)).toHaveLength(1);
    expect((await storedBytes()) - before).toBe(raw.length + attachment.length);
    // The refused attempts' copies of the attachment are gone: only the filed entry's remains.
    expect((await storedAttachments()).filter((key) => key.endsWith("scan.log"))).toHaveLength(1);
  });
});

describe("a message refused on every attempt", () => {
  it("is listed as unfiled for admins in the last round, its bytes counted once", async () => {
    const raw = await rawMail({ from: "never-filed@example.com", subject: "Always throttled" });
    const rawKey = await storeInboundMail(raw);
    const before = await storedBytes();
    heal = failDynamoCalls(
      ({ command, text }) =>
        command === "TransactWriteItemsCommand" &&
        text.includes("Always throttled") &&
        !text.includes('"UNFILED"'),
    );
    // Earlier rounds fail (Lambda and the sweep retry them); the last one lists it.
    for (const round of [0, 1, 2]) await expect(fileOrList(rawKey, round, 3)).rejects.toThrow(/throughput/);
    const listed = await fileOrList(rawKey, 3, 3);
    heal();

    expect(listed).toMatchObject({ outcome: "unfiled", reason: "failed" });
    const unfiled = await call(desk.app, "GET", "/api/admin/unfiled", { as: admin.session });
    expect(unfiled.json.items.map((i: { subject: string }) => i.subject)).toContain("Always throttled");
    // The reason says it failed every time (in the admin's language); the detail is the error alone, no English.
    const item = unfiled.json.items.find((i: { subject: string }) => i.subject === "Always throttled");
    expect(item.reason).toBe("failed");
    expect(item.detail).toMatch(/^ProvisionedThroughputExceededException|throughput/i);
    expect(item.detail).not.toMatch(/Failed on every attempt/);
    expect((await storedBytes()) - before).toBe(raw.length);
  });
});
