import { expect, it } from "vitest";
import { startLocalDesk } from "../support/local-desk.ts";

it("the mail viewer asked for a message it no longer has (gone with a restart): refused, the desk keeps running", async () => {
  const desk = await startLocalDesk();
  try {
    const viewer = await fetch(`${desk.mailUrl}/get-emlContent?messageId=does-not-exist`);
    expect(viewer.status).toBe(400);
    const missing = await fetch(`${desk.mailUrl}/get-emlContent`);
    expect(missing.status).toBe(400);
    // The emulator's second answer came after its 400: give it time to reach the desk's crash handler.
    await new Promise((r) => setTimeout(r, 1000));
    expect(desk.child.exitCode).toBeNull();
    expect((await fetch(`${desk.baseUrl}/api/health`)).status).toBe(200);
    expect((await fetch(`${desk.mailUrl}/store`)).status).toBe(200);
  } finally {
    await desk.stop();
  }
});
