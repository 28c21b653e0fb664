import { describe, expect, it } from "vitest";
import { DeskError } from "../../core/error.ts";
import { STATUSES } from "../../core/store/entities/ticket.ts";
import {
  assertTransition,
  canTransition,
  statusAfterAgentReply,
  statusAfterCustomerMessage,
} from "../../core/ticket/lifecycle.ts";

describe("ticket lifecycle", () => {
  it("never lets anything leave closed, or go back to new", () => {
    for (const to of STATUSES) {
      if (to !== "closed") expect(canTransition("closed", to), `closed -> ${to}`).toBe(false);
      if (to !== "new") expect(canTransition(to, "new"), `${to} -> new`).toBe(false);
    }
  });

  it("closes only from solved", () => {
    for (const from of STATUSES)
      expect(canTransition(from, "closed"), from).toBe(from === "solved" || from === "closed");
  });

  it("refuses with a 409-kind error and the stable code invalid_transition", () => {
    const error = (() => {
      try {
        assertTransition("closed", "open");
      } catch (e) {
        return e;
      }
    })() as DeskError;
    expect(error).toBeInstanceOf(DeskError);
    expect(error.kind).toBe("conflict");
    expect(error.code).toBe("invalid_transition");
  });

  it("reopens a solved ticket when the customer writes and ends waiting on them", () => {
    expect(statusAfterCustomerMessage("solved")).toBe("open");
    expect(statusAfterCustomerMessage("pending")).toBe("open");
    expect(statusAfterCustomerMessage("new")).toBe("new");
    expect(statusAfterCustomerMessage("open")).toBe("open");
    expect(() => statusAfterCustomerMessage("closed")).toThrow(DeskError);
  });

  it("opens a new ticket on the first reply unless the agent chose a status", () => {
    expect(statusAfterAgentReply("new")).toBe("open");
    expect(statusAfterAgentReply("pending")).toBe("pending");
    expect(statusAfterAgentReply("open", "solved")).toBe("solved");
    expect(() => statusAfterAgentReply("open", "new")).toThrow(DeskError);
  });
});
