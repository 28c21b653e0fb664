import { randomUUID } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { config } from "../config.ts";
import { DeskError, someCause } from "../error.ts";
import { store } from "../store/index.ts";
import { attachmentKey, type FilePlace } from "./file-keys.ts";

// The S3 client (~130 KB bundled with lib-storage) is imported on first use: the API's cold start (a web form
// without files, any agent request) does not load it (tests/bench/cold-start.ts).
const s3Sdk = () => import("@aws-sdk/client-s3");
let s3: Promise<S3Client> | undefined;
// Path-style addressing when the endpoint is overridden (an S3-compatible emulator or gateway).
const s3Client = () =>
  (s3 ??= s3Sdk()
    .then(({ S3Client }) => new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }))
    .catch((error: unknown) => {
      s3 = undefined; // a failed import or constructor is retried by the next call, not kept rejected
      throw error;
    }));

export const INBOUND_PREFIX = "inbound/";

/** Stores a raw message where SES's S3 action puts them; the bucket's notification queues it for filing. */
export async function storeInboundMail(raw: Uint8Array, now = new Date()): Promise<string> {
  const key = `${INBOUND_PREFIX}${now.toISOString().slice(0, 10)}/${randomUUID()}.eml`;
  await putObject(key, raw, "message/rfc822");
  return key;
}

export async function readObject(key: string): Promise<Buffer> {
  const [client, { GetObjectCommand }] = await Promise.all([s3Client(), s3Sdk()]);
  const result = await client.send(new GetObjectCommand({ Bucket: config().mailBucket, Key: key }));
  return Buffer.from(await result.Body!.transformToByteArray());
}

/** Whether a read failed because the object is not in the bucket (deleted by retention, or never written). */
export const isMissingObject = (error: unknown) =>
  someCause(error, ({ name }) => name === "NoSuchKey" || name === "NotFound");

/**
 * A stored file a person asked to download (an attachment, an original message): one that is not in the bucket
 * is a 404 `file_missing`, not an unhandled NoSuchKey (500).
 */
export async function readStoredFile(key: string): Promise<Buffer> {
  try {
    return await readObject(key);
  } catch (error) {
    if (isMissingObject(error))
      throw new DeskError("not_found", "file_missing", "This file is no longer stored");
    throw error;
  }
}

/** Bytes the desk keeps in its bucket (raw mail and attachments), for the cost report: one ADD per stored batch. */
export async function countStoredBytes(bytes: number) {
  // Negative when stored files are taken back (a write that failed after its files were stored).
  if (bytes !== 0)
    await store().entities.queueCount.update({ name: "storage:bytes" }).add({ count: bytes }).go();
}

/**
 * Stores files of a timeline entry under `attachments/<entryId>@<ticketId>/` (file-keys.ts: the key names the
 * entry that must list it, for the reclaim of orphans); returns how the entry lists them. When it
 * fails part way (an upload refused, or the byte count not written because DynamoDB is down), the files it did
 * store are deleted before the error is thrown: no entry will ever list them, so nobody could see or remove them.
 */
export async function storeFiles(
  place: FilePlace,
  files: { name: string; contentType: string; content: Buffer }[],
) {
  const listed = files.map((file, i) => ({
    name: file.name,
    contentType: file.contentType,
    size: file.content.length,
    key: attachmentKey(place, i, file.name),
  }));
  const uploads = await Promise.allSettled(
    files.map((file, i) => putObject(listed[i]!.key, file.content, file.contentType)),
  );
  const uploaded = listed.filter((_, i) => uploads[i]!.status === "fulfilled");
  try {
    const refused = uploads.find((u): u is PromiseRejectedResult => u.status === "rejected");
    if (refused) throw refused.reason;
    await countStoredBytes(uploaded.reduce((n, f) => n + f.size, 0));
  } catch (error) {
    // Not counted: delete only (the byte count cannot go negative for files it never had).
    await deleteObjects(uploaded.map((f) => f.key)).catch(() => undefined);
    throw error;
  }
  return listed;
}

/**
 * One page of the objects stored under `prefix`, after `startAfter` in key order (one ListObjectsV2 request,
 * $0.005 per 1,000): what the reclaim of orphan files walks (core/ops/file-reclaim.ts).
 */
export async function listStored(
  prefix: string,
  startAfter: string | undefined,
  maxKeys: number,
): Promise<{ objects: { key: string; size: number; lastModified: number }[]; more: boolean }> {
  const [client, { ListObjectsV2Command }] = await Promise.all([s3Client(), s3Sdk()]);
  const page = await client.send(
    new ListObjectsV2Command({
      Bucket: config().mailBucket,
      Prefix: prefix,
      MaxKeys: maxKeys,
      ...(startAfter ? { StartAfter: startAfter } : {}),
    }),
  );
  return {
    objects: (page.Contents ?? []).map((o) => ({
      key: o.Key!,
      size: o.Size ?? 0,
      lastModified: o.LastModified?.getTime() ?? Number.NaN,
    })),
    more: Boolean(page.IsTruncated),
  };
}

/** Deletes objects, one DeleteObject each (S3 does not bill deletes). */
export async function deleteObjects(keys: string[]) {
  if (!keys.length) return;
  const [client, { DeleteObjectCommand }] = await Promise.all([s3Client(), s3Sdk()]);
  await Promise.all(
    keys.map((key) => client.send(new DeleteObjectCommand({ Bucket: config().mailBucket, Key: key }))),
  );
}

/** Deletes stored objects (an entry's few files, one request each) and takes their bytes off the count. */
export async function deleteStoredFiles(files: readonly { key?: string; size: number }[]) {
  const stored = files.filter((f): f is { key: string; size: number } => Boolean(f.key));
  if (!stored.length) return;
  await deleteObjects(stored.map((f) => f.key));
  await countStoredBytes(-stored.reduce((n, f) => n + f.size, 0));
}

/** One PutObject for small objects, a multipart upload in 8 MB parts for large ones (up to SES's 40 MB). */
export async function putObject(key: string, body: Uint8Array, contentType: string): Promise<void> {
  const [client, { Upload }] = await Promise.all([s3Client(), import("@aws-sdk/lib-storage")]);
  await new Upload({
    client,
    params: { Bucket: config().mailBucket, Key: key, Body: body, ContentType: contentType },
    partSize: 8 * 1024 * 1024,
    queueSize: 2,
  }).done();
}

/** The bucket and key of each S3 object-created record in an SQS message body (S3 event notification). */
export function objectsInNotification(body: string): { bucket: string; key: string }[] {
  const parsed = JSON.parse(body) as {
    Event?: string;
    Records?: { eventName?: string; s3?: { bucket?: { name?: string }; object?: { key?: string } } }[];
  };
  if (parsed.Event === "s3:TestEvent") return [];
  return (
    (parsed.Records ?? [])
      .filter((r) => r.eventName?.startsWith("ObjectCreated") && r.s3?.bucket?.name && r.s3.object?.key)
      // S3 URL-encodes keys in notifications, with + for spaces.
      .map((r) => ({
        bucket: r.s3!.bucket!.name!,
        key: decodeURIComponent(r.s3!.object!.key!.replace(/\+/g, " ")),
      }))
  );
}

/** An S3 object-created notification as S3 sends it to SQS (used where no S3 sends one: the local stack). */
export function objectCreatedNotification(bucket: string, key: string, size: number): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        eventName: "ObjectCreated:Put",
        eventTime: new Date().toISOString(),
        s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, "/"), size } },
      },
    ],
  });
}
