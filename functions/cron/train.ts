import { log } from "../../core/log.ts";
import { trainModel } from "../../core/triage/learn.ts";

/**
 * The Trainer function: retrains the classifier on every labelled example when the sweep found it due
 * (core/triage/training-trigger.ts). Its own function so that the every-minute sweep can run at 256 MB while
 * training, CPU-bound, gets a whole vCPU. Running it twice is harmless: the model head is written conditionally.
 */
export async function handler() {
  const result = await trainModel();
  log.info("trained", result);
  return result;
}
