import { TEXT_LIMITS } from "../../../core/text-limits.ts";
import { t } from "./strings.ts";

/**
 * The server's limits on what an agent types (core/text-limits.ts, the numbers its schemas check): the app says
 * so under the field before sending rather than cut what was typed or pasted (no maxlength anywhere).
 */
export const LIMITS = TEXT_LIMITS;

/** What to say of a text over `max` (the server counts it trimmed), or "" when it fits. */
export function lengthProblem(text: string, max: number): string {
  const length = text.trim().length;
  return length > max ? t.common.tooLong(length, max) : "";
}
