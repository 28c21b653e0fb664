/**
 * Where a timeline entry's files live in the bucket, and what their key says about who references them.
 *
 * `attachments/<entryId>@<ticketId>/[<part>/]<i>-<name>`: the entry's ULID first, so a listing walks the files in
 * the order they were stored (the reclaim in core/ops/file-reclaim.ts resumes after the last key it examined);
 * the ticket next, so one GetItem of `TICKET#<ticketId>`/`E#<entryId>` tells whether the entry that should list a
 * file exists and does list it. Files stored before this layout (`attachments/<entryId>/…`) name no ticket: the
 * reclaim keeps them.
 */
export const ATTACHMENTS_PREFIX = "attachments/";

/** The entry a batch of files belongs to (`part`: a sub-folder, as one inbound attempt or one mail part). */
export interface FilePlace {
  ticketId: string;
  entryId: string;
  part?: string;
}

/** The key of the `index`-th file of an entry; names are reduced to safe characters. */
export function attachmentKey(place: FilePlace, index: number, name: string): string {
  const folder = `${ATTACHMENTS_PREFIX}${place.entryId}@${place.ticketId}/${place.part ? `${place.part}/` : ""}`;
  return `${folder}${index}-${name.replace(/[^\w.-]+/g, "_").slice(0, 100)}`;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ULID_TIME = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** The ticket and entry a stored file's key names, or null when it names none (an older layout, another prefix). */
export function placeOfKey(key: string): { ticketId: string; entryId: string } | null {
  if (!key.startsWith(ATTACHMENTS_PREFIX)) return null;
  const folder = key.slice(ATTACHMENTS_PREFIX.length).split("/")[0] ?? "";
  const at = folder.indexOf("@");
  if (at < 0) return null;
  const entryId = folder.slice(0, at);
  const ticketId = folder.slice(at + 1);
  // An entry id is a ULID, or a ULID with a suffix (`<cut entry id>.complete`); a ticket id is a ULID.
  if (!ULID.test(entryId.slice(0, 26)) || !ULID.test(ticketId)) return null;
  return { ticketId, entryId };
}

/** When the entry a key names was created (its ULID's time), in ms; NaN when the key names no entry. */
export function storedAtOfKey(key: string): number {
  const folder = key.slice(ATTACHMENTS_PREFIX.length, ATTACHMENTS_PREFIX.length + 10);
  if (!key.startsWith(ATTACHMENTS_PREFIX) || !ULID.test(key.slice(ATTACHMENTS_PREFIX.length).slice(0, 26)))
    return Number.NaN;
  let ms = 0;
  for (const c of folder) ms = ms * 32 + ULID_TIME.indexOf(c);
  return ms;
}
