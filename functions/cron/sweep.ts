import { republishPending } from "../../core/events/publish.ts";
import { log } from "../../core/log.ts";
import { retryFailed } from "../../core/ops/retry-failed.ts";
import { sendWeeklySummary } from "../../core/report/weekly.ts";
import { sendDigests } from "../../core/sla/digest.ts";
import { recomputeStep } from "../../core/sla/recompute.ts";
import { sweepStranded } from "../../core/sla/safety-net.ts";
import { directory, sweepDue } from "../../core/sla/sweep.ts";
import { upgradeStep } from "../../core/store/migrate-ticket-fields.ts";
import { trainIfDue } from "../../core/triage/learn.ts";

/**
 * The scheduled sweep (every minute on AWS, `DESK_SWEEP_INTERVAL_S` locally): re-publishes events whose publish
 * failed, acts on every ticket whose SLA or housekeeping check is due, recomputes a page of deadlines after a
 * settings change, and retrains the classifier when agents labelled tickets. Each part is bounded; what is left
 * is picked up by the next run.
 */
export async function runSweep(now = new Date()) {
  const { published, failed } = (await step("republish", () => republishPending(now))) ?? {};
  await step("retry-failed", () => retryFailed()); // workers' failed invocations: core/ops/retry-failed.ts
  const due = (await step("due", () => sweepDue(now))) ?? {};
  // The safety net: tickets held by someone away or deactivated, and the alerts folded into one mail per agent.
  const stranded = await step("stranded", () => sweepStranded(now, directory()));
  const digests = await step("digests", () => sendDigests(now));
  const recomputed = await step("recompute", () => recomputeStep(now));
  const model = await step("train", () => trainIfDue(now));
  const weekly = await step("weekly", () => sendWeeklySummary(now));
  // A desk upgraded from an older version gets its tickets in the form the code reads (8 s a run at most, last
  // so that the bounded steps above keep their time).
  const upgraded = await step("upgrade", () => upgradeStep(now));
  const result = {
    upgraded,
    republished: published,
    failed,
    due,
    stranded,
    digests,
    recomputed,
    model,
    weekly,
  };
  if (
    upgraded ||
    published ||
    failed ||
    Object.keys(due).length ||
    stranded ||
    digests ||
    recomputed ||
    model === "trained"
  )
    log.info("sweep", result);
  return result;
}

/** One part of the sweep: a failure is logged and the other parts still run (the next run retries it). */
async function step<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    log.error("sweep step failed", { step: name, error: String(error) });
    return undefined;
  }
}

/** The Lambda entry point (the EventBridge event carries nothing the sweep needs). */
export const handler = () => runSweep();
