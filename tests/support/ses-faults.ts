import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** SES's answer to a refused send, in its query protocol (what the SDK parses into a named error). */
const sesError = (code: string, message: string) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-injection</RequestId></ErrorResponse>`;

/**
 * A loopback proxy in front of the SES emulator that refuses SendRawEmail requests to chosen recipients with an
 * SES error (MessageRejected by default: not retried by the SDK) and forwards everything else unchanged. Point
 * `AWS_ENDPOINT_URL_SES` at `url` before the desk's first send (its SES client is built once).
 */
export async function faultySes(emulator: string) {
  let refuse: ((destinations: string[]) => boolean) | undefined;
  let error = { code: "MessageRejected", message: "Email address is not verified." };
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString("utf8"));
      const destinations = [...form.entries()]
        .filter(([k]) => k.startsWith("Destinations.member."))
        .map(([, v]) => v);
      if (form.get("Action") === "SendRawEmail" && refuse?.(destinations)) {
        refused++;
        res.writeHead(400, { "content-type": "text/xml" });
        res.end(sesError(error.code, error.message));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k)),
      ) as Record<string, string>;
      const answer = await fetch(`${emulator}${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "GET" ? undefined : body,
      });
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/xml" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Refuses sends to any of `addresses` from now on (with `code`), until `heal`. */
    refuseTo(addresses: string[], code = "MessageRejected", message = "Email address is not verified.") {
      error = { code, message };
      refuse = (destinations) => destinations.some((d) => addresses.includes(d));
    },
    heal() {
      refuse = undefined;
    },
    refused: () => refused,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
