import { type DeskName, signature } from "../desk/signature.ts";

/** The figures the weekly mail says (core/report/weekly.ts `weeklyFigures`). */
export interface WeeklyFigures {
  from: string;
  to: string;
  created: number;
  solved: number;
  reopened: number;
  escalated: number;
  deflected: number;
  firstResponseMedian: number | null;
  resolutionMedian: number | null;
  firstResponseCompliance: string;
  resolutionCompliance: string;
  satisfaction: string;
  satisfactionGood: number;
  satisfactionAnswers: number;
}

/**
 * The weekly summary in the admin's language. It was English only, also for an admin who works and is mailed in
 * French (found walking a fresh French desk).
 */
export function weeklyMail(
  f: WeeklyFigures,
  locale: string | undefined,
  deskName: DeskName,
  publicUrl: string,
) {
  if (locale === "fr") {
    const name = signature(deskName, "fr");
    const minutes = (m: number | null) => (m === null ? "—" : `≤ ${m} minutes ouvrées`);
    const satisfaction = f.satisfactionAnswers
      ? `${Math.round((100 * f.satisfactionGood) / f.satisfactionAnswers)} % de « Bien » (${f.satisfactionAnswers} réponse${f.satisfactionAnswers > 1 ? "s" : ""})`
      : "—";
    return {
      subject: `${name} : résumé de la semaine (${f.from} – ${f.to})`,
      text: [
        `${name} : la semaine du ${f.from} au ${f.to}`,
        "",
        `Tickets créés : ${f.created}, résolus : ${f.solved}, rouverts : ${f.reopened}, escaladés : ${f.escalated}`,
        `Demandes évitées par la base de connaissances : ${f.deflected}`,
        `Première réponse, médiane : ${minutes(f.firstResponseMedian)} ; résolution, médiane : ${minutes(f.resolutionMedian)}`,
        `SLA respectés : première réponse ${f.firstResponseCompliance}, résolution ${f.resolutionCompliance}`,
        `Satisfaction : ${satisfaction}`,
        "",
        `Rapports : ${publicUrl}/app/reports`,
      ].join("\n"),
    };
  }
  const minutes = (m: number | null) => (m === null ? "—" : `≤ ${m} business minutes`);
  const name = signature(deskName, "en");
  return {
    subject: `${name}: weekly summary (${f.from} – ${f.to})`,
    text: [
      `${name}: the week of ${f.from} to ${f.to}`,
      "",
      `Tickets created: ${f.created}, solved: ${f.solved}, reopened: ${f.reopened}, escalated: ${f.escalated}`,
      `Answered by the knowledge base instead of a ticket: ${f.deflected}`,
      `First response, median: ${minutes(f.firstResponseMedian)}; resolution, median: ${minutes(f.resolutionMedian)}`,
      `SLA met: first response ${f.firstResponseCompliance}, resolution ${f.resolutionCompliance}`,
      `Satisfaction: ${f.satisfaction}`,
      "",
      `Reports: ${publicUrl}/app/reports`,
    ].join("\n"),
  };
}
