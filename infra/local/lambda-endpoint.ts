import { createServer } from "node:http";
import type { startFauxqs } from "fauxqs";
import { freePort } from "./ports.ts";

type Fauxqs = Awaited<ReturnType<typeof startFauxqs>>;

/**
 * Lambda's Invoke API, locally, for asynchronous invocations only (`InvocationType: Event`, what the desk's
 * sweep and redrive use): like Lambda, it queues the payload for the function and answers 202. The queue of a
 * function is the fauxqs queue of the same name (`<prefix>-<Worker>`, infra/local/queues.ts), whose invoker
 * runs the worker with Lambda's retries. The desk's code calls it through the real SDK
 * (AWS_ENDPOINT_URL_LAMBDA), as it calls Lambda on AWS.
 */
export async function startLambdaEndpoint(queues: Fauxqs) {
  const port = await freePort();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status: number, body?: object) => {
        response.writeHead(status, body ? { "content-type": "application/json" } : {});
        response.end(body ? JSON.stringify(body) : undefined);
      };
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.url?.split("?")[0] ?? "");
      if (request.method !== "POST" || !match)
        return reply(404, { Type: "User", message: "Unknown operation" });
      const type = request.headers["x-amz-invocation-type"] ?? "RequestResponse";
      if (type !== "Event") {
        return reply(400, {
          Type: "User",
          message: `The local Lambda endpoint only queues asynchronous invocations (Event), not ${type}`,
        });
      }
      // A function named by ARN (…:function:<name>[:qualifier]) or by name.
      const name = decodeURIComponent(match[1]!).split(":function:").pop()!.split(":")[0]!;
      const payload = Buffer.concat(chunks).toString("utf8") || "{}";
      try {
        JSON.parse(payload);
      } catch {
        response.setHeader("x-amzn-errortype", "InvalidRequestContentException");
        return reply(400, { Type: "User", message: "Could not parse request body into json" });
      }
      try {
        queues.sendMessage(name, payload);
      } catch {
        response.setHeader("x-amzn-errortype", "ResourceNotFoundException");
        return reply(404, { Type: "User", message: `Function not found: ${name}` });
      }
      reply(202);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
