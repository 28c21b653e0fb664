import { frenchDeskName } from "../config.ts";

/**
 * The desk's name in each language, as mail signs it: an admin's setting (core/desk/name.ts) or, when none is
 * stored, the deploy-time `DESK_NAME`. `from` is the From display name an admin chose (null: DESK_MAIL_FROM's).
 */
export interface DeskNames {
  en: string;
  fr: string;
  /** Only when an admin named the desk: the From display name in each language. */
  from: { en: string; fr: string } | null;
}

/** What the pure mail builders take: the names above, or one deploy-time name (unit tests, older callers). */
export type DeskName = string | DeskNames;

/** The name a mail in `locale` is signed with. */
export function signature(desk: DeskName, locale: string | undefined): string {
  if (typeof desk === "string") return locale === "fr" ? frenchDeskName(desk) : desk;
  return locale === "fr" ? desk.fr : desk.en;
}
