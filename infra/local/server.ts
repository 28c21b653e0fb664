import { relative } from "node:path";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { createApp } from "../../functions/api/app.ts";
import { SECURITY_HEADERS } from "../security-headers.ts";

const webRoot = relative(process.cwd(), new URL("../../web/form", import.meta.url).pathname) || ".";
const appRoot = relative(process.cwd(), new URL("../../web/app/dist", import.meta.url).pathname) || ".";

/**
 * The API at /api, the agent app at /app (built by `npm run build:app`; every app route falls back to its
 * index.html) and the static web form at /, as the CloudFront router serves them on AWS.
 */
export function startHttp(port: number, hostname = "127.0.0.1") {
  const app = new Hono();
  // What the router's viewer-response function does on AWS: each header the answer left out — on answers below
  // 400 only, as CloudFront runs no viewer-response function on an error status.
  app.use("*", async (c, next) => {
    await next();
    if (c.res.status >= 400) return;
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      if (!c.res.headers.has(name)) c.header(name, value);
  });
  app.route("/", createApp());
  app.use(
    "/app/assets/*",
    serveStatic({ root: appRoot, rewriteRequestPath: (path) => path.replace(/^\/app/, "") }),
  );
  app.get("/app", serveStatic({ path: `${appRoot}/index.html` }));
  app.get("/app/*", serveStatic({ path: `${appRoot}/index.html` }));
  app.use("/*", serveStatic({ root: webRoot }));
  app.get("/ticket", serveStatic({ path: `${webRoot}/ticket.html` }));
  return new Promise<{ port: number; close: () => Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) =>
      resolve({
        port: info.port,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}
