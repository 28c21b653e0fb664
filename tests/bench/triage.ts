import { performance } from "node:perf_hooks";
import { createAgent } from "../../core/agent/agent.ts";
import { takeMetered } from "../../core/store/meter.ts";
import { createTicket } from "../../core/ticket/create.ts";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { importExamples, trainModel } from "../../core/triage/learn.ts";
import { saveTriageSettings } from "../../core/triage/settings.ts";
import { drainQueues, type LocalQueue } from "../../infra/local/queues.ts";

const TEXTS = [
  ["Mot de passe expiré", "Je ne peux plus me connecter, mon mot de passe a expiré"],
  ["Printer jammed", "The printer on floor 2 is jammed again, urgent"],
  ["VPN en panne", "Le VPN ne fonctionne plus depuis ce matin, toute l'équipe est bloquée"],
  ["New laptop", "Please order a new laptop for our new hire"],
  ["Outlook crashes", "Outlook crashes when I open an attachment"],
  ["Phishing?", "I received a suspicious email asking for my password"],
  ["Payslip question", "My payslip for October is missing"],
  ["Something odd", "Nothing works as expected today"],
] as const;

/**
 * The triage worker alone: `count` new tickets are created (their other consumers left queued), then only the
 * Triage queue is drained, timed and metered — first with keyword rules deciding, then with a trained model.
 * Returns tickets/s and DynamoDB requests and units per triaged ticket for each.
 */
export async function measureTriage(queues: LocalQueue[], count: number) {
  await seedDefaults();
  for (const [i, team] of ["service-desk", "field-support", "network", "applications"].entries())
    await createAgent({
      email: `triage-bench-${i}@desk.test`,
      name: `Bench ${i}`,
      password: "bench password 123",
      teams: [team],
    }).catch(() => undefined);
  const triage = queues.filter((q) => q.name === "Triage");
  const run = async (label: string) => {
    for (let i = 0; i < count; i += 10)
      await Promise.all(
        Array.from({ length: Math.min(10, count - i) }, (_, j) => {
          const [subject, message] = TEXTS[(i + j) % TEXTS.length]!;
          return createTicket(
            {
              name: "Bench",
              email: `triage${label}${i + j}@bench.example`,
              subject,
              message,
              locale: "en",
              channel: "web",
            },
            { type: "system" },
          );
        }),
      );
    takeMetered();
    const started = performance.now();
    let handled = 0;
    while (handled < count) {
      const n = await drainQueues(triage);
      if (n === 0) break;
      handled += n;
    }
    const seconds = (performance.now() - started) / 1000;
    const calls = takeMetered();
    return {
      decidedBy: label,
      perSecond: +(handled / seconds).toFixed(1),
      requestsPerTicket: +(calls.length / handled).toFixed(1),
      readUnitsPerTicket: +(calls.reduce((s, c) => s + c.readUnits, 0) / handled).toFixed(1),
      writeUnitsPerTicket: +(calls.reduce((s, c) => s + c.writeUnits, 0) / handled).toFixed(1),
    };
  };
  const rules = await run("rules");
  // A model trained on (synthetic) labelled tickets, in charge from the first example.
  await importExamples(
    {
      examples: TEXTS.slice(0, 7).flatMap(([subject, message], c) =>
        Array.from({ length: 40 }, (_, i) => ({
          text: `${subject} ${message} #${i}`,
          category: ["access", "printing", "network", "purchase", "software", "security", "hr-admin"][c]!,
        })),
      ),
    },
    "bench",
  );
  await trainModel();
  await saveTriageSettings({ minExamples: 10, minConfidence: 0.5 });
  const model = await run("model");
  return [rules, model];
}
