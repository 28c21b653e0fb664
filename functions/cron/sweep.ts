import { deskNameGeneration, rememberDeskNames } from "../../core/desk/name.ts";
import { OUTBOX_PENDING } from "../../core/events/publish.ts";
import { republishStep } from "../../core/events/republish.ts";
import { log } from "../../core/log.ts";
import { reclaimOrphanFiles } from "../../core/ops/file-reclaim.ts";
import { retryFailed } from "../../core/ops/retry-failed.ts";
import { sendWeeklySummary } from "../../core/report/weekly.ts";
import { DIGEST_PENDING, sendDigests } from "../../core/sla/digest.ts";
import { slaContextFrom } from "../../core/sla/policy.ts";
import { recomputeStep } from "../../core/sla/recompute.ts";
import { sweepStranded } from "../../core/sla/safety-net.ts";
import { sweepDue } from "../../core/sla/sweep.ts";
import { directory } from "../../core/sla/sweep-directory.ts";
import { SweepSettings } from "../../core/sla/sweep-settings.ts";
import { upgradeStep } from "../../core/store/migrate-ticket-fields.ts";
import { checkAgentLoads } from "../../core/ticket/load-check.ts";
import { trainIfDue } from "../../core/triage/learn.ts";
import { TriageSettings } from "../../core/triage/settings.ts";
import { startTraining, TRAINING_REQUESTED } from "../../core/triage/training-trigger.ts";

/**
 * The scheduled sweep (every minute on AWS, `DESK_SWEEP_INTERVAL_S` locally): re-publishes events whose publish
 * failed, acts on every ticket whose SLA or housekeeping check is due, recomputes a page of deadlines after a
 * settings change, and retrains the classifier when agents labelled tickets. Each part is bounded; what is left
 * is picked up by the next run. It runs 43,200 times a month whatever happens, so a run with nothing to do reads
 * as little as it can: every setting in one Query, the due index and the outbox by their cheapest probe, the
 * model's state in one Query (tests/bench/idle-cost.ts counts it; README "Cost when idle").
 */
export async function runSweep(now = new Date()) {
  // Never rejects: unreadable settings (undefined) leave each step to read its own as before, and a stored
  // setting that fails today's schema is logged here once; the steps that need it fail in their own `step`,
  // while re-publishing, digests, the weekly summary and the upgrade still run.
  const read = step("settings", async () => {
    const nameBegun = deskNameGeneration();
    const settings = await SweepSettings.read();
    try {
      slaContextFrom(settings, now.getTime());
    } catch (error) {
      log.error("sweep settings: SLA settings unreadable", { error: String(error) });
    }
    // The desk's name signs the run's mail (digests, reminders, the weekly summary): no read of its own.
    rememberDeskNames(settings, nameBegun);
    return settings;
  });
  // Side by side (a run's billed time is its longest line): what touches tickets, and what does not (the outbox,
  // mail, the training check). The probes that need no setting start with the settings' Query, so an idle run
  // is one round trip long.
  const [republished, tickets, , digests, weekly, model, , files] = await Promise.all([
    step("republish", () =>
      republishStep(
        now,
        read.then((settings) => settings && { marker: settings.stored(OUTBOX_PENDING) }),
      ),
    ),
    sweepTickets(now, read),
    // Workers' failed invocations, in rounds (core/ops/retry-failed.ts): one receive when there are none.
    step("retry-failed", () => retryFailed()),
    read.then((settings) =>
      step("digests", () => sendDigests(now, settings && { marker: settings.stored(DIGEST_PENDING) })),
    ),
    // After the settings: its business hours come from them.
    read.then(() => step("weekly", () => sendWeeklySummary(now))),
    // Training is CPU-bound: on AWS it runs in the Trainer function (core/triage/training-trigger.ts).
    step("train", () =>
      trainIfDue(
        now,
        read.then((settings) => settings?.get("triage", TriageSettings)),
        async (at, head) => startTraining(at, (await read)?.stored(TRAINING_REQUESTED), head),
      ),
    ),
    // Agents' open-work counts someone doubted (core/ticket/load-check.ts): nothing to read when none is marked.
    read.then((settings) => step("agent-loads", () => checkAgentLoads(now, settings))),
    // Orphan files (core/ops/file-reclaim.ts): due once a day, nothing read or listed on the other runs.
    read.then((settings) => step("file-reclaim", () => reclaimOrphanFiles(now, settings))),
  ]);
  const settings = await read;
  const { published, failed } = republished ?? {};
  const { due, stranded, recomputed } = tickets;
  // A desk upgraded from an older version gets its tickets in the form the code reads (8 s a run at most, last
  // so that the bounded steps above keep their time).
  const upgraded = await step("upgrade", () => upgradeStep(now, settings));
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
    files,
  };
  if (
    upgraded ||
    published ||
    failed ||
    Object.keys(due).length ||
    stranded ||
    digests ||
    recomputed ||
    model === "trained" ||
    model === "started" ||
    (typeof files === "object" && files.deleted > 0)
  )
    log.info("sweep", result);
  return result;
}

/**
 * The steps that change tickets: due checks beside the safety net (tickets held by someone away or deactivated;
 * each ticket write is conditioned on its version, so the two never undo each other), then a page of deadline
 * recomputation.
 */
async function sweepTickets(now: Date, read: Promise<SweepSettings | undefined>) {
  const [due, stranded] = await Promise.all([
    step("due", () => sweepDue(now, { ready: read })).then((counts) => counts ?? {}),
    step("stranded", () => sweepStranded(now, directory())),
  ]);
  const settings = await read;
  const recomputed = await step("recompute", () => recomputeStep(now, undefined, settings));
  return { due, stranded, recomputed };
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
