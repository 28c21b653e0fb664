// The ticket's service level: its badge, policy and due times.
import { timeLeft, when } from "../format.ts";
import { t } from "../strings.ts";
import type { Ticket } from "../types.ts";
import { SlaBadge } from "./SlaBadge.tsx";

export function SlaFacts({ ticket }: { ticket: Ticket }) {
  const { sla } = ticket;
  return (
    <>
      <h2>{t.sla}</h2>
      <p>
        <SlaBadge ticket={ticket} />{" "}
        {sla.policy && <span class="policy">({t.priorities[sla.policy] ?? sla.policy})</span>}
      </p>
      <dl class="facts">
        {sla.firstResponseDueAt && (
          <>
            <dt>{t.firstResponseDue}</dt>
            <dd>
              {when(sla.firstResponseDueAt)} ({timeLeft(sla.firstResponseDueAt).text})
            </dd>
          </>
        )}
        {sla.resolutionDueAt && (
          <>
            <dt>{t.resolutionDue}</dt>
            <dd>{when(sla.resolutionDueAt)}</dd>
          </>
        )}
        {sla.breached.length > 0 && (
          <>
            <dt>{t.breached}</dt>
            <dd>{sla.breached.join(", ")}</dd>
          </>
        )}
      </dl>
    </>
  );
}
