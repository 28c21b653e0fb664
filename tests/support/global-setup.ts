import type { TestProject } from "vitest/node";
import { type Endpoints, startEmulators } from "../../infra/local/desk.ts";

declare module "vitest" {
  export interface ProvidedContext {
    endpoints: Endpoints;
  }
}

/** One set of emulators (in memory, on free loopback ports) for the whole run; stopped at the end. */
export default async function setup(project: TestProject) {
  const emulators = await startEmulators();
  project.provide("endpoints", emulators.endpoints);
  return () => emulators.stop();
}
