import { republishPending } from "../../core/events/publish.ts";
import { trainIfDue } from "../../core/triage/learn.ts";

/**
 * The scheduled sweep (every minute on AWS, a timer locally): re-publishes events whose publish failed after
 * their change was stored, and retrains the classifier when agents labelled tickets since the last model.
 * Bounded per run; what is left is picked up by the next run.
 */
export async function handler() {
  const now = new Date();
  const { published, failed } = await republishPending(now);
  const model = await trainIfDue(now);
  if (published || failed || model === "trained")
    console.log(JSON.stringify({ msg: "sweep", republished: published, failed, model }));
  return { republished: published, failed, model };
}
