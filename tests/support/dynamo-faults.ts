import { onTestFinished } from "vitest";
import { dynamo } from "../../core/store/client.ts";

/** One DynamoDB call as the desk's client is about to send it. */
export interface DynamoCall {
  /** The SDK command, e.g. "UpdateItemCommand", "TransactWriteItemsCommand". */
  command: string;
  /** The request as JSON (marshalled or not), for matching on table keys and attribute values. */
  text: string;
}

/** The error DynamoDB answers when a partition is over its throughput (the SDK's own retries already spent). */
export function throughputExceeded(): Error {
  return Object.assign(
    new Error("The level of configured provisioned throughput for the table was exceeded"),
    {
      name: "ProvisionedThroughputExceededException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    },
  );
}

/**
 * Makes the desk's own DynamoDB client (the one every store call goes through, talking to DynamoDB Local) fail
 * the calls `fails` picks with `error()`, before they leave: the state on the emulator is what a real outage of
 * that one request would leave. The middleware sits before the SDK's retries, so a picked call fails as one whose
 * retries are spent. Returns the function that removes it; it is removed at the end of the test anyway, so a
 * failed assertion before the removal cannot leave the table failing for the tests after it.
 */
export function failDynamoCalls(
  fails: (call: DynamoCall) => boolean,
  error: () => Error = throughputExceeded,
): () => void {
  const name = `faultInjection-${Math.random().toString(36).slice(2)}`;
  const stack = dynamo().middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      const call = { command: String(context.commandName), text: JSON.stringify(args.input) };
      if (fails(call)) throw error();
      return next(args);
    },
    { step: "initialize", name, override: true },
  );
  const heal = () => {
    stack.remove(name);
  };
  onTestFinished(heal);
  return heal;
}
