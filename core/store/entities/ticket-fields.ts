// The short names a ticket's attributes are stored under (fewer write units per copy), and how a model takes them.

/**
 * Short stored names of the ticket's attributes. A ticket item is written on every change, to the table and to
 * every index that holds it, and each is billed per started KB: with its attribute names spelled out, an open
 * ticket with its SLA fields passed 1 KB (2 units per copy, 4 per moved index entry). Stored as these names it
 * stays under 1 KB. The code keeps the long names (ElectroDB maps them); keys, ids and the attributes the
 * timeline collection shares with entries (`createdAt`, `channel`) keep theirs, and so does `nextCheckAt`, which
 * the due index (gsi6) projects by name (a new projection would mean rebuilding that index).
 */
export const TICKET_FIELDS: Record<string, string> = {
  subject: "su",
  requesterName: "rn",
  requesterEmail: "re",
  status: "st",
  priority: "pr",
  tier: "ti",
  escalationReason: "er",
  locale: "lo",
  category: "ca",
  team: "tm",
  assigneeId: "as",
  tags: "tg",
  cc: "cc",
  linkedTicketId: "lk",
  updatedAt: "up",
  lastActivityAt: "la",
  firstResponseAt: "fr",
  solvedAt: "so",
  csatDueAt: "cd",
  csatRequestedAt: "cq",
  csatRating: "cs",
  csatComment: "cm",
  csatRatedAt: "ct",
  csatFirstRatedAt: "cf",
  replyCount: "rc",
  solvedBy: "sb",
  closedAt: "cl",
  reopenCount: "ro",
  createdBy: "cb",
  version: "v",
  shard: "sh",
  queue: "q",
  teamQueue: "tq",
  slaPolicy: "sp",
  slaTargets: "sg",
  slaState: "ss",
  slaStartedAt: "sa",
  firstResponseDueAt: "fd",
  firstResponseWarnAt: "fw",
  resolutionDueAt: "rd",
  resolutionWarnAt: "rw",
  slaPause: "pa",
  firstResponsePausedMinutes: "fp",
  resolutionPausedMinutes: "rp",
  slaWarned: "sw",
  slaBreached: "sx",
  pendingSince: "ps",
  pendingRemindedAt: "pm",
  customerWaitingSince: "cw",
  waitingRemindAt: "wr",
  waitingReminded: "wd",
  unassignedSince: "us",
  unassignedAlertAt: "ua",
  safetyNet: "sn",
  vendorId: "vi",
  vendorSince: "vs",
  vendorDueAt: "vd",
  vendorRespondedAt: "vr",
  mergedInto: "mi",
  mergedFrom: "mf",
  related: "rl",
  mergedSenders: "ms",
  numbered: "nm",
  requesterProven: "pv",
};

/** The same attributes, each stored under its short name (types unchanged: `field` is storage only). */
export function stored<A extends Record<string, object>>(attributes: A, fields: Record<string, string>): A {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, definition]) => [
      name,
      fields[name] ? { ...definition, field: fields[name] } : definition,
    ]),
  ) as A;
}
