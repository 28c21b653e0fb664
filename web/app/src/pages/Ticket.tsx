import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { fillPlaceholders } from "../../../../core/desk/placeholders.ts";
import { canTransition } from "../../../../core/ticket/transitions.ts";
import { shownAddress, shownName } from "../address.ts";
import { ApiError, api, untouched } from "../api.ts";
import { toUploads } from "../attachment-files.ts";
import { Composer, type ComposerMode } from "../components/Composer.tsx";
import { HeldMail } from "../components/HeldMail.tsx";
import { RequesterCard } from "../components/RequesterCard.tsx";
import { SlaFacts } from "../components/SlaFacts.tsx";
import { SplitMessage } from "../components/SplitMessage.tsx";
import { TicketActions } from "../components/TicketActions.tsx";
import { TicketFields } from "../components/TicketFields.tsx";
import { Timeline } from "../components/Timeline.tsx";
import { useKeys } from "../keys.ts";
import { lastQueue } from "../last-queue.ts";
import { usePresence } from "../live.ts";
import { shownText } from "../placeholders.ts";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import { conversation, type Seen, type Unchanged, useTicketWrites } from "../ticket-writes.ts";
import type { Agent, Category, Team, Ticket, TicketWithTimeline } from "../types.ts";
import { cancel, schedule } from "../undo.ts";

/** Live updates: a conditional GET every few seconds while the tab is visible (304 costs one item read). */
const POLL_MS = 5_000;

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

  const { write, sendKey, forgetSendKey } = useTicketWrites({
    id,
    current,
    etag,
    shown,
    failure,
    refresh,
    setNotice,
    setStale,
  });
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
  return (
    <div class="ticket">
      <section class="story" aria-labelledby="ticket-title">
        <a href={lastQueue()} class="back">
          {t.back}
        </a>
        <h1 id="ticket-title">
          #{ticket.number} {shownText(ticket.subject)}
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
            if (sent) forgetSendKey();
            if (current.current === id) setSendProblem(sent ? "" : failure.current || t.error);
            return sent;
          }}
        />
      </section>
      <aside class="panel" aria-label={t.ticketPage.details}>
        <RequesterCard ticket={ticket} history={history} changed={actionDone} />
        <TicketFields ticket={ticket} agents={agents} teams={teams} categories={categories} change={change} />
        <TicketActions
          key={id}
          ticket={ticket}
          stale={stale}
          write={write}
          changed={actionDone}
          lastFailure={() => failure.current}
        />
        <SlaFacts ticket={ticket} />
      </aside>
    </div>
  );
}
