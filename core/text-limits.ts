/**
 * How long what people type may be, in characters (UTF-16 units of the trimmed text, as zod counts). Pure, so
 * the agent app holds its fields to the same numbers (web/app/src/limits.ts) and says so before sending instead
 * of cutting; the web form, plain JS, copies the customer's in web/form/limits.js (tests/unit/form-limits.test.ts).
 */
export const TEXT_LIMITS = {
  /** A requester's name on a ticket (web form, agent-opened ticket). */
  requesterName: 200,
  subject: 200,
  message: 20_000,
  tag: 50,
  /** An address copied on a ticket. */
  address: 254,
  /** An agent's, a team's, a category's or a vendor's name, and their French forms. */
  directoryName: 100,
  articleTitle: 200,
  /** What an agent writes to a vendor when handing a ticket over. */
  vendorMessage: 10_000,
  /** The desk's name (and its French form): it signs every mail and is its From name. */
  deskName: 80,
  cannedTitle: 100,
  cannedBody: 20_000,
  /** An API token's name, said wherever the token is listed. */
  tokenName: 100,
  /** A knowledge-base article's Markdown. */
  articleBody: 100_000,
} as const;
