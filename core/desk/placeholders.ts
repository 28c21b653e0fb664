import { inLanguage } from "../ticket/placeholder-text.ts";

/**
 * Fills `{{requester.name}}`, `{{ticket.number}}`… in a canned reply. Pure: the agent app uses it in the composer.
 * Unknown placeholders stay as written. The reply is the customer's to read, so a subject stored as a placeholder
 * ("(no subject)") is said in the ticket's language (`ticket.locale`, the customer's), whatever the language of the
 * canned reply or of the agent.
 */
export const PLACEHOLDERS = [
  "requester.name",
  "requester.firstName",
  "requester.email",
  "ticket.number",
  "ticket.subject",
  "agent.name",
] as const;

export function fillPlaceholders(
  text: string,
  values: {
    requester: { name: string; email: string };
    ticket: { number: number; subject: string; locale?: string };
    agent: { name: string };
  },
): string {
  const known: Record<string, string> = {
    "requester.name": values.requester.name,
    "requester.firstName": values.requester.name.split(/\s+/)[0] ?? values.requester.name,
    "requester.email": values.requester.email,
    "ticket.number": String(values.ticket.number),
    "ticket.subject": inLanguage(values.ticket.subject, values.ticket.locale),
    "agent.name": values.agent.name,
  };
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => known[name] ?? whole);
}
