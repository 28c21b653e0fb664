import { retryPolicy } from "../../infra/topology.ts";

/**
 * The sweep's retry rounds (core/ops/retry-failed.ts) travel in the invocation payload itself, beside the event
 * Lambda was given (an SNS or S3 event, which ignore unknown fields): Lambda's on-failure record carries the
 * payload back, so the next round knows how many came before. Plain data and no SDK: every worker reads it.
 */
export const RETRY_ROUND_FIELD = "deskRetryRound";

/** Which sweep round an invocation payload belongs to: 0 for the platform's own delivery. */
export function retryRoundOf(payload: unknown): number {
  const round = (payload as Record<string, unknown> | null)?.[RETRY_ROUND_FIELD];
  return typeof round === "number" && Number.isInteger(round) && round > 0 ? round : 0;
}

/** The payload for round `round` (0: as the platform delivered it, which a redrive starts again from). */
export function withRetryRound<T extends object>(payload: T, round: number): T {
  const { [RETRY_ROUND_FIELD]: _previous, ...rest } = payload as Record<string, unknown>;
  return (round > 0 ? { ...rest, [RETRY_ROUND_FIELD]: round } : rest) as T;
}

/**
 * Seconds after a failed round that round `round` (1-based) is due: base × 2^(round-1), capped.
 * `DESK_RETRY_BASE_S` / `DESK_RETRY_MAX_S` shorten it locally and in tests.
 */
export function retryDelaySeconds(round: number, env: Record<string, string | undefined> = process.env) {
  const base = Number(env.DESK_RETRY_BASE_S ?? retryPolicy.baseBackoffSeconds);
  const max = Math.min(Number(env.DESK_RETRY_MAX_S ?? retryPolicy.maxBackoffSeconds), 43_200);
  const exponent = Math.max(0, Math.min(round, 30) - 1);
  return Math.max(0, Math.min(Math.round(base * 2 ** exponent), max));
}
