import { useState } from "preact/hooks";
import { MAX_SIGNATURE_CHARS } from "../../../../core/agent/signature.ts";
import { ApiError, api } from "../api.ts";
import { SignatureText } from "../components/SignatureText.tsx";
import { errorText } from "../errors.ts";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import type { Agent } from "../types.ts";

/** The signed-in agent's reply signature: what the desk adds under each of their public replies. */
export function MySignature() {
  const { agent, setAgent } = useSession();
  const [text, setText] = useState(agent.signature);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  const [done, setDone] = useState("");
  const save = async () => {
    setBusy(true);
    setProblem("");
    setDone("");
    try {
      const { data } = await api<Agent>("/me", { method: "PATCH", body: { signature: text } });
      setAgent(data);
      setText(data.signature);
      setDone(data.signature ? t.signature.saved : t.signature.removed);
    } catch (error) {
      setProblem((error instanceof ApiError && t.signature.errors[error.code]) || errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="my-signature" aria-labelledby="my-signature-title">
      <h1 id="my-signature-title">{t.signature.title}</h1>
      <p id="my-signature-intro">{t.signature.intro}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label for="my-signature-text">{t.signature.field}</label>
        <textarea
          id="my-signature-text"
          rows={6}
          value={text}
          aria-describedby="my-signature-intro my-signature-count"
          aria-invalid={problem ? true : undefined}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setDone("");
          }}
        />
        <p id="my-signature-count" class="muted">
          {t.signature.count(text.length, MAX_SIGNATURE_CHARS)}
        </p>
        {problem && (
          <p role="alert" class="error">
            {problem}
          </p>
        )}
        {done && <p role="status">{done}</p>}
        <button type="submit" disabled={busy}>
          {t.signature.save}
        </button>
      </form>
      {agent.signature && (
        <div class="signature-preview">
          <p class="muted signature-label">{t.signature.preview}</p>
          <SignatureText text={agent.signature} />
        </div>
      )}
    </section>
  );
}
