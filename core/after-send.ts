import { log } from "./log.ts";

/**
 * How long bookkeeping after a send (the timeline entry, the claim's confirmation) keeps trying: long enough to
 * ride out a database blip or a restart of several seconds, short of the workers' 30 s timeout.
 * `DESK_AFTER_SEND_BUDGET_MS` shortens it (tests).
 */
const budgetMs = () => Number(process.env.DESK_AFTER_SEND_BUDGET_MS ?? 20_000);

/**
 * Writes what is known once a mail has left, retrying with backoff (100 ms doubling, at most 4 s apart) within
 * the budget; then logs rather than throws — an error here would make the caller send the same mail again (a
 * missing record costs less than a second mail to a customer). True when written.
 */
export async function recordAfterSend(what: string, write: () => Promise<unknown>): Promise<boolean> {
  const deadline = Date.now() + budgetMs();
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return true;
    } catch (error) {
      const delay = Math.min(100 * 2 ** (attempt - 1), 4000);
      if (Date.now() + delay > deadline) {
        log.error(`mail sent, ${what} not recorded`, { attempts: attempt, error: String(error) });
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
