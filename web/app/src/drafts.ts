/**
 * Reply and note drafts, per agent and ticket, in the browser's local storage: they survive `u`, Back, a reload
 * or a closed tab, and go when the message is sent or the agent signs out (a shared computer keeps no
 * customer text after a deliberate sign-out; an expired session keeps them, for after signing in again).
 * Chosen files are not kept: local storage holds a few MB of text, not uploads.
 */
export type DraftMode = "reply" | "note";
export interface Draft {
  body: string;
  mode: DraftMode;
  savedAt: number;
}

const PREFIX = "desk.draft.";
/** Drafts untouched this long are dropped when the app starts. */
const KEEP_MS = 14 * 86_400_000;
const keyOf = (agentId: string, ticketId: string) => `${PREFIX}${agentId}.${ticketId}`;

/** Storage may be full, disabled or blocked (private modes): a draft that cannot be saved must not break typing. */
const attempt = <T>(work: () => T): T | undefined => {
  try {
    return work();
  } catch {
    return undefined;
  }
};

export function loadDraft(agentId: string, ticketId: string): Draft | null {
  const raw = attempt(() => localStorage.getItem(keyOf(agentId, ticketId)));
  if (!raw) return null;
  const draft = attempt(() => JSON.parse(raw) as Partial<Draft>);
  if (!draft || typeof draft.body !== "string") return null;
  return { body: draft.body, mode: draft.mode === "note" ? "note" : "reply", savedAt: draft.savedAt ?? 0 };
}

/** Saves what is in the composer with its mode; an empty composer keeps nothing (no work to lose). */
export function saveDraft(
  agentId: string,
  ticketId: string,
  body: string,
  mode: DraftMode,
  now = Date.now(),
) {
  const key = keyOf(agentId, ticketId);
  if (!body.trim()) return clearDraft(agentId, ticketId);
  attempt(() => localStorage.setItem(key, JSON.stringify({ body, mode, savedAt: now } satisfies Draft)));
}

export function clearDraft(agentId: string, ticketId: string) {
  attempt(() => localStorage.removeItem(keyOf(agentId, ticketId)));
}

/** Every draft key, or only those older than `olderThan` (epoch ms). */
function draftKeys(olderThan?: number): string[] {
  const keys: string[] = [];
  attempt(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      if (olderThan !== undefined) {
        const savedAt = attempt(() => (JSON.parse(localStorage.getItem(key) ?? "{}") as Draft).savedAt) ?? 0;
        if (savedAt >= olderThan) continue;
      }
      keys.push(key);
    }
  });
  return keys;
}

/** Drops drafts nobody touched for two weeks. */
export function pruneDrafts(now = Date.now()) {
  for (const key of draftKeys(now - KEEP_MS)) attempt(() => localStorage.removeItem(key));
}

/** On sign-out: no customer text stays behind in this browser. */
export function clearAllDrafts() {
  for (const key of draftKeys()) attempt(() => localStorage.removeItem(key));
}
