/**
 * Fills `{{requester.name}}`, `{{ticket.number}}`… in a canned reply. Pure and dependency-free: the agent app
 * uses it in the composer and the API in previews, so both say the same. Unknown placeholders stay as written.
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
    ticket: { number: number; subject: string };
    agent: { name: string };
  },
): string {
  const known: Record<string, string> = {
    "requester.name": values.requester.name,
    "requester.firstName": values.requester.name.split(/\s+/)[0] ?? values.requester.name,
    "requester.email": values.requester.email,
    "ticket.number": String(values.ticket.number),
    "ticket.subject": values.ticket.subject,
    "agent.name": values.agent.name,
  };
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => known[name] ?? whole);
}
