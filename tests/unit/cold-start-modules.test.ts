import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { entryOf, esbuildOptions } from "../../infra/build-functions.ts";
import { lambdaHandlers } from "../../infra/bundling.ts";

/** The source files a Lambda's cold start evaluates: its deploy-shaped bundle's entry and the chunks it imports. */
async function loadedInputs(name: string): Promise<string[]> {
  const handler = lambdaHandlers[name];
  if (!handler) throw new Error(`No Lambda named ${name}`);
  const result = await build({
    ...esbuildOptions(entryOf(handler), `/tmp/cold-start-modules-${name}`),
    write: false,
  });
  const outputs = result.metafile!.outputs;
  const loaded = new Set<string>();
  const visit = (output: string) => {
    if (loaded.has(output)) return;
    loaded.add(output);
    for (const i of outputs[output]!.imports)
      if (i.kind === "import-statement" && outputs[i.path]) visit(i.path);
  };
  visit(Object.keys(outputs).find((o) => o.endsWith("/index.mjs"))!);
  return [...loaded].flatMap((o) =>
    Object.entries(outputs[o]!.inputs)
      .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
      .map(([input]) => input),
  );
}

describe("what a worker loads on a cold start", () => {
  it("the acknowledgement worker does not load the SNS client: it publishes only when a record is handed off", async () => {
    const inputs = await loadedInputs("acknowledge");

    expect(inputs.some((input) => input.includes("core/mail/sent-record.ts"))).toBe(true);
    expect(inputs.filter((input) => input.includes("@aws-sdk/client-sns"))).toEqual([]);
  }, 60_000);
});
