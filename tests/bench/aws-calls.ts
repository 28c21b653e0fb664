import { S3Client } from "@aws-sdk/client-s3";
import { SESClient } from "@aws-sdk/client-ses";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";

/** Requests to the other AWS services, by `Service:Action`, and SNS messages (a PublishBatch bills each one). */
const counted = new Map<string, number>();

/**
 * Counts every request the desk's code (and the local stack standing in for AWS: SMTP → S3, the queue poller)
 * sends to SNS, SQS, SES and S3, by wrapping the clients' `send`. Bench only: production never imports this.
 */
export function countAwsCalls(): void {
  const clients = [
    ["SNS", SNSClient],
    ["SQS", SQSClient],
    ["SES", SESClient],
    ["S3", S3Client],
  ] as const;
  for (const [service, Client] of clients) {
    const prototype = Client.prototype as unknown as {
      send: (...args: unknown[]) => unknown;
      counted?: true;
    };
    if (prototype.counted) continue;
    const send = prototype.send;
    prototype.send = function (this: unknown, ...args: unknown[]) {
      const command = args[0] as {
        constructor: { name: string };
        input?: { PublishBatchRequestEntries?: unknown[] };
      };
      const action = command.constructor.name.replace(/Command$/, "");
      add(`${service}:${action}`);
      if (action === "Publish") add("SNS:message");
      if (action === "PublishBatch")
        add("SNS:message", command.input?.PublishBatchRequestEntries?.length ?? 0);
      return send.apply(this, args);
    };
    prototype.counted = true;
  }
}

const add = (name: string, n = 1) => counted.set(name, (counted.get(name) ?? 0) + n);

/** The requests counted since the last call, and forget them. */
export function takeAwsCalls(): Record<string, number> {
  const result = Object.fromEntries(counted);
  counted.clear();
  return result;
}
