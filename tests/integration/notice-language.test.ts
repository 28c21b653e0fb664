import { beforeAll, describe, expect, it } from "vitest";
import { ALERTS_ALONE_PER_HOUR } from "../../core/sla/digest.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import { handler as mailWorker } from "../../functions/workers/mail.ts";
import {
  call,
  failedInvocations,
  patchTicket,
  sentMail,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";
import { deliver, rawMail } from "../support/mail.ts";

/**
 * Notices to agents (`ticket.notice`: SLA warnings, safety-net alerts, held mail) reach each agent in their own
 * language: one event, a French agent reads French and an English agent English. Events queued before the
 * French text existed still mail, in English.
 */
let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
let french: Awaited<ReturnType<typeof signedInAgent>>;
let english: Awaited<ReturnType<typeof signedInAgent>>;
const TEAM = "langues";

beforeAll(async () => {
  desk = await startTestDesk();
  await seedDefaults();
  admin = await signedInAgent(desk.app, { role: "admin", name: "Ada Admin" });
  await call(desk.app, "PUT", "/api/admin/business-hours", {
    as: admin.session,
    body: { timezone: "UTC", alwaysOpen: true },
  });
  french = await signedInAgent(desk.app, { teams: [TEAM], name: "Élodie Garnier" });
  english = await signedInAgent(desk.app, { teams: [TEAM], name: "Edward Green" });
  const patched = await call(desk.app, "PATCH", "/api/me", { as: french.session, body: { locale: "fr" } });
  expect(patched.status).toBe(200);
});

const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
/** Mails to `address` about ticket `number`. */
const mails = async (address: string, number: number) =>
  (await sentMail(desk.endpoints.mail)).filter(
    (m) => m.destination.to.some((to) => to.includes(address)) && m.subject.startsWith(`[#${number}] `),
  );

/** A ticket of the team, unassigned, of normal priority (set after triage, which cannot give it away). */
async function teamTicket(subject: string) {
  const ticket = await submitTicket(desk.app, { subject, message: "Rien ne marche." });
  await desk.drain();
  await patchTicket(desk.app, admin.session, ticket.id, { team: TEAM, assigneeId: null, priority: "normal" });
  await desk.drain();
  return ticket;
}

describe("notices in the agent's language", () => {
  it("mails one safety-net alert and one SLA warning in French to the French agent, in English to the other", async () => {
    const { number } = await teamTicket("Imprimante en panne");
    await runSweep(later(31));
    await desk.drain();
    await runSweep(later(365)); // normal priority: first response due at 480 minutes, warned at 75 %
    await desk.drain();

    const toFrench = await mails(french.email, number);
    const alertFr = toFrench.find((m) => m.subject.includes("Personne ne s'en occupe"));
    expect(alertFr?.subject).toBe(`[#${number}] Personne ne s'en occupe : Imprimante en panne`);
    expect(alertFr!.body.text).toContain(
      `Le ticket #${number} « Imprimante en panne » (priorité normale, équipe ${TEAM}) attend depuis`,
    );
    expect(alertFr!.body.text).toContain("Prenez-le ou confiez-le à quelqu'un.");
    expect(alertFr!.body.text).toContain("L'ouvrir : ");
    const warnFr = toFrench.find((m) => m.subject.includes("Alerte SLA"));
    expect(warnFr?.subject).toMatch(
      new RegExp(`^\\[#${number}\\] Alerte SLA : première réponse attendue dans 1 h \\d+ min$`),
    );
    expect(warnFr!.body.text).toContain(
      `Le ticket #${number} « Imprimante en panne » (priorité normale) attend sa première réponse au plus tard le `,
    );
    expect(toFrench.some((m) => /Nobody has taken|SLA warning|Open it/.test(m.subject + m.body.text))).toBe(
      false,
    );

    const toEnglish = await mails(english.email, number);
    expect(toEnglish.map((m) => m.subject)).toEqual(
      expect.arrayContaining([
        `[#${number}] Nobody has taken: Imprimante en panne`,
        expect.stringMatching(/SLA warning: first response due in 1 h \d+ min$/),
      ]),
    );
    expect(toEnglish.every((m) => m.body.text.includes("Open it: "))).toBe(true);
    expect(toEnglish.some((m) => /Personne|Alerte|L'ouvrir/.test(m.subject + m.body.text))).toBe(false);
  });

  it("tells the French agent in French that the assignee is away", async () => {
    const { id, number } = await teamTicket("Scanner bloqué");
    await patchTicket(desk.app, admin.session, id, { assigneeId: english.agent.agentId });
    await desk.drain();
    const away = await call(desk.app, "PATCH", `/api/admin/agents/${english.agent.agentId}`, {
      as: admin.session,
      body: { away: true },
    });
    expect(away.status).toBe(200);
    try {
      await runSweep(later(1));
      await desk.drain();
    } finally {
      await call(desk.app, "PATCH", `/api/admin/agents/${english.agent.agentId}`, {
        as: admin.session,
        body: { away: false },
      });
    }
    const [notice] = (await mails(french.email, number)).filter((m) => m.subject.includes("indisponible"));
    expect(notice?.subject).toBe(`[#${number}] Edward Green est indisponible : Scanner bloqué`);
    expect(notice!.body.text).toContain("est attribué à Edward Green, qui est indisponible.");
  });

  it("tells a French assignee in French of mail held from someone not on the ticket", async () => {
    const { id, number } = await teamTicket("Accès VPN");
    await patchTicket(desk.app, admin.session, id, { assigneeId: french.agent.agentId });
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: french.session,
      body: { body: "Pouvez-vous redémarrer ?" },
    });
    expect(reply.status).toBe(201);
    await desk.drain();
    const ticket = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin.session })).json;
    const sent = ticket.timeline.find((e: { id: string }) => e.id === reply.json.entry.id);
    await deliver(
      desk,
      await rawMail({
        from: "Mallory <mallory@ailleurs.example>",
        inReplyTo: sent.messageId,
        subject: "Re: Accès VPN",
        text: "moi aussi",
      }),
    );
    const [notice] = (await mails(french.email, number)).filter((m) => m.subject.includes("extérieure"));
    expect(notice?.subject).toBe(`[#${number}] Message d'une personne extérieure au ticket : Accès VPN`);
    expect(notice!.body.text).toContain(
      `mallory@ailleurs.example (« Mallory ») a écrit sur le ticket #${number}. Seuls les agents le voient`,
    );
    expect(notice!.body.text).toContain("moi aussi");
  });

  it("says held mail without text in French to a French assignee", async () => {
    const { id, number } = await teamTicket("Accès messagerie");
    await patchTicket(desk.app, admin.session, id, { assigneeId: french.agent.agentId });
    const reply = await call(desk.app, "POST", `/api/tickets/${id}/replies`, {
      as: french.session,
      body: { body: "Pouvez-vous réessayer ?" },
    });
    expect(reply.status).toBe(201);
    await desk.drain();
    const ticket = (await call(desk.app, "GET", `/api/tickets/${id}`, { as: admin.session })).json;
    const sent = ticket.timeline.find((e: { id: string }) => e.id === reply.json.entry.id);
    await deliver(
      desk,
      await rawMail({
        from: "Mallory <mallory@ailleurs.example>",
        inReplyTo: sent.messageId,
        subject: "Re: Accès messagerie",
        text: "",
      }),
    );
    const [notice] = (await mails(french.email, number)).filter((m) => m.subject.includes("extérieure"));
    expect(notice!.body.text).toContain("(sans texte)");
    expect(notice!.body.text).not.toContain("(no text)");
  });

  it("tells a French assignee in French that the vendor answered", async () => {
    const vendor = await call(desk.app, "POST", "/api/admin/vendors", {
      as: admin.session,
      body: { id: "fibre-co", name: "Fibre Co", email: "noc@fibre-co.example", responseMinutes: 120 },
    });
    expect(vendor.status).toBe(201);
    const { id, number } = await teamTicket("Fibre coupée");
    await patchTicket(desk.app, admin.session, id, { assigneeId: french.agent.agentId });
    const handed = await call(desk.app, "POST", `/api/tickets/${id}/vendor`, {
      as: french.session,
      body: { vendorId: "fibre-co", message: "Merci de vérifier la ligne." },
    });
    expect(handed.status).toBe(200);
    await desk.drain();
    const [handoff] = (await sentMail(desk.endpoints.mail)).filter((m) =>
      m.destination.to.some((to) => to.includes("noc@fibre-co.example")),
    ) as unknown as { subject: string; replyTo: string[] }[];
    await deliver(
      desk,
      await rawMail({
        from: "Fibre NOC <noc@fibre-co.example>",
        to: handoff!.replyTo[0],
        subject: `Re: ${handoff!.subject}`,
        text: "Ligne réparée à 14 h.",
      }),
    );
    const [notice] = (await mails(french.email, number)).filter((m) => m.subject.includes("fournisseur"));
    expect(notice?.subject).toBe(`[#${number}] Le fournisseur a répondu : Fibre coupée`);
    expect(notice!.body.text).toContain(
      `noc@fibre-co.example (« Fibre NOC ») a écrit sur le ticket #${number} :`,
    );
    expect(notice!.body.text).toContain("Ligne réparée à 14 h.");
  });

  it("says a vendor's answer without text in French to a French assignee", async () => {
    const vendor = await call(desk.app, "POST", "/api/admin/vendors", {
      as: admin.session,
      body: { id: "reseau-co", name: "Réseau Co", email: "noc@reseau-co.example", responseMinutes: 120 },
    });
    expect(vendor.status).toBe(201);
    const { id, number } = await teamTicket("Ligne muette");
    await patchTicket(desk.app, admin.session, id, { assigneeId: french.agent.agentId });
    const handed = await call(desk.app, "POST", `/api/tickets/${id}/vendor`, {
      as: french.session,
      body: { vendorId: "reseau-co", message: "Merci de vérifier." },
    });
    expect(handed.status).toBe(200);
    await desk.drain();
    const [handoff] = (await sentMail(desk.endpoints.mail)).filter((m) =>
      m.destination.to.some((to) => to.includes("noc@reseau-co.example")),
    ) as unknown as { subject: string; replyTo: string[] }[];
    await deliver(
      desk,
      await rawMail({
        from: "noc@reseau-co.example",
        to: handoff!.replyTo[0],
        subject: `Re: ${handoff!.subject}`,
        text: "",
      }),
    );
    const [notice] = (await mails(french.email, number)).filter((m) => m.subject.includes("fournisseur"));
    expect(notice!.body.text).toContain("(sans texte)");
    expect(notice!.body.text).not.toContain("(no text)");
  });

  it("folds a French agent's surplus safety-net alerts into a digest whose lines are in French", async () => {
    const alone = await signedInAgent(desk.app, { teams: ["seule"], name: "Chloé Seule" });
    await call(desk.app, "PATCH", "/api/me", { as: alone.session, body: { locale: "fr" } });
    const numbers: number[] = [];
    for (let i = 0; i <= ALERTS_ALONE_PER_HOUR; i++) {
      const ticket = await submitTicket(desk.app, { subject: `Orage ${i}`, message: "Personne ici." });
      await desk.drain();
      await patchTicket(desk.app, admin.session, ticket.id, { team: "seule", assigneeId: null });
      numbers.push(ticket.number);
    }
    await desk.drain();
    await runSweep(later(31));
    await desk.drain();
    await runSweep(later(32));
    await desk.drain();
    const toAlone = (await sentMail(desk.endpoints.mail)).filter((m) =>
      m.destination.to.some((to) => to.includes(alone.email)),
    );
    expect(toAlone.filter((m) => m.subject.includes("Personne ne s'en occupe"))).toHaveLength(
      ALERTS_ALONE_PER_HOUR,
    );
    const [digest] = toAlone.filter((m) => m.subject.includes("attendent quelqu'un"));
    expect(digest?.body.text).toMatch(/- \[#\d+\] Personne ne s'en occupe : Orage \d/);
    expect(digest!.body.text).not.toContain("Nobody has taken");
  });

  it("still mails an event queued without the French text, in English, even to a French agent", async () => {
    const { id, number } = await teamTicket("Ancien format");
    const legacy = JSON.stringify({
      type: "ticket.notice",
      id: "01LEGACYNOTICE000000000000",
      occurredAt: new Date().toISOString(),
      ticketId: id,
      agentIds: [french.agent.agentId, english.agent.agentId],
      subject: `[#${number}] Legacy notice: Ancien format`,
      text: "Written before notices spoke French.",
    });
    // Delivered twice (a retry): mailed once each.
    expect(await failedInvocations(mailWorker, [legacy])).toEqual([]);
    expect(await failedInvocations(mailWorker, [legacy])).toEqual([]);
    for (const agent of [french, english]) {
      const got = (await mails(agent.email, number)).filter((m) => m.subject.includes("Legacy notice"));
      expect(got).toHaveLength(1);
      expect(got[0]!.body.text).toContain("Written before notices spoke French.\n\nOpen it: ");
    }
  });
});
