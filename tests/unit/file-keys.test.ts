import { decodeTime, ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { attachmentKey, placeOfKey, storedAtOfKey } from "../../core/mail/file-keys.ts";

const ticketId = ulid(Date.UTC(2026, 11, 1));
const entryId = ulid(Date.UTC(2026, 11, 2, 10, 30));

describe("stored file keys", () => {
  it("name the ticket and entry that list the file, with the entry first", () => {
    const key = attachmentKey({ ticketId, entryId }, 2, "écran final.png");
    expect(key).toBe(`attachments/${entryId}@${ticketId}/2-_cran_final.png`);
    expect(placeOfKey(key)).toEqual({ ticketId, entryId });
    const part = attachmentKey({ ticketId, entryId: `${entryId}.complete`, part: `${ulid()}/3` }, 0, "a.txt");
    expect(placeOfKey(part)).toEqual({ ticketId, entryId: `${entryId}.complete` });
  });

  it("name nothing in older layouts or other prefixes (the reclaim keeps those)", () => {
    expect(placeOfKey(`attachments/${entryId}/0-a.txt`)).toBeNull();
    expect(placeOfKey(`attachments/${entryId}@virus/0-a.txt`)).toBeNull();
    expect(placeOfKey(`inbound/2026-12-01/${entryId}@${ticketId}.eml`)).toBeNull();
    expect(placeOfKey("kb/index-en.json")).toBeNull();
  });

  it("date a file by its entry's ULID, in old and new layouts alike", () => {
    expect(storedAtOfKey(attachmentKey({ ticketId, entryId }, 0, "a"))).toBe(decodeTime(entryId));
    expect(storedAtOfKey(`attachments/${entryId}/0-a.txt`)).toBe(decodeTime(entryId));
    expect(storedAtOfKey("attachments/virus-failed/0-m.eml")).toBeNaN();
    expect(storedAtOfKey("kb/index-en.json")).toBeNaN();
  });
});
