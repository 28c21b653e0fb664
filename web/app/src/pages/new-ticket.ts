const FIELDS = [
  "name",
  "email",
  "subject",
  "message",
  "channel",
  "locale",
  "priority",
  "team",
  "category",
] as const;

/**
 * The body of `POST /api/agent/tickets` from the new-ticket form: only what the agent filled in or picked. An
 * empty choice ("Let triage decide") is not sent, so triage decides it from the words of the request.
 */
export function newTicketBody(form: FormData): Record<string, string> {
  const body: Record<string, string> = {};
  for (const name of FIELDS) {
    const value = String(form.get(name) ?? "").trim();
    if (value) body[name] = value;
  }
  return body;
}
