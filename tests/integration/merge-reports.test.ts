import { beforeAll, describe, expect, it } from "vitest";
import { dayIn, noonZone } from "../support/clock.ts";
import {
  call,
  patchTicket,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/** About noon in the desk's zone, so no desk midnight falls while the file runs. */
const ZONE = noonZone();
const today = () => dayIn(ZONE);

let desk: TestDesk;
let admin: Awaited<ReturnType<typeof signedInAgent>>;
beforeAll(async () => {
  desk = await startTestDesk();
  admin = await signedInAgent(desk.app, { role: "admin" });
  await call(desk.app, "PUT", "/api/admin/business-hours", {
    as: admin.session,
    body: { timezone: ZONE, alwaysOpen: true },
  });
});

const rows = async (name: string) =>
  (
    await call(desk.app, "GET", `/api/reports/${name}?from=${today()}&to=${today()}`, {
      as: admin.session,
    })
  ).json.rows as Record<string, number | string>[];
const day = async (name: string) => (await rows(name)).find((r) => r.date === today())!;
const openNow = async () => (await rows("backlog")).find((r) => r.date === "now")!.openTotal as number;

describe("merge in the reports", () => {
  it("counts an open ticket merged away, so the backlog's net change follows the open tickets; the rebuild agrees", async () => {
    const kept = await submitTicket(desk.app, { subject: "Kept" });
    const open = await submitTicket(desk.app, { subject: "Duplicate, open" });
    const solved = await submitTicket(desk.app, { subject: "Duplicate, solved" });
    await patchTicket(desk.app, admin.session, solved.id, { status: "solved" });
    await desk.drain();
    const [netBefore, openBefore] = [(await day("backlog")).netChange as number, await openNow()];

    const merge = (id: string) =>
      call(desk.app, "POST", `/api/tickets/${id}/merge`, { as: admin.session, body: { into: kept.id } });
    expect((await merge(open.id)).status).toBe(200);
    // A solved ticket merged left the backlog when it was solved: not counted again.
    expect((await merge(solved.id)).status).toBe(200);
    await desk.drain();

    expect((await day("volume")).merged).toBe(1);
    const [netAfter, openAfter] = [(await day("backlog")).netChange as number, await openNow()];
    expect(openAfter - openBefore).toBe(-1);
    expect(netAfter - netBefore).toBe(openAfter - openBefore);

    const volume = await rows("volume");
    const { rebuildReports } = await import("../../core/report/rebuild.ts");
    await rebuildReports();
    expect(await rows("volume")).toEqual(volume);
    expect((await day("backlog")).netChange).toBe(netAfter);
  });
});
