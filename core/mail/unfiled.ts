import { createHash } from "node:crypto";
import { hitRateLimit, type Limit } from "../auth/rate-limit.ts";
import { DeskError } from "../error.ts";
import { newId } from "../ids.ts";
import { log } from "../log.ts";
import { store } from "../store/index.ts";
import { receiptVerdicts } from "./automatic.ts";
import { messageKey } from "./outbound.ts";
import type { ParsedMail } from "./parse.ts";
import { countStoredBytes } from "./raw-store.ts";
import { isValidAddress } from "./sender.ts";

/** Why a message waits in the unfiled list (stable codes, shown to admins with a detail). */
export type UnfiledReason = "no_sender" | "too_large" | "failed";

/**
 * Why the desk set a message aside on purpose rather than file it (an automatic reply to a closed ticket, its
 * own mail come back, a delivery report about no mail of the desk, a virus). Listed with the unfiled mail, so
 * nothing is dropped unseen, and removed by the table's TTL after `SET_ASIDE_DAYS` unless an admin acts first.
 */
export type SetAsideReason = "automatic" | "own_address" | "stray_report" | "virus";
export const SET_ASIDE_DAYS = 30;
/**
 * At most this many set-aside messages of one reason are listed an hour: backscatter from a spam run that forged
 * the desk's address must not bury the mail that waits for an admin. Past it a message keeps only its reference
 * (outcome and reason, so a copy is still recognised) and a log line.
 */
export const SET_ASIDE_LISTED: Limit = { max: 50, windowSeconds: 3600 };

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
  const { unfiledId, fresh } = await recordInList(received, reason, detail, "unfiled");
  if (countBytes && fresh)
    await countStoredBytes(received.raw.length).catch((error: unknown) =>
      log.warn("unfiled mail's bytes not counted", { rawKey: received.rawKey, error: String(error) }),
    );
  return { outcome: "unfiled", unfiledId, reason };
}

/**
 * Sets a message aside: its message reference keeps the outcome (`ignored`, `quarantined`) and the reason, so a
 * redelivery or a second copy is recognised, and the admins' list shows it with its reason until it expires.
 */
export async function recordSetAside(
  received: Received,
  outcome: "ignored" | "quarantined",
  reason: SetAsideReason,
  detail: string,
): Promise<{ outcome: "ignored" | "quarantined"; reason: string }> {
  const listed = await hitRateLimit(`set-aside:${reason}`, SET_ASIDE_LISTED, received.now).then(
    () => true,
    (error: unknown) => {
      if (error instanceof DeskError && error.code === "rate_limited") return false;
      throw error;
    },
  );
  if (listed) {
    await recordInList(received, reason, detail, outcome);
    return { outcome, reason: detail };
  }
  const unlisted = `${detail} (not listed: over ${SET_ASIDE_LISTED.max} set aside for this reason in the hour)`;
  await store()
    .entities.messageRef.create(inboundRef(received, outcome, unlisted))
    .go()
    .catch((error: unknown) => {
      // A copy recorded already: the earlier outcome stands.
      if (!String(error).includes("conditional request failed")) throw error;
    });
  log.warn("inbound mail set aside, not listed", { rawKey: received.rawKey, reason, detail: unlisted });
  return { outcome, reason: unlisted };
}

/** The reference holding an inbound message's place: a redelivery or a second copy finds it and files nothing. */
const inboundRef = (received: Received, outcome: "unfiled" | "ignored" | "quarantined", reason: string) => ({
  messageId: received.key,
  direction: "in" as const,
  outcome,
  rawKey: received.rawKey,
  reason: reason.slice(0, 300),
  createdAt: received.now.toISOString(),
});

async function recordInList(
  received: Received,
  reason: UnfiledReason | SetAsideReason,
  detail: string,
  outcome: "unfiled" | "ignored" | "quarantined",
): Promise<{ unfiledId: string; fresh: boolean }> {
  const { raw, rawKey, mail, key, now } = received;
  const unfiledId = newId(now);
  const at = now.toISOString();
  const expiresAt =
    outcome === "unfiled" ? undefined : Math.floor(now.getTime() / 1000) + SET_ASIDE_DAYS * 86_400;
  const result = await store()
    .transaction.write(({ messageRef, unfiled }) => [
      // An unfiled message's reference points at its list item; a set-aside one's says why.
      messageRef.create(inboundRef(received, outcome, outcome === "unfiled" ? unfiledId : detail)).commit(),
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
          // A virus stays quarantined in the list whatever brought it there (a write failing on every attempt too).
          setAside:
            mail && receiptVerdicts(mail).virusVerdict === "FAIL"
              ? "quarantined"
              : outcome !== "unfiled"
                ? outcome
                : undefined,
          expiresAt,
        })
        .commit(),
    ])
    .go();
  if (result.canceled) {
    // Already recorded (or filed meanwhile): the earlier outcome stands.
    const { data } = await store().entities.messageRef.get({ messageId: key }).go({ consistent: true });
    if (!data) throw new Error(`Unfiled record canceled: ${JSON.stringify(result.data.map((r) => r.code))}`);
    return { unfiledId: data.reason ?? "", fresh: false };
  }
  log.warn(outcome === "unfiled" ? "inbound mail unfiled" : "inbound mail set aside", {
    rawKey,
    reason,
    detail: detail.slice(0, 300),
  });
  return { unfiledId, fresh: true };
}
