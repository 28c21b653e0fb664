import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { saveExamples, trainModel } from "../../core/triage/learn.ts";
import { saveTriageSettings } from "../../core/triage/settings.ts";
import { runSweep } from "../../functions/cron/sweep.ts";
import { handler as trainer } from "../../functions/cron/train.ts";
import { startTestDesk } from "../support/desk.ts";

/**
 * On AWS the sweep (256 MB) hands training to the Trainer function (a whole vCPU): an asynchronous invoke when
 * training is due, not again while one may still run. The Lambda call's shape is mocked (no Lambda emulator);
 * DynamoDB is real.
 */
const lambda = mockClient(LambdaClient);
beforeAll(async () => {
  // Linked as SST links it (read when the first linked resource is, in startTestDesk's provisioning).
  process.env.SST_RESOURCE_Trainer = JSON.stringify({ name: "desk-trainer" });
  await startTestDesk();
  await seedDefaults();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});
afterAll(() => lambda.restore());

it("invokes the Trainer once when agents labelled tickets, again only after 15 minutes, and not once it trained", async () => {
  const at = new Date().toISOString();
  await saveExamples(
    ["printer jams", "cannot log in", "printer out of toner", "password expired"].map((text, i) => ({
      ticketId: `t${i}`,
      text,
      category: i % 2 ? "access" : "printing",
      source: "confirmed" as const,
      at,
    })),
    at,
  );
  const now = Date.now() + 60_000;
  const later = (minutes: number) => new Date(now + minutes * 60_000);

  expect((await runSweep(later(0))).model).toBe("started");
  expect((await runSweep(later(1))).model).toBe("training");
  expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
  expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input).toEqual({
    FunctionName: "desk-trainer",
    InvocationType: "Event",
  });

  // The Trainer never answered (it failed): asked again once the 15 minutes are over.
  expect((await runSweep(later(16))).model).toBe("started");
  expect(lambda.commandCalls(InvokeCommand)).toHaveLength(2);

  // It ran: the model is up to date and nothing is invoked any more.
  expect((await trainer()).trained).toBe(true);
  expect((await runSweep(later(17))).model).toBe("up_to_date");
  expect(lambda.commandCalls(InvokeCommand)).toHaveLength(2);
});

it("asks again as soon as the Trainer finished when the admin retrains every minute, one request at a time", async () => {
  await saveTriageSettings({ retrainMinutes: 1 });
  // Well past the first test's requests (their 15-minute window is over).
  const base = Date.now() + 60 * 60_000;
  const at = (seconds: number) => new Date(base + seconds * 1000);
  const label = (text: string, seconds: number) =>
    saveExamples(
      [
        {
          ticketId: `n-${text}`,
          text,
          category: "printing",
          source: "confirmed" as const,
          at: at(seconds).toISOString(),
        },
      ],
      at(seconds).toISOString(),
    );
  const invoked = () => lambda.commandCalls(InvokeCommand).length;
  const before = invoked();

  await label("paper tray stuck", 0);
  expect((await runSweep(at(10))).model).toBe("started");
  // The Trainer runs after the request (its head is stamped with its start), then agents label again.
  expect((await trainModel(at(30))).trained).toBe(true);
  await label("printer offline", 60);

  // Two minutes after the request, not fifteen: the head says that training is over.
  expect((await runSweep(at(130))).model).toBe("started");
  // The new request is in flight (the head is older than it): not invoked a third time.
  await label("toner low", 140);
  expect((await runSweep(at(200))).model).toBe("training");
  expect(invoked() - before).toBe(2);
});
