import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { errorText } from "../../errors.ts";
import { duration, number } from "../../format.ts";
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

const age = (seconds: number | null) => (seconds === null ? "—" : duration(Math.max(1, seconds / 60)));

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
          ? t.adminDeadLetters.nothing
          : moved
              .map((r) =>
                r.how === "move_task"
                  ? r.moved === null
                    ? t.adminDeadLetters.movingAll(r.name)
                    : t.adminDeadLetters.moving(r.name, number(r.moved))
                  : t.adminDeadLetters.sentBack(r.name, number(r.moved ?? 0)),
              )
              .join(" "),
      );
      await load();
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  if (!queues) return <p>{t.loading}</p>;
  const total = queues.reduce((sum, q) => sum + q.count, 0);
  return (
    <section aria-labelledby="dead-letters-title">
      <h1 id="dead-letters-title">{t.adminArea.screens["dead-letters"]}</h1>
      <p>{t.adminDeadLetters.intro}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.adminDeadLetters.queue}</th>
            <th scope="col">{t.adminDeadLetters.waiting}</th>
            <th scope="col">{t.adminDeadLetters.oldest}</th>
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.name}>
              <td>{q.name}</td>
              <td>{number(q.count)}</td>
              <td>{age(q.oldestAgeSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={redrive} disabled={busy || total === 0}>
          {t.adminDeadLetters.redrive} {total > 0 ? t.adminDeadLetters.events(number(total)) : ""}
        </button>{" "}
        <button type="button" onClick={() => load()} disabled={busy}>
          {t.common.refresh}
        </button>
      </p>
      <p role="status">{message}</p>
    </section>
  );
}
