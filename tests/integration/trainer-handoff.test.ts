import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDefaults } from "../../core/triage/defaults.ts";
import { saveExamples } from "../../core/triage/learn.ts";
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
