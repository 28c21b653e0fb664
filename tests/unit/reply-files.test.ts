import { describe, expect, it, vi } from "vitest";

// The bucket as a reply's delivery reads it: `gone/` keys answer as S3 does for a deleted object (NoSuchKey),
// `down/` keys as S3 unavailable, the rest with their key's bytes.
vi.mock("../../core/mail/raw-store.ts", async (original) => ({
  ...(await original<typeof import("../../core/mail/raw-store.ts")>()),
  readObject: async (key: string) => {
    if (key.startsWith("gone/"))
      throw Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" });
    if (key.startsWith("down/"))
      throw Object.assign(new Error("Service Unavailable"), { name: "ServiceUnavailable" });
    return Buffer.from(key);
  },
}));

const { MissingFileError, readReplyFiles } = await import("../../core/mail/reply-files.ts");

const file = (name: string, key?: string) => ({ name, contentType: "application/pdf", size: 1, key });

describe("the files of a reply about to be mailed", () => {
  it("are read in the order listed; a file listed without a key (never stored) is left out", async () => {
    const files = await readReplyFiles([file("a.pdf", "ok/a"), file("big.iso"), file("b.pdf", "ok/b")]);
    expect(files.map((f) => [f.filename, f.content.toString()])).toEqual([
      ["a.pdf", "ok/a"],
      ["b.pdf", "ok/b"],
    ]);
  });

  it("fail for good, naming every file no longer stored, when the bucket lost any", async () => {
    const reading = readReplyFiles([file("a.pdf", "gone/a"), file("b.pdf", "ok/b"), file("c.pdf", "gone/c")]);
    await expect(reading).rejects.toBeInstanceOf(MissingFileError);
    await expect(reading).rejects.toMatchObject({
      code: "file_missing",
      files: ["a.pdf", "c.pdf"],
      message: 'The attached files "a.pdf", "c.pdf" are no longer stored',
    });
    await expect(readReplyFiles([file("a.pdf", "gone/a")])).rejects.toThrow(
      'The attached file "a.pdf" is no longer stored',
    );
    // A file gone stays gone whatever else failed: the failure is for good, not retried.
    await expect(readReplyFiles([file("a.pdf", "down/a"), file("b.pdf", "gone/b")])).rejects.toBeInstanceOf(
      MissingFileError,
    );
  });

  it("throw S3's own error when the bucket is only unreachable, for the event's retry", async () => {
    await expect(readReplyFiles([file("a.pdf", "down/a")])).rejects.toThrow("Service Unavailable");
    await expect(readReplyFiles([file("a.pdf", "down/a")])).rejects.not.toBeInstanceOf(MissingFileError);
  });
});
