import { domainToASCII } from "node:url";
import { type DeskAddresses, isDeskAddress, isNoReplyAddress } from "./automatic.ts";
import { disguisesAnAddress } from "./name-lookalikes.ts";
import type { HeaderAddress, ParsedMail } from "./parse.ts";

/** A plain `local@domain.tld`: what the desk can mail (no spaces, brackets, quotes or commas, a dotted domain). */
const ADDRESS =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/** Whether every character is ASCII (controls included). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, controls included
export const isAscii = (text: string) => /^[\u0000-\u007f]*$/.test(text);

/**
 * An address with its domain in ASCII: mailparser turns `xn--…` domains into Unicode (`müller.example`), which
 * no address check, key or API parameter of the desk takes; punycode is the same mailbox and SES mails it.
 */
export function asciiDomain(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 0 || isAscii(address.slice(at + 1))) return address;
  const domain = domainToASCII(address.slice(at + 1));
  return domain ? `${address.slice(0, at)}@${domain}` : address;
}

/**
 * What reads as an email address inside a display name: `x@y.z` (a dotted domain: "R&D@Acme" is a name), the at
 * sign full-width or small too, `mailto:` and all. Brackets and quotes around it end it, full-width ones too ("田中（tanaka@corp.jp）"); an apostrophe between
 * letters is part of a local part (`o'brien@`).
 */
const NOT_IN_ADDRESS = `\\s<>()[\\]{}"'«»“”‘’,;:@＠﹫（）【】〔〕「」『』〈〉《》［］｛｝，；：`;
const ADDRESS_IN_NAME = new RegExp(
  `(mailto:)?(?:[^${NOT_IN_ADDRESS}]|(?<=[\\p{L}\\p{N}])'(?=[\\p{L}\\p{N}]))+[@＠﹫][^${NOT_IN_ADDRESS}.。．]+(?:[.。．][^${NOT_IN_ADDRESS}.。．]+)+`,
  "giu",
);
/** Brackets and quotes the address leaves empty, and separators or an angle bracket left dangling at either end. */
const EMPTY_PAIR =
  /<\s*>|\(\s*\)|\[\s*\]|\{\s*\}|"\s*"|'\s*'|«\s*»|“\s*”|‘\s*’|（\s*）|【\s*】|〔\s*〕|「\s*」|『\s*』|〈\s*〉|《\s*》|［\s*］|｛\s*｝/g;
/** How much of a display name is read: every name the desk keeps is shorter (parse.ts keeps 200 characters). */
const MAX_NAME_READ = 1000;
const DANGLING = /^[\s,;:|/\\<>\-–—]+|[\s,;:|/\\<>\-–—]+$/g;

/**
 * A name without one pair of double quotes around it all, and the `\"` escapes inside: a quoted name inside an
 * encoded word (`=?UTF-8?B?…?=` of `"Léon, Martin 🚀"`, as some Java and PHP mailers write it) is decoded after
 * the address parser would have unquoted it, so its quotes came through as characters. Quotes that do not wrap
 * the whole name (`Jean "JJ" Dupont`, `"Foo" and "Bar"`) are the name's own.
 */
function withoutSurroundingQuotes(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 2 || !trimmed.startsWith('"') || !trimmed.endsWith('"')) return name;
  const inner = trimmed.slice(1, -1);
  if (/(^|[^\\])(\\\\)*"/.test(inner)) return name;
  return inner.replace(/\\(["\\])/g, "$1").trim();
}

/**
 * A display name read from mail, without anything in it that reads as an email address. Anyone chooses their
 * name, and `"Support Team <support@desk.example>" <evil@attacker.example>` shown as it came would pass for the
 * desk's (or anyone's) address wherever a name stands alone: the queue card, the ticket's requester, a greeting.
 * The words around it stay ("Support Team": still only a name, as any name is); a name that was nothing but an
 * address (`"jane@client.example" <jane@client.example>`, a common habit) becomes none, so the sender is shown
 * by the address the mail came from. Applied where names are read (core/mail/header-values.ts, parse.ts).
 */
export function nameWithoutAddresses(name: string): string {
  // Read within a bound (a name of megabytes would keep the address patterns busy for minutes), no pair cut.
  const bounded =
    name.length > MAX_NAME_READ ? name.slice(0, MAX_NAME_READ).replace(/[\uD800-\uDBFF]$/, "") : name;
  // Quotes around the whole name, before and after the address in it goes (`"Support Team" <a@b.example>`).
  const rest = withoutSurroundingQuotes(withoutPlainAddresses(withoutSurroundingQuotes(bounded)));
  // One that still shows an address to the eye (look-alike dots, the desk's own mailbox): no name at all.
  return disguisesAnAddress(rest) ? "" : rest;
}

function withoutPlainAddresses(name: string): string {
  if (!/[@＠﹫]/u.test(name)) return name;
  let rest = name.replace(ADDRESS_IN_NAME, " ");
  // Nothing that reads as an address (a dotted domain after the at sign): the name as it was ("R&D@Acme").
  if (rest === name) return name;
  // Twice: `("<a@b>")` empties from the inside out.
  for (let i = 0; i < 2; i++) rest = rest.replace(EMPTY_PAIR, " ");
  // No space left before a comma or semicolon the address stood before ("Anne <a@x>, Paris").
  rest = rest
    .replace(/\s+/g, " ")
    .replace(/ ([,;])/g, "$1")
    .replace(DANGLING, "");
  return /[\p{L}\p{N}]/u.test(rest) ? rest : "";
}

/**
 * The requester's name as the desk keeps it, from mail, the web form or the API: without addresses in it; one that
 * was nothing but an address gives way to the requester's own address (shown as an address wherever names are).
 */
export const requesterName = (name: string, address: string) => nameWithoutAddresses(name) || address;

export const isValidAddress = (address: string) => address.length <= 254 && ADDRESS.test(address);

export interface Requester {
  address: string;
  name: string;
  /** Which header it came from. */
  source: "reply-to" | "from" | "sender";
}

/** The identifier a `List-Id` names: the bracketed part (`<users.lists.example.org>`), else the whole header. */
function listIdOf(mail: ParsedMail): string | undefined {
  const header = mail.header("list-id");
  return /<([^<>\s]+)>/.exec(header ?? "")?.[1] ?? header?.trim();
}

/**
 * The list a message came through, as addresses: `List-Post: <mailto:users@lists.example.org>` and the list
 * address a `List-Id: <users.lists.example.org>` stands for (its first dot is the `@`).
 */
export function listAddresses(mail: ParsedMail): string[] {
  const found: string[] = [];
  const post = /mailto:([^>?\s]+)/i.exec(mail.header("list-post") ?? "")?.[1];
  if (post) found.push(post.replace(/%40/gi, "@").toLowerCase());
  const id = listIdOf(mail);
  if (id?.includes(".")) found.push(id.toLowerCase().replace(".", "@"));
  return found;
}

/**
 * Whether the desk may ever copy this address on its replies: never a mailing list, a mailer daemon, postmaster,
 * a no-reply address or one of the desk's own addresses, and only a valid address.
 */
export function isCopyable(address: string, mail: ParsedMail | null, desk: DeskAddresses): boolean {
  return (
    isValidAddress(address) &&
    !isNoReplyAddress(address, desk) &&
    !(mail && listAddresses(mail).includes(address.toLowerCase()))
  );
}

const firstValid = (list: HeaderAddress[]) => list.find((a) => isValidAddress(a.address));

/**
 * The organisation a domain belongs to, as far as its labels tell: `reply.github.com` → `github.com`,
 * `lists.example.co.uk` → `example.co.uk` (a two-letter country code after a short second level).
 */
function organisationOf(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, "").split(".");
  const countrySecondLevel = labels.length >= 3 && labels.at(-1)!.length === 2 && labels.at(-2)!.length <= 3;
  return labels.slice(countrySecondLevel ? -3 : -2).join(".");
}

/**
 * A local part that is a generated token behind one word (`reply+AAHY4Q2C7QXNBM5EVBNHHCEUKT@`,
 * `forum+c0ffee42deadbeef@`): never a person's (`jean-baptiste1978@`, `john.smith+invoices2024@`).
 */
const TOKEN_LOCAL = /^[a-z]+[+=](?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{16,}$/i;

/**
 * A list's reply robot: on mail a list or notification stream delivered (List-Id), a Reply-To at the list's own
 * organisation whose local part carries a token (GitHub's `reply+…@reply.github.com`, Discourse's `forum+…@`).
 * Mail to it is posted to the list, an issue or a forum thread — often public — so it is nobody to answer.
 * A person's Reply-To (a list rewriting From for DMARC keeps the poster there) has no token and stays.
 */
function isListRobot(address: string, mail: ParsedMail): boolean {
  const listId = listIdOf(mail);
  if (!listId?.includes(".")) return false;
  const at = address.lastIndexOf("@");
  return (
    organisationOf(address.slice(at + 1)) === organisationOf(listId) && TOKEN_LOCAL.test(address.slice(0, at))
  );
}

/**
 * Who a message is from, for filing: the Reply-To when it names a person (web forms and notification systems
 * send "From: noreply@site, Reply-To: the customer"), else the first valid From address (a garbage first
 * From, or `"name" <>`, does not hide a valid second one), else Sender. A Reply-To that points at a list or its
 * reply robot (`isListRobot`), a no-reply box or the desk itself is skipped: mailing lists set Reply-To to the list, and the desk's own
 * plus-addressed Reply-To comes back in quoted forwards. Null when no header names a usable address. With no
 * display name, the name is the address as stored (ASCII): read in Unicode only where a person sees it
 * (`personName`, `mailboxText`, the app's `shownName`), never stored decoded.
 */
export function chooseRequester(mail: ParsedMail, desk: DeskAddresses): Requester | null {
  const from = firstValid(mail.senders.from);
  const replyTo = mail.senders.replyTo.find(
    (a) => isCopyable(a.address, mail, desk) && !isListRobot(a.address, mail),
  );
  if (replyTo) {
    // The name of From goes with the Reply-To only when From is the same address (else it names someone else).
    const name = replyTo.name || (from?.address === replyTo.address ? from.name : "");
    return { address: replyTo.address, name: name || replyTo.address, source: "reply-to" };
  }
  if (from) return { address: from.address, name: from.name || from.address, source: "from" };
  const sender = firstValid(mail.senders.sender);
  if (sender) return { address: sender.address, name: sender.name || sender.address, source: "sender" };
  return null;
}

/**
 * The addresses that wrote the message (From, then Sender): who may be recognised as someone already on a
 * ticket. Never the Reply-To: anyone can name any address there and no authentication covers it, so it would
 * let a stranger thread onto a ticket as its requester and add their own CCs.
 */
export function authorAddresses(mail: ParsedMail): string[] {
  const { from, sender } = mail.senders;
  return [...new Set([...from, ...sender].map((a) => a.address).filter(isValidAddress))];
}

/** Whether any of the message's own From addresses is one of the desk's (a loop: never filed). */
export const fromDesk = (mail: ParsedMail, desk: DeskAddresses) =>
  mail.senders.from.some((a) => isDeskAddress(a.address, desk));

/**
 * Whether a mail may add people to a ticket's CC on its requester's word: its From (the header DMARC covers;
 * Sender and Reply-To anyone sets) must be the requester, and DMARC must have passed — unless nothing was checked
 * (mail filed without SES's verdicts). Anyone can forge a From and a ticket number in the subject: a forged
 * "requester" copying a stranger would have every later answer on the ticket mailed to that stranger.
 */
export function mayCopyOthers(
  mail: ParsedMail,
  requesterEmail: string,
  verdicts: { spf?: string; dkim?: string; dmarc?: string },
): boolean {
  if (firstValid(mail.senders.from)?.address !== requesterEmail) return false;
  const checked = verdicts.spf !== undefined || verdicts.dkim !== undefined || verdicts.dmarc !== undefined;
  return !checked || verdicts.dmarc === "pass";
}
