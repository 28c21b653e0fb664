import { describe, expect, it } from "vitest";
import { STATUSES } from "../../core/store/entities/ticket.ts";
import { canTransition } from "../../core/ticket/lifecycle.ts";
import { allowedStatuses } from "../../web/app/src/status-moves.ts";
import { t } from "../../web/app/src/strings.ts";

describe("agent app: the status menu", () => {
  it("offers exactly the moves the server's lifecycle allows, for every status", () => {
    for (const from of STATUSES)
      expect([from, Object.keys(allowedStatuses(from, t.statuses)).sort()]).toEqual([
        from,
        STATUSES.filter((to) => canTransition(from, to)).sort(),
      ]);
  });

  it("offers the current status and its allowed moves, in menu order", () => {
    expect(Object.keys(allowedStatuses("new", t.statuses))).toEqual([
      "new",
      "open",
      "pending",
      "on_hold",
      "solved",
    ]);
    expect(Object.keys(allowedStatuses("solved", t.statuses))).toEqual([
      "open",
      "pending",
      "on_hold",
      "solved",
      "closed",
    ]);
    expect(allowedStatuses("closed", t.statuses)).toEqual({ closed: t.statuses.closed });
  });
});
