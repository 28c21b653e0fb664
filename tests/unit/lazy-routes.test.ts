import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { lazyApiModules } from "../../functions/api/app.ts";
import { lazyRoutes } from "../../functions/api/lazy.ts";

/** A parent app shaped like createApp's: a lazy module, then eager routes on overlapping paths. */
function parentWith(load: () => Promise<Hono>) {
  const onError = (error: Error, c: { json: (body: unknown, status: 418) => Response }) =>
    c.json({ error: error.message }, 418);
  const lazy = lazyRoutes("/api", load, onError as never);
  const api = new Hono();
  api.all("/things/*", lazy);
  api.get("/things/list", (c) => c.text("eager list"));
  const app = new Hono();
  app.route("/api", api);
  app.notFound((c) => c.text("none", 404));
  return app;
}

function thingsModule() {
  const things = new Hono();
  things.get("/things/:id", (c) => c.json({ id: c.req.param("id"), ip: (c.env as { ip?: string })?.ip }));
  things.post("/things/fail", () => {
    throw new Error("boom");
  });
  return things;
}

describe("lazily imported route modules", () => {
  it("imports the module on its first request only, once, and hands it the request and the runtime's env", async () => {
    let imports = 0;
    const app = parentWith(async () => {
      imports++;
      return thingsModule();
    });
    expect(imports).toBe(0);

    const first = await app.request("/api/things/7", {}, { ip: "10.0.0.1" });
    const second = await app.request("/api/things/8");

    expect(await first.json()).toEqual({ id: "7", ip: "10.0.0.1" });
    expect(await second.json()).toEqual({ id: "8" });
    expect(imports).toBe(1);
  });

  it("lets a request the module has no route for reach the routes registered after it", async () => {
    const app = parentWith(async () => {
      const only = new Hono();
      only.get("/things/special", (c) => c.text("special"));
      return only;
    });

    expect(await (await app.request("/api/things/list")).text()).toBe("eager list");
    expect(await (await app.request("/api/things/special")).text()).toBe("special");
    const wrongMethod = await app.request("/api/things/special", { method: "DELETE" });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.headers.has("x-desk-unmatched")).toBe(false);
  });

  it("answers the module's errors through the given error handler", async () => {
    const app = parentWith(async () => thingsModule());

    const failed = await app.request("/api/things/fail", { method: "POST" });

    expect(failed.status).toBe(418);
    expect(await failed.json()).toEqual({ error: "boom" });
  });

  it("retries an import that failed", async () => {
    let attempts = 0;
    const app = parentWith(async () => {
      if (++attempts === 1) throw new Error("import failed");
      return thingsModule();
    });

    await expect(app.request("/api/things/1")).resolves.toHaveProperty("status", 500);
    const retried = await app.request("/api/things/1");

    expect(retried.status).toBe(200);
    expect(attempts).toBe(2);
  });
});

describe("the API's lazily imported modules", () => {
  it.each(Object.entries(lazyApiModules))(
    "%s serves nothing outside the paths it is registered on",
    async (_, module) => {
      const registered = new Hono();
      for (const path of module.paths) registered.all(path, (c) => c.text("registered"));
      const routes = (await module.load()).routes;

      // Every route of the module, its parameters filled in, must reach it through the parent's registration.
      const unreachable = [];
      for (const route of routes) {
        const concrete = route.path.replace(/:\w+/g, "x").replace(/\*/g, "x");
        const response = await registered.request(concrete, {
          method: route.method === "ALL" ? "GET" : route.method,
        });
        if (response.status !== 200) unreachable.push(`${route.method} ${route.path}`);
      }

      expect(routes.length).toBeGreaterThan(0);
      expect(unreachable).toEqual([]);
    },
  );
});
