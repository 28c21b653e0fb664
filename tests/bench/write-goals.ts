import type { Step } from "./lifecycle.ts";

/** One goal of the issue's "Write units" point, measured on a lifecycle step, and whether it holds. */
export interface WriteGoal {
  goal: string;
  measured: number;
  limit: number;
  detail: string;
  check: "ok" | "FAIL";
}

const sum = (by: Record<string, number>, keys: string[]) => keys.reduce((s, k) => s + (by[k] ?? 0), 0);

/**
 * The write goals that span several calls, read from the lifecycle's steps (tests/bench/lifecycle.ts, the same
 * run the cost model prices): a new web ticket with its triage and acknowledgement ≤ 60 WRU; an inbound mail
 * ≤ 15 DynamoDB requests for the message itself — the filing worker's, as a new ticket and as a reply. The rest
 * of the mail pipeline (triage, acknowledgement, notices, counters, search) is what a web ticket costs too; it is
 * printed beside, not held to the 15.
 */
export function writeGoals(web: Step[], mail: Step[]): WriteGoal[] {
  const [webIntake] = web;
  const [mailIntake] = mail;
  const mailReply = mail.find((s) => s.step.startsWith("customer replies"));
  const goals: Omit<WriteGoal, "check">[] = [];
  if (webIntake) {
    const parts = ["request", "Triage", "Acknowledge"];
    goals.push({
      goal: "new web ticket + triage + acknowledgement (WRU)",
      measured: sum(webIntake.writeUnitsBy, parts),
      limit: 60,
      detail: parts.map((p) => `${p} ${webIntake.writeUnitsBy[p] ?? 0}`).join(" + "),
    });
  }
  for (const [label, step] of [
    ["inbound mail, new ticket: filing worker (requests)", mailIntake],
    ["inbound mail, reply: filing worker (requests)", mailReply],
  ] as const) {
    if (!step) continue;
    goals.push({
      goal: label,
      measured: step.requestsBy.InboundMail ?? 0,
      limit: 15,
      detail: `whole pipeline of the step: ${step.dynamo.requests} requests (${Object.entries(step.requestsBy)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")})`,
    });
  }
  return goals.map((g) => ({ ...g, check: g.measured > g.limit ? "FAIL" : "ok" }));
}
