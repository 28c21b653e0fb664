import { randomBytes } from "node:crypto";

/**
 * A `format=flowed` client space-stuffs every line the writer began with ">" (RFC 3676 §4.4: " >50 users
 * blocked"), so that it is not read as a quote; a quoted line has no space before its ">". mailparser undoes the
 * stuffing, and the reply parser would then drop the writer's line as quoted history. So the decision is taken
 * before mailparser reads the part (core/mail/flowed-armor.ts): each stuffed ">" line gets a mark after its
 * stuffing space, which the reply parser reads as text, and the mark is gone from every text and HTML the desk
 * keeps. The mark is ASCII in the raw part (it is inserted among bytes of any charset) and one noncharacter in the
 * text mailparser gives, so that no cut of the text can leave half of it.
 */

/** Random per process: no sender can write it on purpose. */
const RAW_MARK = `Zq${randomBytes(8).toString("hex")}qZ`;
/** A Unicode noncharacter, reserved for a program's own use: never text a person wrote. */
const MARK = "\uFDD0";

/** The lines of a flowed part with each stuffed ">" line marked (see above). */
export const markStuffedQuoteLines = (lines: string[]): string[] =>
  lines.map((line) => (line.startsWith(" >") ? ` ${RAW_MARK}${line.slice(1)}` : line));

/** The text mailparser gave with each mark as one character. */
export const withStuffingMarks = (text: string): string => text.replaceAll(RAW_MARK, MARK);

/** A text or HTML as the desk keeps it: no mark left. */
export const withoutStuffingMarks = (text: string): string =>
  text.replaceAll(RAW_MARK, "").replaceAll(MARK, "");
