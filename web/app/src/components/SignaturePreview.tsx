import { useSession } from "../session.ts";
import { t } from "../strings.ts";
import { SignatureText } from "./SignatureText.tsx";

/**
 * Under the reply composer: the signature the desk will add, so the agent never types it, and a link to change
 * it. Nothing for an agent without one (the top bar's "My signature" sets one).
 */
export function SignaturePreview() {
  const { agent } = useSession();
  if (!agent.signature) return null;
  return (
    <div class="composer-signature">
      <p class="muted signature-label">{t.signature.preview}</p>
      <SignatureText text={agent.signature} />
      <a href="/app/me">{t.signature.edit}</a>
    </div>
  );
}
