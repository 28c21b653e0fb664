import { SQSClient } from "@aws-sdk/client-sqs";

let client: SQSClient | undefined;

/**
 * One SQS client per process. Requests go to the configured endpoint (AWS's regional one, or the emulator's
 * through AWS_ENDPOINT_URL_SQS), never to the host a queue URL names.
 */
export function sqs(): SQSClient {
  client ??= new SQSClient({ useQueueUrlAsEndpoint: false });
  return client;
}

export function resetSqs(): void {
  client = undefined;
}

export const escapeUnit = (unit: string) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * `text` as SQS takes it in an attribute (#x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD, #x10000-#x10FFFF; anything
 * else refuses the whole message, which would leave the letter where it was for good): other characters shown as
 * `\uXXXX` escapes (a corrupt item's parse error, or a worker's error message, can quote them as they are), at most `max` characters, never
 * cutting a pair of surrogates in two.
 */
export function sqsText(text: string, max: number): string {
  const shown = Array.from(text, (c) =>
    /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD]$|^[\uD800-\uDBFF][\uDC00-\uDFFF]$/.test(c) ? c : escapeUnit(c),
  ).join("");
  return Array.from(shown).slice(0, max).join("");
}
