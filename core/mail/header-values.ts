import { createHash } from "node:crypto";
import type { AddressObject } from "mailparser";
import { asciiDomain, nameWithoutAddresses } from "./sender.ts";

/** Header values as the desk keeps them: bounded, one line each, addresses in ASCII, ids that fit a key. */

const MAX_RECIPIENTS_KEPT = 50;
const MAX_HEADER_VALUE_CHARS = 4_096;
/** Longer ids are replaced by a hash: they must fit a DynamoDB key (2 KB) and the same id must give the same key. */
const MAX_ID_CHARS = 500;

/** One address of a header as written: `address` may be empty or invalid (the filer decides what to trust). */
export interface HeaderAddress {
  address: string;
  name: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** One line a person reads (subject, name): no control or bidi-override characters, no broken UTF-16. */
export const oneLine = (text: string) =>
  text
    .replace(LONE_SURROGATE, "\ufffd")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
export const hashId = (raw: Buffer) => `<sha256.${sha256(raw)}@no-message-id>`;
export const boundedId = (id: string) =>
  id.length > MAX_ID_CHARS ? `<sha256.${sha256(id)}@long-message-id>` : id;

export const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  [value ?? []]
    .flat()
    .flatMap((a) => a.value)
    .flatMap((a) => (a.address && a.address.length <= 320 ? [asciiDomain(a.address.toLowerCase())] : []))
    .slice(0, MAX_RECIPIENTS_KEPT);

export const headerAddresses = (value: AddressObject | AddressObject[] | undefined): HeaderAddress[] =>
  [value ?? []]
    .flat()
    .flatMap((a) => a.value)
    .flatMap((a) => (a.group ? a.group : [a]))
    // The name as one line (a decoded "M=FCller,_Hans" keeps the space after its comma twice), and no address in
    // it to pass for the sender's.
    .map((a) => ({
      address: asciiDomain((a.address ?? "").trim().toLowerCase()),
      name: nameWithoutAddresses(oneLine(a.name ?? "")),
    }))
    .slice(0, MAX_RECIPIENTS_KEPT);

/**
 * The ids of In-Reply-To or References, at most 50: the first (a References' first is the thread's root, which
 * clients that trim the header keep, RFC 5322 §3.6.4) and the newest 49.
 */
export const idList = (value: string | string[] | undefined) => {
  const ids = [value ?? []].flat().flatMap((v) => v.match(/<[^<>\s]+>/g) ?? []);
  return (ids.length > 50 ? [ids[0]!, ...ids.slice(-49)] : ids).map(boundedId);
};

export function firstHeaders(raw: Buffer): Map<string, string> {
  const end = raw.indexOf("\r\n\r\n") >= 0 ? raw.indexOf("\r\n\r\n") : raw.indexOf("\n\n");
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end).toString("latin1");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name))
      headers.set(
        name,
        line
          .slice(colon + 1)
          .trim()
          .slice(0, MAX_HEADER_VALUE_CHARS),
      );
  }
  return headers;
}
