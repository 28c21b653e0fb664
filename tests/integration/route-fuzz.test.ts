import { beforeAll, describe, expect, it } from "vitest";
import {
  call,
  type Session,
  signedInAgent,
  startTestDesk,
  submitTicket,
  type TestDesk,
} from "../support/desk.ts";

/**
 * Every route of the API document, called by an admin (who passes every guard) with hostile path parameters,
 * queries and bodies: each must answer a client error with a stable code, never a 500. A route added later
 * without its input checks fails here, whoever adds it.
 */
let desk: TestDesk;
let admin: Session;

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  minItems?: number;
  maxLength?: number;
  default?: unknown;
  anyOf?: Schema[];
  $ref?: string;
};
type Operation = {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Route = { method: string; path: string; operation: Operation };
let routes: Route[];
let ticketId: string;
let components: Record<string, Schema>;

beforeAll(async () => {
  desk = await startTestDesk();
  admin = (await signedInAgent(desk.app, { role: "admin", teams: ["support"] })).session;
  ticketId = (await submitTicket(desk.app)).id;
  const document = (await call(desk.app, "GET", "/api/openapi.json")).json as {
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, Schema> };
  };
  components = document.components?.schemas ?? {};
  routes = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, operation })),
  );
});

/** Path parameters an attacker or a broken client sends. */
const HOSTILE_PARAMS = [
  "..%2F..%2Fadmin",
  "a".repeat(300),
  "%00",
  "%F0%9F%92%A9%E2%80%AE",
  "-1",
  "1e400",
  "__proto__",
];
/** Values put in every field of a body or query at once. */
const HOSTILE_VALUES: unknown[] = [
  null,
  -1,
  1e308,
  true,
  "",
  "x".repeat(70_000),
  "\u0000\ud800<script>",
  ["x"],
  { $ne: 1 },
];

const filled = (path: string, value: string) => `/api${path.replace(/\{\w+\}/g, value)}`;
const resolve = (schema: Schema | undefined): Schema | undefined =>
  schema?.$ref ? components[schema.$ref.split("/").pop() ?? ""] : schema;
const bodyFields = (operation: Operation) =>
  Object.keys(resolve(operation.requestBody?.content?.["application/json"]?.schema)?.properties ?? {});
const queryFields = (operation: Operation) =>
  (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);

const WRITE = new Set(["post", "put", "patch", "delete"]);
/** What a route answered that it must not: a server error, or a client error without a stable code. */
function wrong(label: string, response: Awaited<ReturnType<typeof call>>): string | null {
  if (response.status >= 500) return `${label} → ${response.status} ${response.text.slice(0, 160)}`;
  if (response.status >= 400 && response.json && typeof response.json.error?.code !== "string")
    return `${label} → ${response.status} without a code`;
  return null;
}

describe("hostile input on every route", () => {
  it("answers hostile path parameters with a client error, never a 500", { timeout: 180_000 }, async () => {
    const problems: string[] = [];
    for (const { method, path, operation } of routes) {
      if (!path.includes("{")) continue;
      for (const value of HOSTILE_PARAMS) {
        const body = WRITE.has(method) && operation.requestBody ? {} : undefined;
        const response = await call(desk.app, method.toUpperCase(), filled(path, value), { as: admin, body });
        const said = wrong(`${method} ${path} [${value.slice(0, 20)}]`, response);
        if (said) problems.push(said);
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers hostile bodies and queries with a client error, never a 500", {
    timeout: 300_000,
  }, async () => {
    const problems: string[] = [];
    for (const { method, path, operation } of routes) {
      const fields = WRITE.has(method) ? bodyFields(operation) : queryFields(operation);
      if (!fields.length) continue;
      for (const value of HOSTILE_VALUES) {
        const label = `${method} ${path} [${JSON.stringify(value)?.slice(0, 20)}]`;
        const url = filled(path, "01PROBE");
        const response = WRITE.has(method)
          ? await call(desk.app, method.toUpperCase(), url, {
              as: admin,
              body: Object.fromEntries(fields.map((f) => [f, value])),
            })
          : await call(
              desk.app,
              "GET",
              `${url}?${new URLSearchParams(fields.map((f) => [f, String(value)]))}`,
              { as: admin },
            );
        const said = wrong(label, response);
        if (said) problems.push(said);
      }
      // A prototype-polluting body: refused or ignored, never the desk's own objects changed.
      if (WRITE.has(method)) {
        const response = await call(desk.app, method.toUpperCase(), filled(path, "01PROBE"), {
          as: admin,
          body: '{"__proto__":{"role":"admin","polluted":true},"constructor":{"prototype":{"polluted":true}}}',
        });
        const said = wrong(`${method} ${path} [__proto__]`, response);
        if (said) problems.push(said);
        expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers a valid body with one hostile text in any field without a 500", {
    timeout: 600_000,
  }, async () => {
    const problems: string[] = [];
    let calls = 0;
    for (const { method, path, operation } of routes) {
      const schema = resolve(operation.requestBody?.content?.["application/json"]?.schema);
      if (!WRITE.has(method) || !schema?.properties) continue;
      const valid = validOf(schema) as Record<string, unknown>;
      const url = filled(path, ticketId);
      for (const [field, fieldSchema] of Object.entries(schema.properties)) {
        for (const value of hostileFor(field, resolve(fieldSchema))) {
          // Any version (If-Match: *), and another IP each time: the web form's rate limit stays out of the way.
          const response = await call(desk.app, method.toUpperCase(), url, {
            as: admin,
            body: { ...valid, [field]: value },
            headers: { "if-match": "*" },
            ip: `198.51.${Math.floor(++calls / 250)}.${calls % 250}`,
          });
          const said = wrong(`${method} ${path} ${field}=${JSON.stringify(value).slice(0, 24)}`, response);
          if (said) problems.push(said);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

const typeOf = (schema: Schema): string | undefined =>
  (Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type) ??
  (schema.anyOf ? typeOf(resolve(schema.anyOf[0]) ?? {}) : undefined);

/** A value the schema accepts, as far as its shape tells: required fields only, patterns met by a lowercase word. */
function validOf(schema: Schema | undefined, name = ""): unknown {
  if (!schema) return "probe";
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  switch (typeOf(schema)) {
    case "object":
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([key]) => schema.required?.includes(key))
          .map(([key, value]) => [key, validOf(resolve(value), key)]),
      );
    case "array":
      return schema.minItems ? [validOf(resolve(schema.items), name)] : [];
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    default:
      if (/email|address/i.test(name)) return "fuzz.probe@example.com";
      return schema.pattern ? "probe" : "Probe text";
  }
}

/** Texts of the field's own type that have broken parsers, headers and pages elsewhere. */
function hostileFor(name: string, schema: Schema | undefined): unknown[] {
  if (!schema || schema.enum) return [];
  const type = typeOf(schema);
  if (type === "array") return hostileFor(name, resolve(schema.items)).map((value) => [value]);
  if (type !== "string" || schema.pattern) return [];
  const long = "😀".repeat(Math.max(1, Math.floor((schema.maxLength ?? 200) / 2)));
  if (/email|address/i.test(name))
    return [
      "ann@example.com\r\nBcc: evil@example.net",
      '"evil@example.net"@example.com',
      "ann@[127.0.0.1]",
      "ann@exаmple.com",
      "ann@xn--80ak6aa92e.com",
      `${"a".repeat(64)}@${"b".repeat(63)}.example`,
    ];
  return [
    "Ann\r\nBcc: evil@example.net",
    "\u202eevil\u0000",
    "<img src=x onerror=alert(1)>{{7*7}}${7*7}",
    '=HYPERLINK("http://evil")',
    "   ",
    long,
  ];
}
