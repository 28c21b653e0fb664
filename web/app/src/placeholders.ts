import { t } from "./strings.ts";

/**
 * What the desk stores, in English, for a ticket or message without words of its own (core/ticket/placeholder-text.ts:
 * kept so for search, triage and every ticket filed so far), as the agent reads it: in their language.
 */
const STORED: Record<string, keyof typeof t.placeholders> = {
  "(no subject)": "noSubject",
  "(attachments only)": "attachmentsOnly",
  "(no text)": "noText",
};

/** A stored subject or message body as shown: a placeholder in the agent's words, anything else as it is. */
export function shownText<T extends string | null | undefined>(text: T): T | string {
  const key = typeof text === "string" && Object.hasOwn(STORED, text) ? STORED[text] : undefined;
  return key ? t.placeholders[key] : text;
}
