import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "./api.ts";

/**
 * How often an open page asks whether something changed, while its tab is visible: well under the 5 s within
 * which a new ticket or another agent must show. Each ask is one small GET (costs per agent-hour in the README).
 */
export const LIVE_MS = 3_000;
/** A queue reloads at least this often even if the marker never moved (the marker is written best-effort). */
const FULL_RELOAD_MS = 60_000;
/** "I have this ticket open" is renewed this often (the server forgets it after 45 s). */
const RENEW_MS = 20_000;

const visible = () => document.visibilityState === "visible";

/**
 * Calls `reload` when the desk's change marker moved (a ticket was created or changed anywhere), or a minute
 * passed: the list itself is fetched only then, the poll is one read of one item.
 */
export function useDeskChanges(reload: () => unknown, deps: unknown[]) {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    let seen: number | null = null;
    let loadedAt = Date.now();
    const check = async () => {
      if (!visible()) return;
      const { data } = await api<{ marker: number }>("/changes").catch(() => ({ data: null }));
      if (!data) return;
      const moved = seen !== null && data.marker !== seen;
      seen = data.marker;
      if (moved || Date.now() - loadedAt >= FULL_RELOAD_MS) {
        loadedAt = Date.now();
        latest.current();
      }
    };
    check();
    const timer = setInterval(check, LIVE_MS);
    // Back on a tab that was hidden: catch up at once rather than at the next tick.
    const onVisible = () => visible() && check();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, deps);
}

export type Other = { agentId: string; name: string; state: "viewing" | "replying" };

/**
 * Who else has this ticket open. Saying "I am here" (a write) happens on opening, when the agent starts or stops
 * writing, and every 20 s; reading who else is here (a Query) every few seconds.
 */
export function usePresence(ticketId: string) {
  const [others, setOthers] = useState<Other[]>([]);
  const state = useRef<"viewing" | "replying">("viewing");
  const announce = () =>
    api<{ others: Other[] }>(`/tickets/${ticketId}/presence`, {
      method: "PUT",
      body: { state: state.current },
    })
      .then(({ data }) => setOthers(data.others))
      .catch(() => undefined);
  useEffect(() => {
    state.current = "viewing";
    setOthers([]);
    announce();
    const look = setInterval(() => {
      if (!visible()) return;
      api<{ others: Other[] }>(`/tickets/${ticketId}/presence`)
        .then(({ data }) => setOthers(data.others))
        .catch(() => undefined);
    }, LIVE_MS);
    const renew = setInterval(() => visible() && announce(), RENEW_MS);
    return () => {
      clearInterval(look);
      clearInterval(renew);
    };
  }, [ticketId]);
  /** The agent started (true) or stopped (false) writing: told to the others at once. */
  const writing = (now: boolean) => {
    const next = now ? "replying" : "viewing";
    if (next === state.current) return;
    state.current = next;
    announce();
  };
  return { others, writing };
}
