import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { DeleteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../../core/config.ts";
import { newId } from "../../core/ids.ts";
import { putObject, storeFiles } from "../../core/mail/raw-store.ts";
import { type ReclaimResult, reclaimOrphanFiles } from "../../core/ops/file-reclaim.ts";
import { SweepSettings } from "../../core/sla/sweep-settings.ts";
import { dynamo } from "../../core/store/client.ts";
import { store } from "../../core/store/index.ts";
import { call, signedInAgent, startTestDesk, type TestDesk } from "../support/desk.ts";
import { deliver, ticketsOf } from "../support/mail.ts";

/**
 * The reclaim's verdict "no entry lists this file" must hold whatever the entry looks like to today's code: an
 * entry item another version of the code wrote (an entity version bump, renamed attributes) still holds its
 * files. And the walk's position never passes keys that files will be stored under later. Real emulators (S3 of
 * fauxqs, DynamoDB Local); the reclaim's clock runs days ahead (S3's upload times are real).
 */
let desk: TestDesk;
let agent: Awaited<ReturnType<typeof signedInAgent>>;
const DAY = 24 * 3_600_000;
const ahead = (days: number) => new Date(Date.now() + days * DAY);
const reclaim = async (now: Date) => reclaimOrphanFiles(now, await SweepSettings.read());

async function storedKeys() {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await new S3Client({ forcePathStyle: true }).send(
      new ListObjectsV2Command({ Bucket: config().mailBucket, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

/** Reclaims until the walk is done (bounded), each run a minute after the last. */
async function reclaimAll(from: Date) {
  const runs: ReclaimResult[] = [];
  for (let n = 0; n < 20; n++) {
    const run = await reclaim(new Date(from.getTime() + n * 60_000));
    if (run === "not_due") break;
    runs.push(run);
    if (run.done) break;
  }
  return runs;
}

beforeAll(async () => {
  desk = await startTestDesk();
  agent = await signedInAgent(desk.app, { name: "Safety Agent" });
}, 120_000);

describe("the reclaim of orphan files, when unsure", () => {
  it("keeps the files of an entry item written by another version of the code", async () => {
    const created = await call(desk.app, "POST", "/api/tickets", {
      as: agent.session,
      body: {
        name: "Vera",
        email: "vera@example.com",
        subject: "Versions",
        message: "x",
        channel: "phone",
      },
    });
    expect(created.status).toBe(201);
    const ticketId = created.json.id;
    // Two notes with a file each, their items then rewritten as a later entity version would have them (or a
    // migration left them): today's ElectroDB model does not own them, but each entry is there and names its file.
    const table = config().tableName;
    const rewrite = async (text: string, change: (item: Record<string, unknown>, key: string) => object) => {
      const note = await call(desk.app, "POST", `/api/tickets/${ticketId}/notes`, {
        as: agent.session,
        body: {
          body: text,
          attachments: [{ name: `${text}.txt`, contentType: "text/plain", contentBase64: "dmVyc2lvbnM=" }],
        },
      });
      expect(note.status).toBe(201);
      const entryId = note.json.entry.id;
      const Key = { pk: `TICKET#${ticketId}`, sk: `E#${entryId}` };
      const { Item } = await dynamo().send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
      const key = (Item!.attachments as { key: string }[])[0]!.key;
      await dynamo().send(
        new PutCommand({ TableName: table, Item: { ...change(Item!, key), __edb_v__: "2" } }),
      );
      return key;
    };
    const keys = [
      await rewrite("version", (item) => item),
      // Its files held in a string set, as another layout might keep them.
      await rewrite("set", ({ attachments: _listed, ...rest }, key) => ({
        ...rest,
        fileKeys: new Set([key]),
      })),
    ];

    await reclaimAll(ahead(2));
    const left = await storedKeys();
    for (const key of keys) expect(left).toContain(key);
  });

  it("never moves its position past keys files will be stored under later", async () => {
    // A key under attachments/ that does not start with an entry's ULID sorts after every ULID (a test's, a
    // hand-made one): the walk must not jump past the files stored after it.
    await putObject("attachments/zz-by-hand/0-a.txt", Buffer.from("by hand"), "text/plain");
    await reclaimAll(ahead(4));
    // An orphan stored afterwards (a write that never happened), reclaimed by a later daily walk.
    const [orphan] = await storeFiles({ ticketId: newId(), entryId: newId() }, [
      { name: "later.txt", contentType: "text/plain", content: Buffer.from("never written") },
    ]);
    await reclaimAll(ahead(6));
    const left = await storedKeys();
    expect(left).not.toContain(orphan!.key);
    expect(left).toContain("attachments/zz-by-hand/0-a.txt");
  });

  it("keeps the files of a message cut short and of its complete copy, filed beside it", async () => {
    // tests/fixtures/email/desk: the same message cut mid-attachment, then whole (core/mail/complete-copy.ts).
    const fixture = (name: string) =>
      Buffer.from(
        readFileSync(join(import.meta.dirname, "../fixtures/email/desk", name))
          .toString("latin1")
          .replaceAll("irene.morel@client.example", "cut@example.com"),
        "latin1",
      );
    for (const name of ["rw6-relay-retry-cut.eml", "rw6-relay-retry-complete.eml"]) {
      await deliver(desk, fixture(name));
      await desk.drain();
    }
    const [ticket] = await ticketsOf(desk, agent.session, "cut@example.com");
    const { data: entries } = await store().entities.entry.query.byTicket({ ticketId: ticket!.id }).go();
    const keys = entries.flatMap((e) => (e.attachments ?? []).flatMap((a) => (a.key ? [a.key] : [])));
    expect(keys.some((k) => k.includes(".complete@"))).toBe(true);

    const runs = await reclaimAll(ahead(8));
    expect(runs.reduce((n, r) => n + r.referenced, 0)).toBeGreaterThanOrEqual(keys.length);
    const left = await storedKeys();
    for (const key of keys) expect(left).toContain(key);
  });

  it("deletes nothing while the table it reads never numbered a ticket (a renamed or recreated table)", async () => {
    // The ticket counter gone stands for a table other than the one the files were written for: there every
    // file looks orphaned. Restored afterwards, the same walk deletes the orphan.
    const table = config().tableName;
    const Key = { pk: "COUNTER#ticket", sk: "COUNTER" };
    const { Item: counter } = await dynamo().send(
      new GetCommand({ TableName: table, Key, ConsistentRead: true }),
    );
    expect(counter).toBeDefined();
    await dynamo().send(new DeleteCommand({ TableName: table, Key }));
    const [orphan] = await storeFiles({ ticketId: newId(), entryId: newId() }, [
      { name: "orphan.txt", contentType: "text/plain", content: Buffer.from("never written") },
    ]);

    const [run] = await reclaimAll(ahead(10));
    expect(run).toMatchObject({ deleted: 0, withheld: 1, done: true });
    expect(await storedKeys()).toContain(orphan!.key);

    await dynamo().send(new PutCommand({ TableName: table, Item: counter }));
    const [after] = await reclaimAll(ahead(12));
    expect(after).toMatchObject({ deleted: 1 });
    expect(await storedKeys()).not.toContain(orphan!.key);
  });
});
