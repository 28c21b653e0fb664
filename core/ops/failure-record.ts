/**
 * The record Lambda sends to an asynchronous function's on-failure destination once its attempts are spent
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html): the original payload,
 * which function, why, and when. The local stack writes the same shape (infra/local/queues.ts, `invoke`).
 */
export interface FailureRecord {
  version: string;
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: "RetriesExhausted" | "EventAgeExceeded" | string;
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext?: { statusCode?: number; executedVersion?: string; functionError?: string };
  responsePayload?: unknown;
}

/** The record in an SQS message body, or null when the body is something else (which is dead-lettered as is). */
export function parseFailureRecord(body: string | undefined): FailureRecord | null {
  try {
    const record = JSON.parse(body ?? "") as FailureRecord;
    const ok =
      typeof record?.requestContext?.functionArn === "string" &&
      typeof record.requestPayload === "object" &&
      record.requestPayload !== null;
    return ok ? record : null;
  } catch {
    return null;
  }
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` → `<name>`. */
export function functionNameOf(functionArn: string): string {
  return functionArn.split(":")[6] ?? functionArn;
}

/** What went wrong, in a line: the function's error message, else Lambda's condition. */
export function failureOf(record: FailureRecord): string {
  const response = record.responsePayload as { errorType?: string; errorMessage?: string } | undefined;
  const error = response?.errorMessage
    ? `${response.errorType ?? "Error"}: ${response.errorMessage}`
    : (record.responseContext?.functionError ?? "");
  return [record.requestContext.condition, error].filter(Boolean).join(" — ").slice(0, 1000);
}

/** A Lambda-shaped failure record (the local stack's invoker writes these, and tests). */
export function failureRecord(
  functionArn: string,
  payload: unknown,
  error: unknown,
  attempts: number,
  now = new Date(),
): FailureRecord {
  const message = error instanceof Error ? error.message : String(error);
  return {
    version: "1.0",
    timestamp: now.toISOString(),
    requestContext: {
      requestId: crypto.randomUUID(),
      functionArn: `${functionArn}:$LATEST`,
      condition: "RetriesExhausted",
      approximateInvokeCount: attempts,
    },
    requestPayload: payload,
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    responsePayload: {
      errorType: error instanceof Error ? error.name : "Error",
      errorMessage: message,
      trace: [],
    },
  };
}
