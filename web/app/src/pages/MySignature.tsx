import { api } from "../api.ts";
import { SignatureEditor } from "../components/SignatureEditor.tsx";
import { SignatureText } from "../components/SignatureText.tsx";
import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import type { Agent } from "../types.ts";

/** The signed-in agent's reply signature: what the desk adds under each of their public replies. */
export function MySignature() {
  const { agent, setAgent } = useSession();
  return (
    <section class="my-signature" aria-labelledby="my-signature-title">
      <h1 id="my-signature-title">{t.signature.title}</h1>
      <p id="my-signature-intro">{t.signature.intro}</p>
      <SignatureEditor
        id="my-signature-text"
        initial={agent.signature}
        label={t.signature.field}
        button={t.signature.save}
        describedBy="my-signature-intro"
        save={async (text) => {
          const { data } = await api<Agent>("/me", { method: "PATCH", body: { signature: text } });
          setAgent(data);
          return { saved: data.signature, said: data.signature ? t.signature.saved : t.signature.removed };
        }}
      />
      {agent.signature && (
        <div class="signature-preview">
          <p class="muted signature-label">{t.signature.preview}</p>
          <SignatureText text={agent.signature} />
        </div>
      )}
    </section>
  );
}
