import type { TestProject } from "vitest/node";
import { type LocalDesk, startLocalDesk } from "../support/local-desk.ts";

export const ADMIN = { email: "admin@desk.localhost", password: "e2e admin password" };
export const INBOUND = "e2e-inbound-secret-0123456789";
/** The desk's signing secret, so a test can make the links the desk mails (a survey's). */
export const SECRET = "e2e-desk-secret-0123456789abcdef";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** The SES emulator's store (everything the desk sent). */
    mailUrl: string;
  }
}

let desk: LocalDesk | undefined;

/** Starts the local desk exactly as `npm start` does (the app is built by `npm run test:e2e` first). */
export async function setup(project: TestProject) {
  desk = await startLocalDesk({
    DESK_ADMIN_EMAIL: ADMIN.email,
    DESK_ADMIN_PASSWORD: ADMIN.password,
    DESK_INBOUND_SECRET: INBOUND,
    DESK_SECRET: SECRET,
    DESK_LOCAL_VISIBILITY_S: "2",
    // Every browser test submits the web form from 127.0.0.1: one desk serves them all, so the per-IP limit
    // (20 an hour) is raised here; the limit itself is tested in tests/integration/login-limits and intake.
    DESK_LIMIT_SUBMISSIONS_PER_IP: "2000/3600",
  });
  project.provide("baseUrl", desk.baseUrl);
  project.provide("mailUrl", desk.mailUrl);
}

export async function teardown() {
  await desk?.stop();
}
