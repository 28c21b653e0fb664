/**
 * Where an agent may move a ticket from each status, so the status menu offers only moves the server accepts.
 * A copy of core/ticket/lifecycle.ts's table: importing that module would pull the store (ElectroDB, the AWS
 * SDK) into the app bundle. tests/unit/app-status-moves.test.ts checks the two agree for every status pair.
 */
const moves: Record<string, readonly string[]> = {
  new: ["open", "pending", "on_hold", "solved"],
  open: ["pending", "on_hold", "solved"],
  pending: ["open", "on_hold", "solved"],
  on_hold: ["open", "pending", "solved"],
  solved: ["open", "pending", "on_hold", "closed"],
  closed: [],
};

/** True when an agent may set `to` on a ticket now in `from` (staying put is always allowed). */
export function canMoveTo(from: string, to: string): boolean {
  return from === to || (moves[from]?.includes(to) ?? false);
}

/** The `{ status: label }` entries the menu offers for a ticket in `current`, in the labels' order. */
export function allowedStatuses(current: string, labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([status]) => canMoveTo(current, status)));
}
