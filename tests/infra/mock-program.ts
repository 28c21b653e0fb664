/**
 * Runs the desk's SST program (sst.config.ts → infra/) the way `sst deploy` would, but against Pulumi's runtime
 * mocks instead of AWS: every resource the deploy would register is recorded with its inputs and written as
 * JSON to DESK_MOCK_OUT. esbuild bundles this file with SST's platform source (tests/infra/deploy-graph.ts), exactly as
 * SST's CLI bundles sst.config.ts, so the components are SST's own code, unmodified.
 *
 * What SST's Go CLI normally provides is stood in for: the globals (tests/infra/app-globals.ts, and `sst`, `aws` set on globalThis below), and its RPC server
 * (SST_SERVER), which answers `Runtime.Build` (bundling a function: here a placeholder bundle, the handler and
 * bundling options are recorded) and `Provider.Aws.Bootstrap` (the asset bucket).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { run } from "sst-platform/auto/run.ts";
import * as sst from "sst-platform/components/index.ts";
// SST's own wrapper around the program (stack transformations, then `run()`).
// Pulumi's packages come from SST's platform (the same copies SST's components load), hence the prefix.
import * as aws from "sst-platform-package/@pulumi/aws";
import { runtime } from "sst-platform-package/@pulumi/pulumi";
import { $app, $cli } from "./app-globals.ts";

const stage = String($app.stage);
const work = $cli.paths.work;

interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const resources: Recorded[] = [];
const builds: Record<string, unknown>[] = [];
const rpcCalls: string[] = [];

/** SST's RPC server, on loopback: the function builder and the bootstrap lookup. */
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", () => {
    const { method, params } = JSON.parse(body) as { method: string; params: [Record<string, unknown>] };
    rpcCalls.push(method);
    const reply = (payload: object) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (method === "Runtime.Build") {
      const input = params[0];
      builds.push(input);
      const out = join(work, "artifacts", String(input.functionID));
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, "index.mjs"), "export const handler = async () => {};\n");
      return reply({ result: { handler: "index.handler", out, errors: [], sourcemaps: [] } });
    }
    if (method === "Provider.Aws.Bootstrap") {
      return reply({
        result: {
          asset: "sst-asset-mock",
          assetEcrRegistryId: "123456789012",
          assetEcrUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/sst-asset",
          state: "sst-state-mock",
          appsyncHttp: "",
          appsyncRealtime: "",
        },
      });
    }
    reply({ error: `rpc: can't find method ${method}` });
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
process.env.SST_SERVER = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const account = "123456789012";
const region = "us-east-1";

/** Outputs AWS would fill in, derived from the logical name so references between resources stay readable. */
function fakeState(type: string, name: string, inputs: Record<string, unknown>) {
  const physical = (inputs.name as string | undefined) ?? `${name}-mock`;
  const service = type.split(":")[1]?.split("/")[0] ?? "mock";
  return {
    ...inputs,
    name: physical,
    arn: `arn:aws:${service}:${region}:${account}:${physical}`,
    url: `https://${service}.${region}.amazonaws.com/${account}/${physical}`,
    bucket: inputs.bucket ?? physical,
    functionUrl: `https://${physical}.lambda-url.${region}.on.aws/`,
    domainName: `${physical}.cloudfront.net`,
  };
}

runtime.setMocks(
  {
    newResource(args: { type: string; name: string; inputs: Record<string, unknown> }) {
      resources.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: fakeState(args.type, args.name, args.inputs) };
    },
    call(args: { token: string; inputs: Record<string, unknown> }) {
      switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { accountId: account, arn: `arn:aws:iam::${account}:user/mock`, userId: "mock" };
        case "aws:index/getRegion:getRegion":
          return { name: region, region, id: region };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
          // The policy as written: the test reads the statements back.
          return {
            statements: args.inputs.statements,
            json: JSON.stringify({ Version: "2012-10-17", Statement: args.inputs.statements ?? [] }),
          };
        default:
          return { ...args.inputs, id: `${args.token}-mock` };
      }
    },
  },
  "desk",
  stage,
  false,
);

// The namespaces sst.config.ts and infra/ use without importing them, as SST's CLI provides them; the program
// loads only now, after they exist.
Object.assign(globalThis, { sst, aws });
const { default: config } = await import("../../sst.config.ts");
const app = (config as { app: (input: { stage: string }) => Record<string, unknown> }).app({ stage });
Object.assign($app, { ...app, stage });

// Inside the root stack, as Pulumi's automation API runs SST's inline program; resolves the stack outputs.
const outputs = (await runtime.runInPulumiStack(() =>
  run((config as { run: () => Promise<Record<string, unknown>> }).run),
)) as Record<string, unknown>;
// Wait until no resource registration is still in flight: first Pulumi's own count of outstanding RPCs (a
// resource registers only once its inputs resolve, e.g. a worker's invoke config after the function's build,
// which a loaded machine makes slow), then a quiet spell as a backstop.
await (runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs?.();
for (let seen = -1; seen !== resources.length; ) {
  seen = resources.length;
  await new Promise((resolve) => setTimeout(resolve, 300));
}
server.close();
// A file, not stdout: exiting does not wait for a pipe to drain.
writeFileSync(
  process.env.DESK_MOCK_OUT!,
  JSON.stringify({ resources, builds, rpcCalls, outputs: Object.keys(outputs) }),
);
process.exit(0);
