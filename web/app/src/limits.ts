/**
 * The server's limits on what an agent types in a ticket's chip lists (core/ticket/input.ts, `TicketPatch`): the
 * app says so before sending rather than cut what was pasted. tests/unit/form-limits.test.ts keeps them equal.
 */
export const LIMITS = { tag: 50, address: 254 } as const;
