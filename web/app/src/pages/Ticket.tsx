import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { fillPlaceholders } from "../../../../core/desk/placeholders.ts";
import { canTransition } from "../../../../core/ticket/transitions.ts";
import { shownAddress, shownName } from "../address.ts";
import { ApiError, api, untouched } from "../api.ts";
import { toUploads } from "../attachment-files.ts";
import { Composer, type ComposerMode } from "../components/Composer.tsx";
import { HeldMail } from "../components/HeldMail.tsx";
import { Options } from "../components/Options.tsx";
import { SlaBadge } from "../components/SlaBadge.tsx";
import { SplitMessage } from "../components/SplitMessage.tsx";
import { TicketActions } from "../components/TicketActions.tsx";
import { Timeline } from "../components/Timeline.tsx";
import { errorText } from "../errors.ts";
import { ago, timeLeft, when } from "../format.ts";
import { useKeys } from "../keys.ts";
import { lastQueue } from "../last-queue.ts";
import { usePresence } from "../live.ts";
import { localName } from "../names.ts";
import { useSession } from "../session.ts";
import { allowedStatuses } from "../status-moves.ts";
import { t } from "../strings.ts";
import type { Agent, Category, Team, Ticket, TicketWithTimeline } from "../types.ts";
import { cancel, schedule } from "../undo.ts";

/** Live updates: a conditional GET every few seconds while the tab is visible (304 costs one item read). */
const POLL_MS = 5_000;

/** Whether what changed between the ticket the agent saw and the latest leaves their write as they meant it. */
type Unchanged = (seen: TicketWithTimeline, latest: TicketWithTimeline) => boolean;
/** The version a write is decided on: its ETag (sent as If-Match) and the ticket as it was then. */
type Seen = { etag: string | null; ticket: TicketWithTimeline | null };
const PUBLIC = new Set(["customer_message", "agent_reply", "vendor_message"]);
/** The public conversation's entries, as one comparable string. */
const conversation = (ticket: TicketWithTimeline) =>
  ticket.timeline
    .filter((e) => PUBLIC.has(e.kind))
    .map((e) => e.id)
    .join();

export function TicketPage() {
  const { params } = useRoute();
  const location = useLocation();
  const id = params.id!;
  const [ticket, setTicket] = useState<TicketWithTimeline | null>(null);
  const [missing, setMissing] = useState(false);
  const [stale, setStale] = useState(false);
  const [notice, setNotice] = useState("");
  /** Why the last write failed (read by the composer, which shows it beside its buttons). */
  const failure = useRef("");
  const [sendProblem, setSendProblem] = useState("");
  const [agents, setAgents] = useState<Agent[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [mode, setMode] = useState<ComposerMode>("reply");
  const [canned, setCanned] = useState<{ id: string; title: string; body: string }[]>([]);
  const [history, setHistory] = useState<Ticket[]>([]);
  const { others, writing } = usePresence(id);
  const { agent: me } = useSession();
  const etag = useRef<string | null>(null);
  /** The version the agent is looking at (what a field change is decided on). */
  const shown = useRef<TicketWithTimeline | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  const refresh = async (conditional: boolean) => {
    try {
      const answer = await api<TicketWithTimeline>(`/tickets/${id}`, {
        ifNoneMatch: conditional ? (etag.current ?? undefined) : undefined,
      });
      // An answer about the ticket shown before (the agent opened another meanwhile) fills nothing.
      if (answer.status === 304 || current.current !== id) return;
      etag.current = answer.etag;
      shown.current = answer.data;
      setTicket(answer.data);
      if (!conditional)
        api<{ items: Ticket[] }>(
          `/requesters/${encodeURIComponent(answer.data.requester.email)}/tickets?limit=6`,
        )
          .then(({ data }) => {
            if (current.current === id) setHistory(data.items.filter((item) => item.id !== id).slice(0, 5));
          })
          .catch(() => undefined);
    } catch (error) {
      if (current.current === id && error instanceof ApiError && error.status === 404) setMissing(true);
    }
  };
  /** The ticket on screen now: a write to the one shown before must not report on this one. */
  const current = useRef(id);
  current.current = id;
  useEffect(() => {
    // preact-iso keeps this page mounted from one ticket to the next: what was said about the last one goes.
    setTicket(null);
    setMissing(false);
    setStale(false);
    setNotice("");
    setSendProblem("");
    setHistory([]);
    failure.current = "";
    etag.current = null;
    refresh(false);
    api<{ items: Agent[] }>("/agents").then(({ data }) => setAgents(data.items.filter((a) => a.active)));
    api<{ items: Team[] }>("/teams").then(({ data }) => setTeams(data.items));
    api<{ items: Category[] }>("/categories").then(({ data }) => setCategories(data.items));
    api<{ items: { id: string; title: string; body: string }[] }>("/canned-replies").then(({ data }) =>
      setCanned(data.items),
    );
    const timer = setInterval(() => document.visibilityState === "visible" && refresh(true), POLL_MS);
    return () => clearInterval(timer);
  }, [id]);

  /**
   * A write conditioned on the version the agent saw when they acted. Writes go one after the other. On a 412,
   * `unchanged` decides whether what changed meanwhile leaves this write's decision intact (their own earlier
   * write, triage, an acknowledgement, another agent's other field): then it is applied to the latest version;
   * otherwise the page says so and keeps everything the agent typed.
   */
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  /**
   * One Idempotency-Key per message written: sending the same message again after a failure (an answer lost on
   * the way back) reuses it, so the desk stores it once; a changed message, or the next one, gets a new key.
   */
  const lastSend = useRef<{ of: string; key: string } | undefined>(undefined);
  const sendKey = (of: string) => {
    if (lastSend.current?.of !== of) lastSend.current = { of, key: crypto.randomUUID() };
    return lastSend.current.key;
  };
  const write = (
    path: string,
    method: string,
    body: unknown,
    done: string,
    unchanged?: Unchanged,
    seen: Seen = { etag: etag.current, ticket: shown.current },
    idempotencyKey?: string,
  ) => {
    const next = queue.current.then(() => send(path, method, body, done, seen, unchanged, idempotencyKey));
    queue.current = next;
    return next;
  };
  const send = async (
    path: string,
    method: string,
    body: unknown,
    done: string,
    seen: Seen,
    unchanged?: Unchanged,
    idempotencyKey?: string,
  ) => {
    // A new attempt starts clean: an earlier failure's words must not read as this one's outcome.
    setNotice("");
    failure.current = "";
    try {
      try {
        await api<unknown>(path, { method, body, ifMatch: seen.etag ?? undefined, idempotencyKey });
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412 && unchanged && seen.ticket)) throw error;
        const latest = await api<TicketWithTimeline>(`/tickets/${id}`);
        if (!unchanged(seen.ticket, latest.data)) throw error;
        await api<unknown>(path, { method, body, ifMatch: latest.etag ?? undefined, idempotencyKey });
      }
      // Done for the ticket shown before: nothing to say on this one (its own page said it as it left).
      if (current.current !== id) return true;
      setStale(false);
      setNotice(done);
      await refresh(false);
      return true;
    } catch (error) {
      if (current.current !== id) return false;
      if (error instanceof ApiError && error.status === 412) {
        setStale(true);
        failure.current = t.day.changedMeanwhile;
      } else {
        failure.current = errorText(error);
        setNotice(failure.current);
      }
      return false;
    }
  };
  const change = (patch: Record<string, unknown>) => {
    // An explicit status choice replaces a solve still waiting behind its Undo toast.
    if ("status" in patch) cancel(`solve:${id}`);
    return write(`/tickets/${id}`, "PATCH", patch, t.saved, (seen, latest) => untouched(patch, seen, latest));
  };
  /**
   * Solving by keyboard waits a few seconds behind an Undo toast (undo.ts) before it is sent. It is decided on the
   * version on screen when `s` was pressed, not on whatever the polls brought in meanwhile: a customer message or
   * a status change in the wait makes it stale, and it is refused rather than applied.
   */
  const solveByKeyboard = (current: TicketWithTimeline) => {
    const seen: Seen = { etag: etag.current, ticket: shown.current };
    const patch = { status: "solved" };
    const unchanged: Unchanged = (before, latest) =>
      before.status === latest.status && conversation(before) === conversation(latest);
    schedule({
      key: `solve:${id}`,
      message: t.work.willSolve(current.number),
      failed: t.workfix.notSolved(current.number),
      commit: () => write(`/tickets/${id}`, "PATCH", patch, t.saved, unchanged, seen),
      flush: () =>
        api(`/tickets/${id}`, {
          method: "PATCH",
          body: patch,
          ifMatch: seen.etag ?? undefined,
          keepalive: true,
        }).catch(() => undefined),
    });
  };
  const actionDone = (done: string) => {
    // A merge or split finished after the agent opened another ticket: nothing to say on that one.
    if (current.current !== id) return;
    setNotice(done);
    refresh(false);
  };
  const focusComposer = (next: ComposerMode) => {
    setMode(next);
    setTimeout(() => field.current?.focus(), 0);
  };
  useKeys(
    {
      r: () => focusComposer("reply"),
      n: () => focusComposer("note"),
      s: () =>
        ticket &&
        ticket.status !== "solved" &&
        canTransition(ticket.status, "solved") &&
        solveByKeyboard(ticket),
      u: () => location.route(lastQueue()),
    },
    [ticket],
  );

  if (missing) return <p role="alert">{t.notFound}</p>;
  if (!ticket) return <p class="loading">{t.loading}</p>;
  const { sla } = ticket;
  return (
    <div class="ticket">
      <section class="story" aria-labelledby="ticket-title">
        <a href={lastQueue()} class="back">
          {t.back}
        </a>
        <h1 id="ticket-title">
          #{ticket.number} {ticket.subject}
        </h1>
        {stale && (
          <div role="alert" class="stale">
            {t.stale}{" "}
            <button
              type="button"
              onClick={async () => {
                await refresh(false);
                setStale(false);
                setSendProblem("");
              }}
            >
              {t.reloadKeep}
            </button>
          </div>
        )}
        <p role="status" class="notice">
          {notice}
        </p>
        {others.length > 0 && (
          <p class="presence" role="status">
            {others
              .map((o) =>
                o.state === "replying" ? t.ticketPage.replying(o.name) : t.ticketPage.viewing(o.name),
              )
              .join(" · ")}
          </p>
        )}
        <HeldMail ticketId={ticket.id} entries={ticket.timeline} changed={() => refresh(false)} />
        <Timeline
          ticketId={ticket.id}
          entries={ticket.timeline}
          entryActions={(entry) => <SplitMessage ticketId={ticket.id} entry={entry} changed={actionDone} />}
        />
        <Composer
          key={id}
          ticketId={id}
          mode={mode}
          setMode={setMode}
          field={field}
          locale={ticket.locale}
          agents={agents.filter((a) => a.id !== me.id)}
          canned={canned.map((c) => ({
            id: c.id,
            title: c.title,
            // The customer reads their address in the reply: an internationalised domain in Unicode.
            text: fillPlaceholders(c.body, {
              requester: {
                name: shownName(ticket.requester.name, ticket.requester.email),
                email: shownAddress(ticket.requester.email),
              },
              ticket,
              agent: me,
            }),
          }))}
          onWriting={writing}
          problem={sendProblem}
          onSend={async (body, how, solve, files) => {
            setSendProblem("");
            const attachments = files.length ? await toUploads(files) : undefined;
            const key = sendKey(JSON.stringify([id, how, body, solve, attachments]));
            const sent = await (how === "reply"
              ? write(
                  `/tickets/${id}/replies`,
                  "POST",
                  { body, attachments, ...(solve ? { status: "solved" } : {}) },
                  t.sent,
                  // Nobody wrote to the customer, nor the customer to us, since the agent read the ticket.
                  (before, now) =>
                    conversation(before) === conversation(now) && (!solve || before.status === now.status),
                  undefined,
                  key,
                )
              : write(
                  `/tickets/${id}/notes`,
                  "POST",
                  { body, attachments },
                  t.saved,
                  () => true,
                  undefined,
                  key,
                ));
            if (sent) lastSend.current = undefined;
            if (current.current === id) setSendProblem(sent ? "" : failure.current || t.error);
            return sent;
          }}
        />
      </section>
      <aside class="panel" aria-label={t.ticketPage.details}>
        <h2>{t.requester}</h2>
        <p>
          {shownName(ticket.requester.name, ticket.requester.email)}
          <br />
          <a href={`/app/search?q=${encodeURIComponent(ticket.requester.email)}`}>
            {shownAddress(ticket.requester.email)}
          </a>
        </p>
        {history.length > 0 && (
          <ul class="history" aria-label={t.ticketPage.otherTickets}>
            {history.map((other) => (
              <li key={other.id}>
                <a href={`/app/tickets/${other.id}`}>
                  #{other.number} {other.subject}
                </a>{" "}
                <span class={`status ${other.status}`}>{t.statuses[other.status]}</span>{" "}
                <time dateTime={other.lastActivityAt} title={when(other.lastActivityAt)}>
                  {ago(other.lastActivityAt)}
                </time>
              </li>
            ))}
          </ul>
        )}
        <label>
          {t.status}
          <select value={ticket.status} onChange={(e) => change({ status: e.currentTarget.value })}>
            <Options entries={allowedStatuses(ticket.status, t.statuses)} />
          </select>
        </label>
        <label>
          {t.priority}
          <select value={ticket.priority} onChange={(e) => change({ priority: e.currentTarget.value })}>
            <Options entries={t.priorities} />
          </select>
        </label>
        <label>
          {t.assignee}
          <select
            value={ticket.assigneeId ?? ""}
            onChange={(e) => change({ assigneeId: e.currentTarget.value || null })}
          >
            <Options none={t.nobody} entries={Object.fromEntries(agents.map((a) => [a.id, a.name]))} />
          </select>
        </label>
        <label>
          {t.team}
          <select value={ticket.team ?? ""} onChange={(e) => change({ team: e.currentTarget.value || null })}>
            <Options none={t.none} entries={Object.fromEntries(teams.map((x) => [x.id, localName(x)]))} />
          </select>
        </label>
        <label>
          {t.category}
          <select
            value={ticket.category ?? ""}
            onChange={(e) => change({ category: e.currentTarget.value || null })}
          >
            <Options
              none={t.none}
              entries={Object.fromEntries(categories.map((x) => [x.id, localName(x)]))}
            />
          </select>
        </label>
        <Escalate ticket={ticket} teams={teams} onEscalate={change} />
        <TicketActions
          key={id}
          ticket={ticket}
          stale={stale}
          write={write}
          changed={actionDone}
          lastFailure={() => failure.current}
        />
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
      </aside>
    </div>
  );
}

const TIERS = ["L1", "L2", "L3"] as const;
const AGENT_REASONS = ["needs_expertise", "needs_access", "customer_request", "unspecified"];

/** The tier, and a higher one with a reason and the team that takes it (the team's escalation path first). */
function Escalate({
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
