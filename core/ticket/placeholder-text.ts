/**
 * What the desk stores for a ticket or message that came without words of its own: a mail with no subject, a
 * message with only files, or with nothing at all. Stored in English, as on every ticket filed so far, so that
 * search, triage and the reports read one value; each reader gets it in their language (`inLanguage`): customers
 * and agents in their mail, agents on screen (the app has the same words: web/app/src/placeholders.ts).
 */
export const NO_SUBJECT = "(no subject)";
export const ATTACHMENTS_ONLY = "(attachments only)";
export const NO_TEXT = "(no text)";

const FRENCH: Record<string, string> = {
  [NO_SUBJECT]: "(sans objet)",
  [ATTACHMENTS_ONLY]: "(pièces jointes seulement)",
  [NO_TEXT]: "(sans texte)",
};

/** A stored subject or message body as a reader in `locale` reads it: a placeholder in their words, else as is. */
export function inLanguage(text: string, locale: string | undefined): string {
  return (locale === "fr" && Object.hasOwn(FRENCH, text) ? FRENCH[text] : undefined) ?? text;
}
