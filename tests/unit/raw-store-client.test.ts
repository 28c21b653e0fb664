import { describe, expect, it, vi } from "vitest";

// An S3 client whose first construction throws (a bad setting read at start): the unit under test is the lazy
// client's memo, so the SDK's client is replaced here; the call shape is what is checked.
const constructed = vi.hoisted(() => ({ count: 0 }));
vi.mock("@aws-sdk/client-s3", () => ({
  S3Client: class {
    constructor() {
      if (constructed.count++ === 0) throw new Error("bad S3 setting");
    }
    send = async () => ({ Body: { transformToByteArray: async () => new Uint8Array([104, 105]) } });
  },
  GetObjectCommand: class {},
}));

vi.mock("../../core/config.ts", async (original) => ({
  ...(await original<typeof import("../../core/config.ts")>()),
  config: () => ({ mailBucket: "test-bucket" }),
}));

describe("the lazy S3 client", () => {
  it("is built again after its constructor threw, instead of staying a rejected promise", async () => {
    const { readObject } = await import("../../core/mail/raw-store.ts");
    await expect(readObject("k")).rejects.toThrow("bad S3 setting");
    expect((await readObject("k")).toString()).toBe("hi");
    expect(constructed.count).toBe(2);
  });
});
