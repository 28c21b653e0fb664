import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { Resource } from "sst";
import { z } from "zod";
import { writeSetting } from "../desk/settings.ts";
import { log } from "../log.ts";
import { trainModel } from "./learn.ts";

/** Set when the sweep hands a training to the Trainer function; read back with the sweep's settings. */
export const TRAINING_REQUESTED = "training-requested";
/** Longer than the Trainer's timeout (infra/cron.ts): past it, a training that never finished is asked again. */
const TRAINER_WINDOW_MS = 15 * 60_000;

let lambda: LambdaClient | undefined;

/**
 * Runs a training the sweep found due. Training is CPU-bound (tens of seconds for thousands of examples on one
 * core) while the sweep runs at 256 MB, a seventh of a vCPU: on AWS it is handed to the Trainer function (one
 * vCPU, its own timeout) by an asynchronous invoke, at most once per 15 minutes while one may still be running.
 * Without a Trainer linked (the local stack, tests) it runs here, as before.
 */
export async function startTraining(now: Date, requested?: { updatedAt: string }) {
  const trainer = "Trainer" in Resource ? Resource.Trainer.name : undefined;
  if (!trainer) return (await trainModel(now)).trained ? "trained" : "not_trained";
  if (requested && Date.parse(requested.updatedAt) > now.getTime() - TRAINER_WINDOW_MS) return "training";
  await writeSetting(TRAINING_REQUESTED, z.object({}), {}, "sweep", now);
  lambda ??= new LambdaClient({});
  await lambda.send(new InvokeCommand({ FunctionName: trainer, InvocationType: "Event" }));
  log.info("training handed to the trainer", { function: trainer });
  return "started";
}

/** Tests swap the SDK's endpoint between calls. */
export function resetTrainingClient(): void {
  lambda = undefined;
}
