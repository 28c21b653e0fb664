import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startHttp } from "../../infra/local/server.ts";
import { launch } from "../e2e/browser.ts";

const dist = new URL("../../web/app/dist/", import.meta.url).pathname;
const kb = (bytes: number) => +(bytes / 1024).toFixed(1);

/** The built agent app: what each route downloads before it can render (gzipped), from web/app/dist. */
export function appSizes() {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const initial = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const size = (file: string) => gzipSync(readFileSync(join(dist, file))).length;
  const initialJs = initial.filter((f) => f.endsWith(".js")).reduce((s, f) => s + size(f), 0);
  const initialCss = initial.filter((f) => f.endsWith(".css")).reduce((s, f) => s + size(f), 0);
  const lazy = readdirSync(join(dist, "assets"))
    .map((f) => `assets/${f}`)
    .filter((f) => f.endsWith(".js") && !initial.includes(f));
  return [
    { route: "/app/login, queues, tickets, search (initial)", jsKB: kb(initialJs), cssKB: kb(initialCss) },
    ...lazy.map((f) => ({
      route: `+ ${f.replace(/^assets\//, "").replace(/-[\w-]+\.js$/, "")} chunk (loaded on its own route)`,
      jsKB: kb(size(f)),
      cssKB: 0,
    })),
  ];
}

/**
 * Time from navigation to the first queue row on screen, in headless Chromium against the local API (signed
 * in already, so this is a returning agent opening the desk), median of `runs`.
 */
export async function timeToFirstQueue(email: string, password: string, runs = 9) {
  const http = await startHttp(0);
  const base = `http://localhost:${http.port}`;
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/app/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const started = performance.now();
      await page.goto(`${base}/app/queue/all`);
      await page.locator("a.subject").first().waitFor();
      if (i > 0) times.push(performance.now() - started); // the first run warms the server
    }
    times.sort((a, b) => a - b);
    return +times[Math.floor(times.length / 2)]!.toFixed(0);
  } finally {
    await browser.close();
    await http.close();
  }
}
