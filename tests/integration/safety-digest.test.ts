import { beforeAll, expect, it } from "vitest";
import { claimOnce } from "../../core/claim.ts";
import { ALERTS_ALONE_PER_HOUR, alertAloneOrDigest } from "../../core/sla/digest.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import {
  call,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/** Many tickets nobody takes at once: a few alerts alone, the rest in one digest per admin — never a storm. */
let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  await call(desk.app, "PUT", "/api/admin/business-hours", {
    as: admin.session,
    body: { timezone: "UTC", alwaysOpen: true },
  });
});

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const toAdmin = async () =>
  (await sentMail(desk.endpoints.mail)).filter((m) =>
    m.destination.to.some((to) => to.includes(admin.email)),
  );

it("mails the first alerts one by one and folds the rest into one digest at the next sweep, once", async () => {
  const tickets = [];
  for (let i = 0; i < ALERTS_ALONE_PER_HOUR + 3; i++)
    tickets.push(await submitTicket(desk.app, { subject: `Storm ${i}`, message: "Nobody is here." }));
  await desk.drain();
  await runSweep(later(31));
  await desk.drain();
  const alone = (await toAdmin()).filter((m) => /Nobody has taken/.test(m.subject));
  expect(alone).toHaveLength(ALERTS_ALONE_PER_HOUR);

  await runSweep(later(32));
  await desk.drain();
  await runSweep(later(33));
  await desk.drain();
  const digests = (await toAdmin()).filter((m) => /tickets need someone/.test(m.subject));
  expect(digests).toHaveLength(1);
  expect(digests[0]!.subject).toBe("3 tickets need someone");
  // Every ticket reached the admin exactly once: alone or in the digest.
  for (const { number } of tickets) {
    const subject = `Storm ${number - tickets[0]!.number}`;
    const inAlone = alone.filter((m) => m.subject.endsWith(subject)).length;
    const inDigest = digests[0]!.body.text.split("\n").filter((line) => line.endsWith(subject)).length;
    expect(inAlone + inDigest).toBe(1);
  }
  expect((await toAdmin()).filter((m) => /Nobody has taken|need someone/.test(m.subject))).toHaveLength(
    ALERTS_ALONE_PER_HOUR + 1,
  );
});

it("keeps an alert already mailed alone out of the digest when it is redelivered after the hour filled up", async () => {
  const agentId = `agent-redelivery-${Date.now()}`;
  const ticket = { ticketId: "t-redelivered", number: 9001 };
  const alert = (eventId: string) => ({ eventId, ...ticket, subject: "Redelivered" });
  // The first alert went out alone (its notice claim exists), then later alerts filled the hour.
  expect(await alertAloneOrDigest(agentId, alert("evt-first"))).toBe(true);
  await claimOnce("notice", `evt-first#${agentId}`, ticket);
  for (let i = 1; i < ALERTS_ALONE_PER_HOUR; i++)
    expect(await alertAloneOrDigest(agentId, alert(`evt-${i}`))).toBe(true);
  expect(await alertAloneOrDigest(agentId, alert("evt-over"))).toBe(false);
  // Redelivered: still "alone" (the notice's own claim then says already sent), never a second mail in a digest.
  expect(await alertAloneOrDigest(agentId, alert("evt-first"))).toBe(true);
});
