import { useEffect, useState } from "preact/hooks";
import { ApiError, api } from "../../api.ts";
import { t } from "../../strings.ts";

interface Queue {
  name: string;
  count: number;
  oldestAgeSeconds: number | null;
}
interface Redriven {
  name: string;
  how: "move_task" | "copied" | "empty";
  moved: number | null;
}

const age = (seconds: number | null) => {
  if (seconds === null) return "—";
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
};

/**
 * Events that failed every retry (their worker's dead-letter queue): how many per queue and how old, and a
 * button that sends them back once the cause is fixed (the same as `npm run redrive`; safe to repeat).
 */
export function DeadLetters() {
  const [queues, setQueues] = useState<Queue[] | null>(null);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const load = async () => setQueues((await api<{ queues: Queue[] }>("/admin/dead-letters")).data.queues);
  useEffect(() => {
    load();
  }, []);
  const redrive = async () => {
    setBusy(true);
    setMessage("");
    try {
      const { data } = await api<{ results: Redriven[] }>("/admin/dead-letters/redrive", {
        method: "POST",
        body: {},
      });
      const moved = data.results.filter((r) => r.how !== "empty");
      setMessage(
        moved.length === 0
          ? "Nothing to redrive."
          : moved
              .map((r) =>
                r.how === "move_task"
                  ? `${r.name}: SQS is moving ${r.moved ?? "the"} event(s) back.`
                  : `${r.name}: ${r.moved} event(s) sent back.`,
              )
              .join(" "),
      );
      await load();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  if (!queues) return <p>{t.loading}</p>;
  const total = queues.reduce((sum, q) => sum + q.count, 0);
  return (
    <section aria-labelledby="dead-letters-title">
      <h1 id="dead-letters-title">Dead letters</h1>
      <p>
        Events a worker could not handle after every retry (spread over about 80 minutes on AWS, 20 locally).
        Fix the cause (an outage, a bad setting), then send them back: each is handled once, however often it
        is redriven.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Events waiting</th>
            <th scope="col">Oldest</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.name}>
              <td>{q.name}</td>
              <td>{q.count}</td>
              <td>{age(q.oldestAgeSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={redrive} disabled={busy || total === 0}>
          Redrive {total > 0 ? `${total} event(s)` : ""}
        </button>{" "}
        <button type="button" onClick={() => load()} disabled={busy}>
          Refresh
        </button>
      </p>
      <p role="status">{message}</p>
    </section>
  );
}
