import { createHash } from "node:crypto";
import { newId } from "../ids.ts";
import { log } from "../log.ts";
import { store } from "../store/index.ts";
import { messageKey } from "./outbound.ts";
import type { ParsedMail } from "./parse.ts";
import { countStoredBytes } from "./raw-store.ts";
import { isValidAddress } from "./sender.ts";

/** Why a message waits in the unfiled list (stable codes, shown to admins with a detail). */
export type UnfiledReason = "no_sender" | "too_large" | "failed";

/**
 * Whether an error would happen again on every retry: DynamoDB refusing the item (a key over 2 KB, an item over
 * 400 KB), a programming error on this message. Throttling, timeouts and outages are transient: retried.
 */
export function isDeterministicFailure(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return true;
  const text = `${(error as { name?: string })?.name ?? ""} ${String(error)} ${String((error as { cause?: unknown })?.cause ?? "")}`;
  return /ValidationException|Item size has exceeded|size has exceeded|exceeded the maximum size|invalid attribute value|must be less than/i.test(
    text,
  );
}

/** The key a message is remembered by: its Message-ID, or a hash of its bytes when it has none or could not be read. */
export const keyOf = (raw: Buffer, mail: ParsedMail | null) =>
  messageKey(mail?.messageId ?? `<sha256.${createHash("sha256").update(raw).digest("hex")}@no-message-id>`);

interface Received {
  raw: Buffer;
  rawKey: string;
  mail: ParsedMail | null;
  /** The message reference key this message is remembered by. */
  key: string;
  now: Date;
}

/** What the headers tell of the sender, as far as they tell anything (a raw From with no address is kept as a name). */
function senderOf(mail: ParsedMail | null) {
  const first = mail?.senders.from[0] ?? mail?.senders.replyTo[0] ?? mail?.senders.sender[0];
  const raw = mail?.header("from") ?? "";
  return {
    fromAddress: first && isValidAddress(first.address) ? first.address : undefined,
    fromName: (first?.name || raw).slice(0, 200) || undefined,
  };
}

/**
 * Puts a message the desk cannot file in the admins' unfiled list, with its reason and the key of its raw
 * original. The message reference (outcome `unfiled`) is written in the same transaction, so a redelivery or a
 * second copy adds nothing.
 */
export async function recordUnfiled(
  received: Received,
  reason: UnfiledReason,
  detail: string,
  /** After a failed filing (which took its count back): the raw message stays, so its bytes count once here. */
  countBytes = false,
): Promise<{ outcome: "unfiled"; unfiledId: string; reason: UnfiledReason }> {
  const { raw, rawKey, mail, key, now } = received;
  const unfiledId = newId(now);
  const at = now.toISOString();
  const result = await store()
    .transaction.write(({ messageRef, unfiled }) => [
      messageRef
        .create({
          messageId: key,
          direction: "in",
          outcome: "unfiled",
          rawKey,
          reason: unfiledId,
          createdAt: at,
        })
        .commit(),
      unfiled
        .create({
          unfiledId,
          reason,
          detail: detail.slice(0, 1000),
          receivedAt: at,
          ...senderOf(mail),
          subject: mail?.subject.slice(0, 300) || undefined,
          rawKey,
          size: raw.length,
          messageKey: key,
        })
        .commit(),
    ])
    .go();
  if (result.canceled) {
    // Already recorded (or filed meanwhile): the earlier outcome stands.
    const { data } = await store().entities.messageRef.get({ messageId: key }).go({ consistent: true });
    if (!data) throw new Error(`Unfiled record canceled: ${JSON.stringify(result.data.map((r) => r.code))}`);
    return { outcome: "unfiled", unfiledId: data.reason ?? "", reason };
  }
  if (countBytes)
    await countStoredBytes(raw.length).catch((error: unknown) =>
      log.warn("unfiled mail's bytes not counted", { rawKey, error: String(error) }),
    );
  log.warn("inbound mail unfiled", { rawKey, reason, detail: detail.slice(0, 300) });
  return { outcome: "unfiled", unfiledId, reason };
}
