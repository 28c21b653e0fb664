import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { t } from "../../strings.ts";
import { describeError, TableScroll } from "./form.tsx";

/** A worker as the admin reads it ("Accusés de réception"), not its queue's name ("Acknowledge"). */
const workerName = (queue: string) =>
  t.journey.workers[queue] ?? (queue === "outbox" ? t.sendUnconfirmed.outboxWorker : queue);

interface Queue {
  name: string;
  count: number;
  oldestAgeSeconds: number | null;
  reason?: string | null;
}
interface Redriven {
  name: string;
  how: "invoked" | "empty";
  moved: number;
}

/** A recorded error can run to 1,000 characters: the cell shows its start, the whole is in its title. */
const shortReason = (reason: string | null | undefined) =>
  !reason ? "—" : reason.length > 160 ? `${reason.slice(0, 160)}…` : reason;

const age = (seconds: number | null) => {
  if (seconds === null) return "—";
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return t.admin.deadLetters.days(Math.round(seconds / 86_400));
};

/**
 * Events that failed every retry (their worker's dead-letter queue): how many per queue and how old, and a
 * button that sends them back once the cause is fixed (the same as `npm run redrive`; safe to repeat).
 */
export function DeadLetters() {
  const [queues, setQueues] = useState<Queue[] | null>(null);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const load = async () => setQueues((await api<{ queues: Queue[] }>("/admin/dead-letters")).data.queues);
  useEffect(() => {
    load();
  }, []);
  const s = t.admin.deadLetters;
  const redrive = async () => {
    setBusy(true);
    setError("");
    setMessage("");
    try {
      const { data } = await api<{ results: Redriven[]; remaining?: boolean }>(
        "/admin/dead-letters/redrive",
        { method: "POST", body: {} },
      );
      const moved = data.results.filter((r) => r.how !== "empty");
      const sent =
        moved.length === 0 ? s.nothing : moved.map((r) => s.sent(workerName(r.name), r.moved)).join(" ");
      setMessage(data.remaining ? `${sent} ${t.deadLetterRedrive.remaining}` : sent);
      await load();
    } catch (error) {
      setMessage("");
      setError(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  if (!queues) return <p>{t.loading}</p>;
  const total = queues.reduce((sum, q) => sum + q.count, 0);
  return (
    <section aria-labelledby="dead-letters-title">
      <h1 id="dead-letters-title">{t.admin.screens["dead-letters"]![0]}</h1>
      <p>{s.intro}</p>
      <TableScroll label={t.admin.screens["dead-letters"]![0]}>
        <table>
          <thead>
            <tr>
              <th scope="col">{s.queue}</th>
              <th scope="col">{s.waiting}</th>
              <th scope="col">{s.oldest}</th>
              <th scope="col">{t.sendUnconfirmed.reason}</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.name}>
                <td>{workerName(q.name)}</td>
                <td>{q.count}</td>
                <td>{age(q.oldestAgeSeconds)}</td>
                <td class="reason" title={q.reason ?? undefined}>
                  {q.count > 0 ? shortReason(q.reason) : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>
        <button type="button" onClick={redrive} disabled={busy || total === 0}>
          {s.redrive(total)}
        </button>{" "}
        <button type="button" onClick={() => load()} disabled={busy}>
          {s.refresh}
        </button>
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <p role="status">{message}</p>
    </section>
  );
}
