import { describe, expect, it } from "vitest";
import * as z from "zod";
import { fieldsAndIssuesOf } from "../../functions/api/errors.ts";

describe("fieldsAndIssuesOf", () => {
  it("names a field whatever its key, even one an object inherits", () => {
    const schema = z.record(z.string(), z.number());
    const result = schema.safeParse(JSON.parse('{"constructor":"x","toString":"y","__proto__":"z","ok":1}'));
    if (result.success) throw new Error("expected a refusal");
    const { fields, fieldIssues } = fieldsAndIssuesOf(result.error);
    expect(Object.keys(fields).sort()).toEqual(["constructor", "toString"]);
    expect(Object.keys(fieldIssues).sort()).toEqual(["constructor", "toString"]);
    expect(fieldIssues["constructor" as string]?.code).toBe("invalid_type");
  });

  it("keeps a field named __proto__ as data", () => {
    const error = new z.ZodError([{ code: "custom", path: ["__proto__"], message: "not here", input: 1 }]);
    const { fields, fieldIssues } = fieldsAndIssuesOf(error);
    expect(JSON.parse(JSON.stringify({ fields, fieldIssues }))).toEqual({
      fields: { ["__proto__"]: "not here" },
      fieldIssues: { ["__proto__"]: { code: "custom" } },
    });
  });

  it("keeps the first issue of each field", () => {
    const result = z
      .object({
        name: z
          .string()
          .min(3)
          .regex(/^[a-z]+$/),
      })
      .safeParse({ name: "A" });
    if (result.success) throw new Error("expected a refusal");
    expect(fieldsAndIssuesOf(result.error).fieldIssues.name?.code).toBe("too_small");
  });
});
