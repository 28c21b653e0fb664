/**
 * Bundles tests/infra/mock-program.ts with SST's platform source and the desk's SST program, runs it in a fresh
 * Node process, and returns the resources the deploy would register. Needs `npm run sst:platform` (.sst/platform
 * holds SST's source and its Pulumi packages, which stay external so the program and SST share one Pulumi runtime).
 */
import { execFile } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";

const root = join(import.meta.dirname, "../..");
const platform = join(root, ".sst/platform");

/** What the deploy would register, in the order it would: each resource's provider type, logical name, inputs. */
export interface DeployGraph {
  // biome-ignore lint/suspicious/noExplicitAny: each provider's inputs, asserted field by field
  resources: { type: string; name: string; inputs: Record<string, any> }[];
  /** Each `Runtime.Build` request SST made: the function, its handler, its links. */
  // biome-ignore lint/suspicious/noExplicitAny: SST's build request, asserted field by field
  builds: Record<string, any>[];
  rpcCalls: string[];
  outputs: string[];
}

/**
 * The repository as the deploy sees it once the agent app's build command has run: SST checks the Vite output
 * (web/app/dist) exists, but under mocks no command runs. Rather than build (slow, and it would replace a real
 * build other tests may be serving), a shadow root links the repository's entries and adds a placeholder
 * web/app/dist. The sites' own folders are real directories (of links to their files): SST walks them with
 * a glob that takes a linked folder for a file.
 */
function shadowRoot(): string {
  const shadow = mkdtempSync(join(tmpdir(), "desk-mock-root-"));
  const mirror = (from: string, to: string, skip: string[]) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      if (!skip.includes(entry)) symlinkSync(join(from, entry), join(to, entry));
    }
  };
  mirror(root, shadow, ["web"]);
  mirror(join(root, "web"), join(shadow, "web"), ["app", "form"]);
  mirror(join(root, "web/form"), join(shadow, "web/form"), []);
  mirror(join(root, "web/app"), join(shadow, "web/app"), ["dist"]);
  mkdirSync(join(shadow, "web/app/dist"));
  writeFileSync(join(shadow, "web/app/dist/index.html"), "<!doctype html><title>placeholder</title>\n");
  return shadow;
}

/** `env` adds to (or, with `undefined`, removes from) the environment the program runs with: its settings. */
export async function deployGraph(env: Record<string, string | undefined> = {}): Promise<DeployGraph> {
  if (!existsSync(join(platform, "node_modules/@pulumi/pulumi"))) {
    throw new Error("SST's platform is missing: run `npm run sst:platform` first");
  }
  // One scratch folder per run (runs may overlap), inside .sst/platform so that the external @pulumi/* packages
  // resolve from its node_modules: the bundle, SST's work folder (function artifacts), the graph.
  const scratch = mkdtempSync(join(platform, ".desk-mock-"));
  const shadow = shadowRoot();
  try {
    return await runProgram(scratch, shadow, env);
  } finally {
    // The shadow root holds links only: removing it leaves the repository alone.
    rmSync(shadow, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function runProgram(
  scratch: string,
  shadow: string,
  settings: Record<string, string | undefined>,
): Promise<DeployGraph> {
  const outfile = join(scratch, "program.mjs");
  await build({
    entryPoints: [join(import.meta.dirname, "mock-program.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    inject: [join(platform, "src/shim/run.js"), join(import.meta.dirname, "app-globals.ts")],
    // Packages load at run time: Pulumi's from .sst/platform/node_modules (one runtime for SST and the mocks).
    packages: "external",
    // SST's source, imported as `sst-platform/…` (tests/infra/sst-platform.d.ts keeps it out of the typecheck).
    plugins: [
      {
        name: "sst-platform",
        setup(build) {
          build.onResolve({ filter: /^sst-platform-package\// }, (args) => ({
            path: args.path.slice("sst-platform-package/".length),
            external: true,
          }));
          build.onResolve({ filter: /^sst-platform\// }, (args) => ({
            path: join(platform, "src", args.path.slice("sst-platform/".length)),
          }));
        },
      },
    ],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const out = join(scratch, "graph.json");
  // The program writes its graph last, then exits; Pulumi's exit hook then reports the outputs nothing awaited
  // (mocks resolve what a deploy would wait for) with a non-zero code. The graph file is the success signal:
  // any failure before it (an error in infra/, in SST) leaves no file and is reported with its stderr.
  const run = await promisify(execFile)(process.execPath, [outfile], {
    cwd: root,
    env: {
      ...withSettings(settings),
      DESK_REPO_ROOT: shadow,
      DESK_MOCK_WORK: join(scratch, "work"),
      DESK_MOCK_OUT: out,
      // What `sst secret set` stores for the stage; SST hands secrets to the program this way.
      SST_SECRET_DeskSecret: "mock-desk-secret",
      SST_SECRET_InboundSecret: "mock-inbound-secret",
    },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  }).catch((error: { stderr?: string }) => error);
  if (!existsSync(out))
    throw new Error(`the SST program failed under mocks:\n${(run as { stderr?: string }).stderr}`);
  return unwrapSecrets(JSON.parse(readFileSync(out, "utf8"))) as DeployGraph;
}

function withSettings(settings: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...settings };
  for (const [key, value] of Object.entries(settings)) if (value === undefined) delete env[key];
  return env;
}

/**
 * Pulumi marks an output derived from a secret as `{ <signature>: …, value }` (SST's links are secret, so a
 * function's name and the policies that name it come wrapped): the graph holds the plain values.
 */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") {
    if (SECRET_SIGNATURE in value) return unwrapSecrets((value as unknown as { value: unknown }).value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}
