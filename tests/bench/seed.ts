import { createAgent, findAgentByEmail } from "../../core/agent/agent.ts";
import { newId, shardOf } from "../../core/ids.ts";
import { type EntryItem, store, type TicketItem } from "../../core/store/index.ts";
import { queueOf } from "../../core/ticket/model.ts";

/**
 * Adds `count` tickets (each with one message, numbered after the existing ones) by batch writes straight to
 * the store, since going through the API would take hours for 100,000. Also creates the admin the latency
 * run signs in as.
 */
export async function seedTickets(count: number): Promise<void> {
  if (!(await findAgentByEmail("bench-admin@desk.test"))) {
    await createAgent({
      email: "bench-admin@desk.test",
      name: "Bench",
      password: "bench password 123",
      role: "admin",
    });
  }
  const { ticket, entry, counter } = store().entities;
  const existing = (await counter.get({ name: "ticket" }).go()).data?.value ?? 0;
  const statuses = ["new", "open", "pending", "solved", "closed"] as const;
  const teams = ["support", "network", "hardware", undefined];
  const batch = 500;
  let done = 0;
  while (done < count) {
    const size = Math.min(batch, count - done);
    const tickets: TicketItem[] = [];
    const entries: EntryItem[] = [];
    for (let i = 0; i < size; i++) {
      const n = existing + done + i + 1;
      const at = new Date(Date.now() - (count - n) * 60_000).toISOString();
      const ticketId = newId(new Date(at));
      const team = teams[n % teams.length];
      const item: TicketItem = {
        ticketId,
        number: n,
        subject: `Seeded ticket ${n}`,
        requesterName: "Seed",
        requesterEmail: `seed${n % 5000}@example.com`,
        channel: "web",
        status: statuses[n % statuses.length]!,
        priority: "normal",
        tier: "L1",
        locale: "en",
        team,
        tags: [],
        createdAt: at,
        updatedAt: at,
        lastActivityAt: at,
        reopenCount: 0,
        version: 1,
        shard: shardOf(ticketId),
        // Like real open tickets, every non-closed one sits in the due index — with its next check days ahead.
        nextCheckAt:
          n % statuses.length === 4 ? "" : new Date(Date.now() + (1 + (n % 30)) * 86_400_000).toISOString(),
        ...queueOf({ team, assigneeId: undefined }),
      };
      tickets.push(item);
      entries.push({
        ticketId,
        entryId: newId(new Date(at)),
        kind: "customer_message",
        createdAt: at,
        authorType: "customer",
        body: "Seeded",
      });
    }
    // ElectroDB splits these into BatchWriteItem calls of 25 and retries unprocessed items.
    await Promise.all([
      ticket.put(tickets).go({ concurrency: 4 }),
      entry.put(entries).go({ concurrency: 4 }),
    ]);
    done += size;
    if (done % 10_000 === 0) process.stderr.write(`  seeded ${done}/${count}\n`);
  }
  await counter.put({ name: "ticket", value: existing + count }).go();
}
