import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../web/app/src/api.ts";
import { errorText, formErrors } from "../../web/app/src/errors.ts";
import { t } from "../../web/app/src/strings.ts";

describe("agent app: what a failed call tells the agent", () => {
  it("uses the catalogue's words for an error code the app knows", () => {
    const refused = new ApiError(409, "invalid_transition", "Cannot move from closed to open");
    expect(errorText(refused)).toBe(t.apiErrors.invalid_transition);
    expect(errorText(refused)).not.toBe(refused.message);
  });
  it("shows the server's own message for a code it does not know, and a generic line for anything else", () => {
    expect(errorText(new ApiError(422, "brand_new_rule", "Subject needs a word"))).toBe(
      "Subject needs a word",
    );
    expect(errorText(new Error("boom"))).toBe(t.error);
  });
  it("tells a server fault and an unreachable desk apart, in the agent's language (not 'Bad Gateway')", () => {
    expect(errorText(new ApiError(502, "error", "Bad Gateway"))).toBe(t.day.serverTrouble);
    expect(errorText(new ApiError(500, "internal", "Something went wrong on our side"))).toBe(
      t.day.serverTrouble,
    );
    expect(errorText(new TypeError("Failed to fetch"))).toBe(t.day.unreachable);
    // Firefox and Safari word it their own way.
    expect(errorText(new TypeError("NetworkError when attempting to fetch resource."))).toBe(
      t.day.unreachable,
    );
    expect(errorText(new TypeError("Load failed"))).toBe(t.day.unreachable);
  });
  it("does not blame the connection for a fault in the app that happens to be a TypeError", () => {
    expect(errorText(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(t.error);
  });
  it("keeps the server's field errors next to the form's message", () => {
    const error = new ApiError(409, "email_taken", "taken", { email: "Already used" });
    expect(formErrors(error)).toEqual({ email: "Already used", form: t.apiErrors.email_taken });
    expect(formErrors(new Error("boom"))).toEqual({ form: t.error });
  });
});

/** Every .ts source of the server side (the API's handlers and the desk's core). */
const serverSources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? serverSources(join(dir, e.name))
      : e.name.endsWith(".ts")
        ? [readFileSync(join(dir, e.name), "utf8")]
        : [],
  );

describe("agent app: error codes in the catalogue", () => {
  it("names only codes the API really sends (a typo would never match)", () => {
    const root = join(import.meta.dirname, "../..");
    const server = [...serverSources(join(root, "functions")), ...serverSources(join(root, "core"))].join(
      "\n",
    );
    const unknown = Object.keys(t.apiErrors).filter((code) => !server.includes(`"${code}"`));
    expect(unknown).toEqual([]);
  });
});

describe("agent app: copying the requester", () => {
  it("says why in the agent's words, in English and French, from the server's stable code", async () => {
    const { strings } = await import("../../web/app/src/strings.ts");
    for (const lang of ["en", "fr"] as const) expect(strings[lang].apiErrors.cc_requester).toBeTruthy();
    const refused = new ApiError(400, "cc_requester", "Cannot copy hal@client.example: the requester, …");
    expect(errorText(refused)).toBe(t.apiErrors.cc_requester);
  });
});
