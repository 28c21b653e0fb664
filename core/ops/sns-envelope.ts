import type { SNSEvent } from "aws-lambda";
import { type QueueName, topology, type WorkerQueue } from "../../infra/topology.ts";

/**
 * A message SNS could not deliver to a subscribed function lands in DeadLetters as SNS sent it (the subscription's
 * redrive policy, infra/events.ts): the JSON envelope of the notification, not a Lambda failure record. It names
 * no function, so a redrive routes it as the topic would: by its `type` through each worker's filter; SES
 * bounce and complaint notifications (their own topic, no `type`) to MailFeedback.
 */
export interface SnsEnvelope {
  Type: "Notification";
  Message: string;
  MessageId?: string;
  TopicArn?: string;
  Subject?: string;
  Timestamp?: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** The envelope in a dead letter's body, or null when the body is something else. */
export function parseSnsEnvelope(body: string | undefined): SnsEnvelope | null {
  try {
    const parsed = JSON.parse(body ?? "") as SnsEnvelope;
    return parsed?.Type === "Notification" && typeof parsed.Message === "string" ? parsed : null;
  } catch {
    return null;
  }
}

/** The workers the topic would have delivered this notification to. */
export function workersForEnvelope(envelope: SnsEnvelope): QueueName[] {
  const message = parseJson(envelope.Message);
  const type =
    envelope.MessageAttributes?.type?.Value ?? (typeof message?.type === "string" ? message.type : "");
  const queues = Object.entries(topology.queues) as [QueueName, WorkerQueue][];
  if (type) return queues.filter(([, q]) => (q.events as readonly string[]).includes(type)).map(([n]) => n);
  if (typeof message?.notificationType === "string") return ["MailFeedback"];
  return [];
}

/** The event Lambda hands a function subscribed to the topic, for this notification. */
export function snsEventOf(envelope: SnsEnvelope): SNSEvent {
  return {
    Records: [
      {
        EventVersion: "1.0",
        EventSubscriptionArn: `${envelope.TopicArn ?? "arn:aws:sns"}:redrive`,
        EventSource: "aws:sns",
        Sns: {
          SignatureVersion: "1",
          Timestamp: envelope.Timestamp ?? new Date().toISOString(),
          Signature: "",
          SigningCertUrl: "",
          MessageId: envelope.MessageId ?? crypto.randomUUID(),
          Message: envelope.Message,
          MessageAttributes: envelope.MessageAttributes ?? {},
          Type: "Notification",
          UnsubscribeUrl: "",
          TopicArn: envelope.TopicArn ?? "",
          Subject: envelope.Subject ?? "",
        },
      },
    ],
  };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}
