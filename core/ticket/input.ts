import * as z from "zod";
import { normaliseTypedAddress, TYPED_ADDRESS_MESSAGES } from "../mail/typed-address.ts";
import {
  AGENT_ESCALATION_REASONS,
  CHANNELS,
  LOCALES,
  PRIORITIES,
  SLA_STATES,
  STATUSES,
  TIERS,
} from "../store/entities/ticket.ts";
import { multiLine, singleLine } from "../text.ts";
import { TEXT_LIMITS } from "../text-limits.ts";

const required = {
  error: (issue: { input: unknown }) => (issue.input === undefined ? "Required" : "Must be text"),
};
// Names and subjects are one line; messages keep their newlines. Both lose controls and bidi overrides (core/text.ts).
const line = (max: number) =>
  singleLine(required).trim().min(1, "Required").max(max, `At most ${max} characters`);
const text = (max: number) =>
  multiLine(required).trim().min(1, "Required").max(max, `At most ${max} characters`);
const tag = () => singleLine().trim().min(1).max(TEXT_LIMITS.tag);
/**
 * An address as the desk keeps it: lower case, an internationalised domain in ASCII (`josé@société.fr`'s domain is
 * kept as `xn--socit-esab.fr`, `marie@exemple.рф` as `marie@exemple.xn--p1ai`: the form mail arrives in and SES
 * sends to), so keys and lookups find one form. People see it in Unicode again (core/mail/display-address.ts). A
 * local part beyond ASCII is refused with its own message and code (`unicode_local_part`): SES cannot deliver to
 * it (core/mail/typed-address.ts).
 */
export const Email = z
  .string(required)
  .trim()
  .max(TEXT_LIMITS.address, `At most ${TEXT_LIMITS.address} characters`)
  .transform((typed, ctx) => {
    const result = normaliseTypedAddress(typed);
    if (result.ok) return result.address;
    ctx.addIssue({
      code: "custom",
      message: TYPED_ADDRESS_MESSAGES[result.problem],
      ...(result.problem === "unicode_local_part" ? { params: { code: result.problem } } : {}),
    });
    return z.NEVER;
  });

const slug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Lowercase letters, digits and dashes, up to 40 characters");

/** What a customer submits from the web form (JSON or form-encoded). */
export const TicketSubmission = z.object({
  name: line(TEXT_LIMITS.requesterName),
  email: Email,
  subject: line(TEXT_LIMITS.subject),
  message: text(TEXT_LIMITS.message),
  /** The form's language; without it, the browser's Accept-Language decides. */
  locale: z.enum(LOCALES).optional(),
  /** Honeypot: hidden from people, filled by bots. Must stay empty. */
  website: z.string().max(0, "Leave this field empty").optional(),
});
export type TicketSubmission = z.infer<typeof TicketSubmission>;

/** English or French from an Accept-Language header, by preference order; English when neither appears. */
export function localeFromAcceptLanguage(header: string | undefined): "en" | "fr" {
  const ranked = (header ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.split("=")[1] ?? 1);
      return { lang: tag?.split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0 };
    })
    .filter((l) => l.lang === "en" || l.lang === "fr")
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.lang === "fr" ? "fr" : "en";
}

/** A file sent as base64 in JSON (replies, agent-opened tickets, customer replies). */
export const ReplyAttachment = z.object({
  name: singleLine().trim().min(1).max(200),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, "A MIME type such as application/pdf")
    .default("application/octet-stream"),
  contentBase64: z.string().regex(/^[A-Za-z0-9+/=\s]*$/, "Base64"),
});

/**
 * Files sent with a message as base64 JSON. The count and size limits (core/ticket/attachments.ts) are checked
 * after decoding, with their own error codes; this bound only keeps a hostile array from being parsed at all.
 */
export const Attachments = z.array(ReplyAttachment).max(100);

/** A ticket an agent opens for a customer: a phone call, a walk-in, an integration. */
export const AgentTicketInput = z.object({
  name: line(TEXT_LIMITS.requesterName),
  email: Email,
  subject: line(TEXT_LIMITS.subject),
  message: text(TEXT_LIMITS.message),
  channel: z.enum(CHANNELS).default("phone"),
  locale: z.enum(LOCALES).default("en"),
  priority: z.enum(PRIORITIES).optional(),
  team: slug.optional(),
  category: slug.optional(),
  assigneeId: z.string().min(1).optional(),
  tags: z.array(tag()).max(20).optional(),
  attachments: Attachments.optional(),
});
export type AgentTicketInput = z.infer<typeof AgentTicketInput>;

/** An agent's change to a ticket's fields; `null` clears an optional field. */
export const TicketPatch = z
  .object({
    status: z.enum(STATUSES),
    priority: z.enum(PRIORITIES),
    category: slug.nullable(),
    team: slug.nullable(),
    tier: z.enum(TIERS),
    /** Why the tier goes up (only with a higher tier); "unspecified" when not given. */
    escalationReason: z.enum(AGENT_ESCALATION_REASONS),
    assigneeId: z.string().min(1).nullable(),
    tags: z.array(tag().toLowerCase()).max(20),
    /** Everyone copied on the ticket's mail besides the requester (the whole list: add or remove by sending it). */
    cc: z.array(z.string().trim().min(3).max(TEXT_LIMITS.address)).max(20),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "Change at least one field")
  .refine((patch) => !patch.escalationReason || patch.tier, {
    message: "An escalation reason goes with a higher tier",
    path: ["escalationReason"],
  });
export type TicketPatch = z.infer<typeof TicketPatch>;

export const ReplyInput = z.object({
  body: text(50_000),
  /** Set the status in the same step ("send and solve"). */
  status: z.enum(STATUSES).optional(),
  attachments: Attachments.optional(),
});
export const NoteInput = z.object({ body: text(50_000), attachments: Attachments.optional() });
export const CustomerMessageInput = z.object({
  message: text(TEXT_LIMITS.message),
  attachments: Attachments.optional(),
});

export const ViewName = z.enum(["unassigned", "mine", "team", "all"]);
export const ListQuery = z.object({
  view: ViewName.default("all"),
  team: slug.optional(),
  status: z.enum(STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  category: slug.optional(),
  tier: z.enum(TIERS).optional(),
  assigneeId: z.string().max(64).optional(),
  channel: z.enum(CHANNELS).optional(),
  slaState: z.enum(SLA_STATES).optional(),
  /** Newest activity first, or the nearest SLA deadline first (across the whole view, up to 500 tickets). */
  sort: z.enum(["activity", "sla"]).default("activity"),
  cursor: z.string().max(4000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListQuery = z.infer<typeof ListQuery>;
