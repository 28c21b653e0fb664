import { useState } from "preact/hooks";
import { api } from "../api.ts";
import { errorText } from "../errors.ts";
import { t } from "../strings.ts";

/**
 * "Copy the customer link": a fresh signed link to the ticket's customer view, copied to the clipboard (to share
 * by phone or chat). Where the browser refuses the clipboard, the link is shown selected for copying by hand.
 */
export function CustomerLink({ ticketId }: { ticketId: string }) {
  const [status, setStatus] = useState("");
  const [manual, setManual] = useState("");
  const copy = async () => {
    setManual("");
    try {
      const { data } = await api<{ portalToken: string }>(`/tickets/${ticketId}/portal-link`, {
        method: "POST",
        body: {},
      });
      const link = `${location.origin}/ticket.html?id=${encodeURIComponent(ticketId)}#token=${data.portalToken}`;
      try {
        await navigator.clipboard.writeText(link);
        setStatus(t.ticketActions.copied);
      } catch {
        setStatus("");
        setManual(link);
      }
    } catch (error) {
      setStatus(errorText(error));
    }
  };
  return (
    <div class="customer-link">
      <button type="button" onClick={copy}>
        {t.ticketActions.copyLink}
      </button>
      {manual && (
        <label>
          {t.ticketActions.copyByHand}
          <input readOnly value={manual} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
      <p role="status" class="muted">
        {status}
      </p>
    </div>
  );
}
