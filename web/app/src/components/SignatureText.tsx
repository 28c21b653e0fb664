import { SIGNATURE_DELIMITER } from "../../../../core/agent/signature.ts";
import { MessageText } from "./MessageText.tsx";

/**
 * A reply signature as the customer's mail shows it: the "-- " delimiter line, then the signature, set apart
 * from the body (muted, its own block). Links in it are links, as in a message.
 */
export function SignatureText({ text }: { text: string }) {
  return (
    <div class="signature" data-testid="signature">
      {`${SIGNATURE_DELIMITER}\n`}
      <MessageText text={text} />
    </div>
  );
}
