/**
 * The readable text of a calendar invitation (RFC 5545), for mail whose only body is `text/calendar` (Outlook
 * and Exchange send such invitations, updates and cancellations): what, when, where, who, and the description.
 * Without it the timeline would say "(attachments only)" and triage and search would see nothing.
 */

const MAX_ICS_CHARS = 256 * 1024;
const MAX_TEXT_CHARS = 8_000;

/** A property's parameters and value; continuation lines unfolded, text escapes undone. */
interface Property {
  params: Record<string, string>;
  value: string;
}

const unescapeText = (value: string) =>
  value.replace(/\\([nN]|[,;\\])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));

/** Where a content line's name and parameters end: its first colon outside a quoted parameter value. */
function nameEnd(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') quoted = !quoted;
    else if (line[i] === ":" && !quoted) return i;
  }
  return -1;
}

/** The first VEVENT's properties (the event itself; later ones are exceptions of a series). */
function readEvent(ics: string): { event: Map<string, Property> } | null {
  const lines = ics
    .slice(0, MAX_ICS_CHARS)
    .replace(/\r?\n[ \t]/g, "")
    .split(/\r?\n/);
  let inEvent = false;
  const event = new Map<string, Property>();
  for (const line of lines) {
    const colon = nameEnd(line);
    if (colon <= 0) continue;
    const [name = "", ...rawParams] = line.slice(0, colon).split(";");
    const key = name.toUpperCase();
    const value = line.slice(colon + 1);
    if (key === "BEGIN" && value.trim().toUpperCase() === "VEVENT") inEvent = true;
    else if (key === "END" && value.trim().toUpperCase() === "VEVENT") {
      if (event.size) return { event };
      inEvent = false;
    } else if (inEvent && !event.has(key)) {
      const params: Record<string, string> = {};
      for (const p of rawParams) {
        const eq = p.indexOf("=");
        if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, "");
      }
      event.set(key, { params, value });
    }
  }
  return event.size ? { event } : null;
}

/** `20261210T140000` → day `2026-12-10`, time `14:00`, zone `UTC` (for `…Z`) or its TZID. */
function when(property: Property | undefined): { day: string; time: string; zone: string } | null {
  if (!property) return null;
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})\d{0,2}(Z?))?$/.exec(property.value.trim());
  if (!m) return { day: property.value.trim().slice(0, 100), time: "", zone: "" };
  const [, y, mo, d, h, mi, utc] = m;
  return {
    day: `${y}-${mo}-${d}`,
    time: h ? `${h}:${mi}` : "",
    zone: utc ? "UTC" : (property.params.TZID ?? ""),
  };
}

/** "2026-12-10 14:00 – 15:00 (Romance Standard Time)": the day and the zone written once when they are shared. */
function span(start: ReturnType<typeof when>, end: ReturnType<typeof when>): string {
  if (!start) return "";
  const at = (w: NonNullable<typeof start>, day: boolean) =>
    [day ? w.day : "", w.time].filter(Boolean).join(" ");
  const zoned = (text: string, zone: string) => (zone ? `${text} (${zone})` : text);
  if (!end) return zoned(at(start, true), start.zone);
  if (end.zone === start.zone)
    return zoned(`${at(start, true)} – ${at(end, end.day !== start.day || !end.time)}`, start.zone);
  return `${zoned(at(start, true), start.zone)} – ${zoned(at(end, true), end.zone)}`;
}

function person(property: Property | undefined): string {
  if (!property) return "";
  const address = property.value.replace(/^mailto:/i, "").trim();
  const name = property.params.CN?.trim();
  return name && name.toLowerCase() !== address.toLowerCase() ? `${name} <${address}>` : address;
}

/** The text of the first calendar part among a mail's parts, or "" when there is none or it names no event. */
export function invitationText(parts: readonly { contentType?: string; content?: Buffer }[]): string {
  const part = parts.find((p) => /^(text\/calendar|application\/ics)$/i.test(p.contentType ?? ""));
  if (!part?.content) return "";
  const read = readEvent(part.content.subarray(0, MAX_ICS_CHARS).toString("utf8"));
  if (!read) return "";
  // No labels ("When:", "Where:"): the body is stored once and read by agents in either language; the
  // subject already says whether it is an invitation, an update or a cancellation.
  const { event } = read;
  const text = (name: string) => unescapeText(event.get(name)?.value ?? "").trim();
  const lines = [
    text("SUMMARY"),
    span(when(event.get("DTSTART")), when(event.get("DTEND"))),
    text("LOCATION"),
    person(event.get("ORGANIZER")),
  ].filter(Boolean);
  const description = text("DESCRIPTION");
  return [lines.join("\n"), description].filter(Boolean).join("\n\n").slice(0, MAX_TEXT_CHARS);
}
