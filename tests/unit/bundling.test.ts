import { describe, expect, it } from "vitest";
import { entryOf, esbuildOptions } from "../../infra/build-functions.ts";
import { lambdaHandlers, nodejsBundling } from "../../infra/bundling.ts";
import { functionDefaults } from "../../infra/settings.ts";
import { topology } from "../../infra/topology.ts";

describe("deploy-shaped bundles", () => {
  it("bundles with the options the deploy gives SST, from the one definition", () => {
    expect(functionDefaults.nodejs).toBe(nodejsBundling);

    const options = esbuildOptions(entryOf(lambdaHandlers.api), "/tmp/out");

    expect(options).toMatchObject({
      format: "esm",
      platform: "node",
      bundle: true,
      minify: nodejsBundling.minify,
      splitting: nodejsBundling.splitting,
      sourcemap: nodejsBundling.sourcemap,
      entryPoints: [{ in: expect.stringMatching(/functions\/api\/lambda\.ts$/), out: "index" }],
    });
    // What SST always adds: sharp and pg-native external, require and __dirname for CommonJS dependencies.
    expect(options.external).toEqual(["sharp", "pg-native", ...nodejsBundling.esbuild.external]);
    expect(options.banner?.js).toContain("const require = topLevelCreateRequire(import.meta.url);");
  });

  it("lists every Lambda of the deploy: the API, the sweep, the trainer and one per worker queue", () => {
    const workers = Object.values(topology.queues).map((q) => q.handler);

    expect(Object.values(lambdaHandlers).sort()).toEqual(
      [
        "functions/api/lambda.handler",
        "functions/cron/sweep.handler",
        "functions/cron/train.handler",
        ...workers,
      ].sort(),
    );
    expect(lambdaHandlers["inbound-mail"]).toBe(topology.queues.InboundMail.handler);
  });
});
