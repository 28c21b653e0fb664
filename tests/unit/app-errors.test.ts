import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FieldIssue } from "../../core/error.ts";
import { ApiError } from "../../web/app/src/api.ts";
import { errorText, formErrors } from "../../web/app/src/errors.ts";
import { strings, t } from "../../web/app/src/strings.ts";

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
  it("words a refused field by its kind of refusal in the agent's language, never zod's English", () => {
    const tooLong = new ApiError(
      400,
      "validation",
      "Some fields are not valid",
      { name: "Too big: expected string to have <=100 characters" },
      {},
      { name: { code: "too_big", limit: 100, origin: "string" } },
    );
    expect(errorText(tooLong)).toBe("at most 100 characters.");
    expect(formErrors(tooLong).name).toBe("at most 100 characters.");
    const empty = new ApiError(
      400,
      "validation",
      "Some fields are not valid",
      { subject: "Too small: expected string to have >=1 characters" },
      {},
      { subject: { code: "too_small", limit: 1, origin: "string" } },
    );
    expect(errorText(empty)).toBe("required.");
    const fr = strings.fr.fieldErrors.issues;
    expect(fr.atMost(20_000, "string")).toBe("20\u202f000 caractères au plus.");
    expect(fr.required).toBe("obligatoire.");
    expect(fr.atMost(20, "items")).toBe("20 éléments au plus.");
    // The server's own specific words, where the catalogue has them, win over the generic kind.
    const zone = new ApiError(
      400,
      "validation",
      "Some fields are not valid",
      { timeZone: "Unknown time zone" },
      {},
      { timeZone: { code: "custom" } },
    );
    expect(errorText(zone)).toBe(t.fieldErrors.messages["Unknown time zone"]);
    // A bound to pass, not reach (.positive()), a whole number (.int()), a pattern's own words.
    const issue = (field: string, message: string, kind: FieldIssue) =>
      errorText(new ApiError(400, "validation", "x", { [field]: message }, {}, { [field]: kind }));
    expect(issue("n", "Too small", { code: "too_small", limit: 0, inclusive: false, origin: "number" })).toBe(
      "more than 0.",
    );
    expect(issue("n", "Invalid input", { code: "invalid_type", format: "safeint" })).toBe("a whole number.");
    expect(
      issue("vip", "An address or a domain (@example.com)", { code: "invalid_format", format: "regex" }),
    ).toBe("An address or a domain (@example.com)");
    // A kind the catalogue lacks: the server's message as it came.
    const odd = new ApiError(400, "validation", "x", { a: "Odd" }, {}, { a: { code: "not_multiple_of" } });
    expect(errorText(odd)).toBe("Odd");
  });
  it("does not blame the connection for a fault in the app that happens to be a TypeError", () => {
    expect(errorText(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(t.error);
  });
  it("says a refused copy list in the agent's words from its code, naming the addresses (never its English)", () => {
    const message =
      "Cannot copy noreply@xn--socit-esab.fr: not a valid address, a no-reply box or the desk itself";
    const refused = new ApiError(
      400,
      "cc_not_copyable",
      message,
      { cc: message },
      {
        addresses: ["noreply@xn--socit-esab.fr", "support@desk.example"],
      },
    );
    expect(errorText(refused)).toBe(
      (t.apiErrors.cc_not_copyable as (w: { addresses: string }) => string)({
        addresses: "noreply@société.fr, support@desk.example",
      }),
    );
    for (const lang of ["en", "fr"] as const)
      expect(
        (strings[lang].apiErrors.cc_not_copyable as (w: { addresses: string }) => string)({
          addresses: "a@b.example",
        }),
      ).toContain("a@b.example");
    // Nothing in the app matches the server's English sentences any more: a reworded message changes nothing.
    const app = readFileSync(join(import.meta.dirname, "../../web/app/src/errors.ts"), "utf8");
    expect(app).not.toContain("Cannot copy");
  });
  it.each([
    "requester_is_desk",
    "invalid_desk_alias",
    "duplicate_desk_alias",
    "desk_alias_is_mail_from",
    "too_many_desk_aliases",
  ])("says %s in English and French, naming the addresses, never the server's English", (code) => {
    const server = "The server's own English sentence";
    const refused = new ApiError(400, code, server, {}, { addresses: ["billing@desk.example"] });
    expect(errorText(refused)).not.toBe(server);
    for (const lang of ["en", "fr"] as const) {
      const words = strings[lang].apiErrors[code];
      const said = typeof words === "function" ? words({ addresses: "billing@desk.example" }) : words;
      expect(said, lang).toBeTruthy();
      if (code !== "too_many_desk_aliases") expect(said, lang).toContain("billing@desk.example");
    }
    expect(strings.fr.apiErrors[code]).not.toEqual(strings.en.apiErrors[code]);
  });
  it("is the one way screens say a failed call: none shows an ApiError's English message itself", () => {
    const app = join(import.meta.dirname, "../../web/app/src");
    const direct = appSources(app).filter(({ text }) => /instanceof ApiError \? \w+\.message/.test(text));
    expect(direct.map(({ file }) => file)).toEqual([]);
  });
  it("keeps the server's field errors next to the form's message", () => {
    const error = new ApiError(409, "email_taken", "taken", { email: "Already used" });
    expect(formErrors(error)).toEqual({ email: "Already used", form: t.apiErrors.email_taken });
    expect(formErrors(new Error("boom"))).toEqual({ form: t.error });
  });
});

/** Every .ts/.tsx source of the app, with its path. */
const appSources = (dir: string): { file: string; text: string }[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => ({
      file: join(e.parentPath, e.name),
      text: readFileSync(join(e.parentPath, e.name), "utf8"),
    }));

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

  it("has, in English and in French, every code the server throws at an agent's screen", () => {
    const thrown = thrownCodes();
    // The scan itself finds the codes the QA pass saw in English on French screens.
    expect(thrown).toEqual(expect.arrayContaining(["link_to_self", "target_merged", "too_many_links"]));
    const missing = thrown
      .filter((code) => !NOT_FOR_AGENTS.has(code))
      .flatMap((code) =>
        (["en", "fr"] as const)
          .filter((lang) => !strings[lang].apiErrors[code] && !strings[lang].signature.errors[code])
          .map((lang) => `${lang}: ${code}`),
      );
    expect(missing).toEqual([]);
  });
});

/**
 * Codes no agent screen receives, or that carry their words in `fields` (shown beside each field): the customer's
 * portal and survey, the inbound mail webhook, and the generic `validation`.
 */
const NOT_FOR_AGENTS = new Set([
  "validation",
  "invalid_link", // a customer's sign-in link
  "invalid_token", // the satisfaction survey
  "link_revoked", // a customer's ticket link
  "ticket_merged", // the customer portal of a merged ticket
  "rating_required", // the satisfaction survey
  "not_a_message", // the inbound mail webhook
  "unsupported_charset", // a body no browser sends
  "invalid_desk_name", // the desk-name screen's own words (t.deskName.invalid)
]);

/** Every code the server gives a DeskError (`new DeskError(kind, "code"`, or a helper's `refused("code"`). */
function thrownCodes(): string[] {
  const root = join(import.meta.dirname, "../..");
  const source = [...serverSources(join(root, "functions")), ...serverSources(join(root, "core"))].join("\n");
  const codes = [
    ...source.matchAll(/DeskError\(\s*"[a-z_]+",\s*"([a-z_]+)"/g),
    ...source.matchAll(/\brefused\(\s*"([a-z_]+)"/g),
    ...source.matchAll(/params: \{ code: "([a-z_]+)" \}/g),
  ].map((m) => m[1]!);
  return [...new Set(codes)].sort();
}

describe("agent app: copying the requester", () => {
  it("says why in the agent's words, in English and French, from the server's stable code", async () => {
    const { strings } = await import("../../web/app/src/strings.ts");
    for (const lang of ["en", "fr"] as const) expect(strings[lang].apiErrors.cc_requester).toBeTruthy();
    const refused = new ApiError(400, "cc_requester", "Cannot copy hal@client.example: the requester, …");
    expect(errorText(refused)).toBe(t.apiErrors.cc_requester);
  });
});
