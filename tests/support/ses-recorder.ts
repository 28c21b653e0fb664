import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type AddressObject, simpleParser } from "mailparser";

/** One SendRawEmail call as it went over the wire, and its raw message's To/Cc parsed back. */
export interface RecordedSend {
  source: string;
  destinations: string[];
  to: string[];
  cc: string[];
  toNames: string[];
  replyTo: string[];
  subject: string;
  text: string;
  raw: Buffer;
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  [value ?? []].flat().flatMap((a) => a.value);

/**
 * A loopback HTTP proxy in front of the SES emulator that records each SendRawEmail request (its Source and
 * Destinations, as the SDK serialised them) and forwards it unchanged. The emulator's own store keeps only the
 * header text, so the destinations are read here, on the wire, from the same SDK code production runs.
 */
export async function recordSes(emulator: string) {
  const sends: RecordedSend[] = [];
  const pending: Promise<void>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString("utf8"));
      if (form.get("Action") === "SendRawEmail") pending.push(record(form));
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
  async function record(form: URLSearchParams) {
    const destinations = [...form.entries()]
      .filter(([k]) => k.startsWith("Destinations.member."))
      .sort(([a], [b]) => Number(a.split(".").pop()) - Number(b.split(".").pop()))
      .map(([, v]) => v);
    const raw = Buffer.from(form.get("RawMessage.Data") ?? "", "base64");
    const parsed = await simpleParser(raw);
    sends.push({
      source: form.get("Source") ?? "",
      destinations,
      to: addresses(parsed.to).map((a) => a.address ?? ""),
      cc: addresses(parsed.cc).map((a) => a.address ?? ""),
      toNames: addresses(parsed.to).map((a) => a.name),
      replyTo: addresses(parsed.replyTo).map((a) => a.address ?? ""),
      subject: parsed.subject ?? "",
      text: parsed.text ?? "",
      raw,
    });
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let seen = 0;
  return {
    url,
    /** Every send so far. */
    all: async () => {
      await Promise.all(pending);
      return sends;
    },
    /** The sends since the last call of `next`. */
    next: async () => {
      await Promise.all(pending);
      const fresh = sends.slice(seen);
      seen = sends.length;
      return fresh;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
