import { knownDeskAddresses } from "./desk-addresses.ts";

/** Signs that read as an at sign: the circled letter a (which NFKC would make a plain "a"), full-width and small. */
const AT_LIKE = /[\u24B6\u24D0\uFE6B\uFF20]/gu;
/** Signs that read as a full stop in a domain: middle dots, leaders, bullet and dot operators, ideographic stops. */
const DOT_LIKE =
  /[\u00B7\u0387\u06D4\u0701\u0702\u2022\u2024\u2027\u2219\u22C5\u2E31\u2E33\u3002\u30FB\uA4F8\uFE52\uFF0E\uFF61\uFF65]/gu;
/** A local part, an at sign and a dotted domain, in a skeleton (no spaces left around its dots). */
const ADDRESS_SHAPE = /[^\s@<>()[\]{}"',;:]+@[^\s@<>()[\]{}"',;:.]+(?:\.[^\s@<>()[\]{}"',;:.]+)+/u;

/**
 * A name as it reads on screen, for comparing: compatibility forms folded (NFKC: "ｓｕｐｐｏｒｔ" is "support"),
 * invisible characters dropped, look-alike at signs and dots made plain, spaces around dots dropped, lower case.
 */
export function nameSkeleton(name: string): string {
  return (
    name
      .replace(AT_LIKE, "@")
      .normalize("NFKC")
      // Invisible format characters (zero-width space and joiners, soft hyphen) show nothing between letters.
      .replace(/[\p{Cf}\u00AD]/gu, "")
      .replace(DOT_LIKE, ".")
      // Spaces around a dot only: "Marie @ Paris · Lyon" keeps its words, "support@desk .example" is an address.
      .replace(/\s*\.\s*/gu, ".")
      .toLowerCase()
  );
}

/**
 * Whether a name, though it holds no plain address, shows one to the eye: `support@desk․example` with a one-dot
 * leader, `support@desk . example`, `supportⓐdesk.example`, `sup\u200Bport@desk.example` — or names the desk's own mailbox even without its
 * domain's dots (`support@desk` for support@desk.example, or one of the admin's other addresses as this process
 * last read them). A name that does is not shown at all (see `nameWithoutAddresses`).
 */
export function disguisesAnAddress(name: string): boolean {
  if (!/[@\u24B6\u24D0\uFE6B\uFF20]/u.test(name)) return false;
  const skeleton = nameSkeleton(name);
  if (ADDRESS_SHAPE.test(skeleton)) return true;
  // The desk's mailbox, spaces and all dropped: "support @ desk" reads as support@desk.example's.
  const packed = skeleton.replace(/\s+/gu, "");
  const { from, aliases } = knownDeskAddresses();
  return [from, ...aliases].some((address) => {
    const [local, domain = ""] = address.toLowerCase().split("@");
    return packed.includes(`${local}@${domain.split(".")[0]}`);
  });
}
