// The ticket page's writes: one at a time, each conditioned on the version the agent saw (If-Match), retried once on
// the latest version when what changed meanwhile leaves it as meant.
import type { RefObject } from "preact";
import { useRef } from "preact/hooks";
import { ApiError, api } from "./api.ts";
import { errorText } from "./errors.ts";
import { t } from "./strings.ts";
import type { TicketWithTimeline } from "./types.ts";

/** Whether what changed between the ticket the agent saw and the latest leaves their write as they meant it. */
export type Unchanged = (seen: TicketWithTimeline, latest: TicketWithTimeline) => boolean;
/** The version a write is decided on: its ETag (sent as If-Match) and the ticket as it was then. */
export type Seen = { etag: string | null; ticket: TicketWithTimeline | null };
const PUBLIC = new Set(["customer_message", "agent_reply", "vendor_message"]);
/** The public conversation's entries, as one comparable string. */
export const conversation = (ticket: TicketWithTimeline) =>
  ticket.timeline
    .filter((e) => PUBLIC.has(e.kind))
    .map((e) => e.id)
    .join();

/** What the page shares with its writes: the ticket on screen, its version, and where a write reports. */
type Page = {
  id: string;
  /** The ticket on screen now: a write to the one shown before must not report on this one. */
  current: RefObject<string>;
  etag: RefObject<string | null>;
  /** The version the agent is looking at (what a field change is decided on). */
  shown: RefObject<TicketWithTimeline | null>;
  /** Why the last write failed (read by the composer, which shows it beside its buttons). */
  failure: RefObject<string>;
  refresh: (conditional: boolean) => Promise<void>;
  setNotice: (notice: string) => void;
  setStale: (stale: boolean) => void;
};

export function useTicketWrites({ id, current, etag, shown, failure, refresh, setNotice, setStale }: Page) {
  /**
   * A write conditioned on the version the agent saw when they acted. Writes go one after the other. On a 412,
   * `unchanged` decides whether what changed meanwhile leaves this write's decision intact (their own earlier
   * write, triage, an acknowledgement, another agent's other field): then it is applied to the latest version;
   * otherwise the page says so and keeps everything the agent typed.
   */
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  /**
   * One Idempotency-Key per message written: sending the same message again after a failure (an answer lost on
   * the way back) reuses it, so the desk stores it once; a changed message, or the next one, gets a new key.
   */
  const lastSend = useRef<{ of: string; key: string } | undefined>(undefined);
  const sendKey = (of: string) => {
    if (lastSend.current?.of !== of) lastSend.current = { of, key: crypto.randomUUID() };
    return lastSend.current.key;
  };
  const write = (
    path: string,
    method: string,
    body: unknown,
    done: string,
    unchanged?: Unchanged,
    seen: Seen = { etag: etag.current, ticket: shown.current },
    idempotencyKey?: string,
  ) => {
    const next = queue.current.then(() => send(path, method, body, done, seen, unchanged, idempotencyKey));
    queue.current = next;
    return next;
  };
  const send = async (
    path: string,
    method: string,
    body: unknown,
    done: string,
    seen: Seen,
    unchanged?: Unchanged,
    idempotencyKey?: string,
  ) => {
    // A new attempt starts clean: an earlier failure's words must not read as this one's outcome.
    setNotice("");
    failure.current = "";
    try {
      try {
        await api<unknown>(path, { method, body, ifMatch: seen.etag ?? undefined, idempotencyKey });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412 && unchanged && seen.ticket)) throw error;
        const latest = await api<TicketWithTimeline>(`/tickets/${id}`);
        if (!unchanged(seen.ticket, latest.data)) throw error;
        await api<unknown>(path, { method, body, ifMatch: latest.etag ?? undefined, idempotencyKey });
      }
      // Done for the ticket shown before: nothing to say on this one (its own page said it as it left).
      if (current.current !== id) return true;
      setStale(false);
      setNotice(done);
      await refresh(false);
      return true;
    } catch (error) {
      if (current.current !== id) return false;
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
        failure.current = t.day.changedMeanwhile;
      } else {
        failure.current = errorText(error);
        setNotice(failure.current);
      }
      return false;
    }
  };
  /** The message sent was stored: the next one gets a new key. */
  const forgetSendKey = () => {
    lastSend.current = undefined;
  };
  return { write, sendKey, forgetSendKey };
}
