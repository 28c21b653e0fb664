// The ticket's tier, and the form that escalates it to a higher one.
import { useState } from "preact/hooks";
import { localName } from "../names.ts";
import { t } from "../strings.ts";
import type { Team, Ticket } from "../types.ts";
import { Options } from "./Options.tsx";

const TIERS = ["L1", "L2", "L3"] as const;
const AGENT_REASONS = ["needs_expertise", "needs_access", "customer_request", "unspecified"];

/** The tier, and a higher one with a reason and the team that takes it (the team's escalation path first). */
export function Escalate({
  ticket,
  teams,
  onEscalate,
}: {
  ticket: Ticket;
  teams: Team[];
  onEscalate: (patch: Record<string, unknown>) => Promise<boolean>;
}) {
  const higher = TIERS.slice(TIERS.indexOf(ticket.tier as (typeof TIERS)[number]) + 1);
  const next = teams.find((x) => x.id === ticket.team)?.escalatesTo ?? ticket.team ?? "";
  const [tier, setTier] = useState("");
  const [reason, setReason] = useState("needs_expertise");
  const [team, setTeam] = useState("");
  return (
    <fieldset class="escalate">
      <legend>
        {t.tier}
        {t.common.colon}
        {t.common.tiers[ticket.tier] ?? ticket.tier}
        {ticket.escalationReason && ` (${t.escalationReasons[ticket.escalationReason]})`}
      </legend>
      {ticket.tier !== "L4" && higher.length > 0 && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const to = tier || higher[0]!;
            const target = team || next;
            const ok = await onEscalate({
              tier: to,
              escalationReason: reason,
              ...(target && target !== ticket.team ? { team: target, assigneeId: null } : {}),
            });
            if (ok) setTier("");
          }}
        >
          <label>
            {t.escalateTo}
            <select value={tier || higher[0]} onChange={(e) => setTier(e.currentTarget.value)}>
              <Options entries={Object.fromEntries(higher.map((x) => [x, t.common.tiers[x] ?? x]))} />
            </select>
          </label>
          <label>
            {t.team}
            <select value={team || next} onChange={(e) => setTeam(e.currentTarget.value)}>
              <Options none={t.none} entries={Object.fromEntries(teams.map((x) => [x.id, localName(x)]))} />
            </select>
          </label>
          <label>
            {t.escalationReason}
            <select value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
              <Options entries={Object.fromEntries(AGENT_REASONS.map((r) => [r, t.escalationReasons[r]!]))} />
            </select>
          </label>
          <button type="submit">{t.escalate}</button>
        </form>
      )}
    </fieldset>
  );
}
