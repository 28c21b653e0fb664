import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { Resource } from "sst";
import * as z from "zod";
import { writeSetting } from "../desk/settings.ts";
import { log } from "../log.ts";
import { trainModel } from "./learn.ts";

/** Set when the sweep hands a training to the Trainer function; read back with the sweep's settings. */
export const TRAINING_REQUESTED = "training-requested";
/**
 * Longer than the Trainer's timeout (infra/cron.ts): past it, a request whose training never finished (the
 * Trainer failed, or found too few categories and wrote no model) is asked again.
 */
const TRAINER_WINDOW_MS = 15 * 60_000;

let lambda: LambdaClient | undefined;

/**
 * Runs a training the sweep found due. Training is CPU-bound (tens of seconds for thousands of examples on one
 * core) while the sweep runs at 256 MB, a seventh of a vCPU: on AWS it is handed to the Trainer function (one
 * vCPU, its own timeout) by an asynchronous invoke. At most one is in flight: a request is in flight while it
 * is younger than the Trainer's window and the model head (`head`, as trainIfDue read it) is older than it —
 * the Trainer stamps the head with its own start, after the request, so a finished training frees the way at
 * once and `retrainMinutes` below 15 holds. Without a Trainer linked (the local stack, tests) it runs here.
 */
export async function startTraining(
  now: Date,
  requested?: { updatedAt: string },
  head?: { trainedAt: string },
) {
  const trainer = "Trainer" in Resource ? Resource.Trainer.name : undefined;
  if (!trainer) return (await trainModel(now)).trained ? "trained" : "not_trained";
  if (requested && inFlight(now, requested.updatedAt, head?.trainedAt)) return "training";
  await writeSetting(TRAINING_REQUESTED, z.object({}), {}, "sweep", now);
  lambda ??= new LambdaClient({});
  await lambda.send(new InvokeCommand({ FunctionName: trainer, InvocationType: "Event" }));
  log.info("training handed to the trainer", { function: trainer });
  return "started";
}

/** Whether the training asked for at `requestedAt` may still be running (see startTraining). */
function inFlight(now: Date, requestedAt: string, trainedAt: string | undefined): boolean {
  const asked = Date.parse(requestedAt);
  if (asked <= now.getTime() - TRAINER_WINDOW_MS) return false;
  return trainedAt === undefined || Date.parse(trainedAt) < asked;
}

/** Tests swap the SDK's endpoint between calls. */
export function resetTrainingClient(): void {
  lambda = undefined;
}
