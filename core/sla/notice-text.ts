import type { TicketItem } from "../store/index.ts";
import { inLanguage } from "../ticket/placeholder-text.ts";
import type { Target } from "./clock.ts";

/**
 * What the SLA sweep and the safety net tell agents (`ticket.notice`), in English and French: the mail worker
 * picks the recipient's language (core/mail/notices.ts). The subjects come without the `[#number]` prefix.
 */
export interface NoticeText {
  subject: string;
  text: string;
  fr: { subject: string; text: string };
}

type Ticket = Pick<TicketItem, "number" | "subject" | "priority" | "team">;

const TARGET_EN: Record<Target, string> = {
  firstResponse: "first response",
  resolution: "resolution",
  vendor: "vendor response",
};
const TARGET_FR: Record<Target, string> = {
  firstResponse: "première réponse",
  resolution: "résolution",
  vendor: "réponse du fournisseur",
};
/** Priorities as every French notice names them (here and core/mail/agent-notices.ts). */
export const PRIORITY_FR: Record<string, string> = {
  low: "basse",
  normal: "normale",
  high: "haute",
  urgent: "urgente",
};

/** "1 h 05 min" ("1 d 2 h" / "1 j 2 h") */
export function duration(ms: number, locale: "en" | "fr" = "en"): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  const day = locale === "fr" ? "j" : "d";
  return [d && `${d} ${day}`, h && `${h} h`, (m || (!d && !h)) && `${m} min`].filter(Boolean).join(" ");
}

/**
 * A moment as agents read it: date and time in the desk's business-hours zone, named ("7 Dec 2026, 10:00 UTC",
 * "7 déc. 2026, 11:00 UTC+1"), not an ISO timestamp. An unreadable value is shown as given.
 */
export function when(iso: string | undefined, locale: "en" | "fr", zone: string): string {
  const at = iso ? new Date(iso) : undefined;
  if (!at || Number.isNaN(at.getTime())) return iso ?? "?";
  try {
    return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: zone,
    })
      .format(at)
      .concat(" ", zoneName(at, locale, zone));
  } catch {
    return iso!;
  }
}
const zoneName = (at: Date, locale: "en" | "fr", zone: string) =>
  new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { timeZone: zone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName")?.value ?? zone;

const fr = (t: Ticket) =>
  `#${t.number} « ${inLanguage(t.subject, "fr")} » (priorité ${PRIORITY_FR[t.priority] ?? t.priority}`;

/** Before a target: it is due soon. */
export function warnNotice(
  t: Ticket,
  target: Target,
  dueAt: string,
  leftMs: number,
  zone = "UTC",
): NoticeText {
  const name = TARGET_EN[target];
  return {
    subject: `SLA warning: ${name} due in ${duration(leftMs)}`,
    text: `Ticket #${t.number} "${t.subject}" (${t.priority}) must have its ${name} by ${when(dueAt, "en", zone)}.`,
    fr: {
      subject: `Alerte SLA : ${TARGET_FR[target]} attendue dans ${duration(leftMs, "fr")}`,
      text: `Le ticket ${fr(t)}) attend sa ${TARGET_FR[target]} au plus tard le ${when(dueAt, "fr", zone)}.`,
    },
  };
}

/** The vendor holding the ticket missed its response target. */
export function vendorSilentNotice(t: Ticket, dueAt: string, zone = "UTC"): NoticeText {
  return {
    subject: `Vendor silent: ${TARGET_EN.vendor} target missed`,
    text: `The vendor holding ticket #${t.number} "${t.subject}" has not answered; it was due ${when(dueAt, "en", zone)}.`,
    fr: {
      subject: `Fournisseur sans réponse : objectif de ${TARGET_FR.vendor} manqué`,
      text: `Le fournisseur qui détient le ticket #${t.number} « ${inLanguage(t.subject, "fr")} » n'a pas répondu ; sa réponse était attendue le ${when(dueAt, "fr", zone)}.`,
    },
  };
}

/** A team as a notice names it: its name, in French its French name where it has one. */
export interface TeamNames {
  name: string;
  nameFr?: string | null;
}

/** A missed target moved the ticket to the next team (`team`) at tier `tier`: told to that team. */
export function escalatedNotice(
  t: Ticket,
  target: Target,
  lateMs: number,
  team: TeamNames,
  tier: string,
): NoticeText {
  return {
    subject: `Escalated to you: ${t.subject}`,
    text: `Ticket #${t.number} "${t.subject}" (${t.priority}) missed its ${TARGET_EN[target]} target by ${duration(lateMs)} and now sits with team ${team.name} at tier ${tier}.`,
    fr: {
      subject: `Escaladé vers vous : ${inLanguage(t.subject, "fr")}`,
      text: `Le ticket ${fr(t)}) a dépassé son objectif de ${TARGET_FR[target]} de ${duration(lateMs, "fr")} ; il revient désormais à l'équipe ${team.nameFr ?? team.name}, au niveau ${tier}.`,
    },
  };
}

/** The same escalation, told to the assignee it was taken from. */
export function movedAwayNotice(
  t: Ticket,
  target: Target,
  lateMs: number,
  team: TeamNames,
  tier: string,
): NoticeText {
  return {
    subject: `Escalated away from you: ${t.subject}`,
    text: `Ticket #${t.number} "${t.subject}" (${t.priority}) missed its ${TARGET_EN[target]} target by ${duration(lateMs)}: it moved to team ${team.name} at tier ${tier} and is no longer assigned to you.`,
    fr: {
      subject: `Ticket escaladé, il ne vous est plus attribué : ${inLanguage(t.subject, "fr")}`,
      text: `Le ticket ${fr(t)}) a dépassé son objectif de ${TARGET_FR[target]} de ${duration(lateMs, "fr")} : il passe à l'équipe ${team.nameFr ?? team.name}, au niveau ${tier}, et ne vous est plus attribué.`,
    },
  };
}

/** A missed target, the ticket staying where it is; `tier` when it moved up a tier. */
export function breachedNotice(t: Ticket, target: Target, lateMs: number, tier?: string): NoticeText {
  return {
    subject: `SLA breached: ${TARGET_EN[target]}`,
    text: `Ticket #${t.number} "${t.subject}" (${t.priority}) missed its ${TARGET_EN[target]} target by ${duration(lateMs)}${tier ? `; it is now tier ${tier}` : ""}.`,
    fr: {
      subject: `SLA dépassé : ${TARGET_FR[target]}`,
      text: `Le ticket ${fr(t)}) a dépassé son objectif de ${TARGET_FR[target]} de ${duration(lateMs, "fr")}${tier ? ` ; il passe au niveau ${tier}` : ""}.`,
    },
  };
}

/** The customer has waited for an answer since `since`. */
export function waitingNotice(t: Ticket, since: string | undefined, zone = "UTC"): NoticeText {
  return {
    subject: `Waiting for an answer: ${t.subject}`,
    text: `The customer on ticket #${t.number} "${t.subject}" has waited for an answer since ${when(since, "en", zone)}.`,
    fr: {
      subject: `En attente d'une réponse : ${inLanguage(t.subject, "fr")}`,
      text: `Le client du ticket #${t.number} « ${inLanguage(t.subject, "fr")} » attend une réponse depuis le ${when(since, "fr", zone)}.`,
    },
  };
}

/** Safety net: nobody has taken the ticket for `waitedMs`. */
export function unassignedNotice(t: Ticket, waitedMs: number): NoticeText {
  return {
    subject: `Nobody has taken: ${t.subject}`,
    text: `Ticket #${t.number} "${t.subject}" (${t.priority}${t.team ? `, team ${t.team}` : ", no team"}) has waited ${duration(waitedMs)} without anyone assigned. Take it or give it to someone.`,
    fr: {
      subject: `Personne ne s'en occupe : ${inLanguage(t.subject, "fr")}`,
      text: `Le ticket ${fr(t)}${t.team ? `, équipe ${t.team}` : ", sans équipe"}) attend depuis ${duration(waitedMs, "fr")} sans que personne ne s'en occupe. Prenez-le ou confiez-le à quelqu'un.`,
    },
  };
}

/** Safety net: the ticket's assignee is away or has been deactivated. */
export function assigneeGoneNotice(t: Ticket, agentName: string, active: boolean): NoticeText {
  const state = active ? "is away" : "has been deactivated";
  return {
    subject: `${agentName} ${state}: ${t.subject}`,
    text: `Ticket #${t.number} "${t.subject}" (${t.priority}) is assigned to ${agentName}, who ${state}. Take it or give it to someone.`,
    fr: {
      subject: active
        ? `${agentName} est indisponible : ${inLanguage(t.subject, "fr")}`
        : `Compte de ${agentName} désactivé : ${inLanguage(t.subject, "fr")}`,
      text: `Le ticket ${fr(t)}) est attribué à ${agentName}, ${active ? "qui est indisponible" : "dont le compte a été désactivé"}. Prenez-le ou confiez-le à quelqu'un.`,
    },
  };
}

/** With the `[#number]` prefix on both subjects, as the event carries them. */
export function numbered(number: number, n: NoticeText): NoticeText {
  return {
    subject: `[#${number}] ${n.subject}`,
    text: n.text,
    fr: { subject: `[#${number}] ${n.fr.subject}`, text: n.fr.text },
  };
}
