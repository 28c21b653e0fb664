import { useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { type SignedIn, signIn } from "../session.ts";
import { t } from "../strings.ts";

export function Login({ onSignedIn }: { onSignedIn: (signedIn: SignedIn) => void }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const expired = new URLSearchParams(window.location.search).has("expired");
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError("");
    try {
      onSignedIn(await signIn(String(form.get("email")), String(form.get("password"))));
    } catch (failure) {
      // Only a refused password reads "wrong email or password": a lockout or a desk that does not answer says so.
      const status = failure instanceof ApiError ? failure.status : 0;
      setError(
        status === 429
          ? t.journey.signInLimited
          : status === 0
            ? t.journey.signInUnreachable
            : status >= 500
              ? t.error
              : t.signInFailed,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <h1>{t.appName}</h1>
      {expired && <p role="status">{t.sessionExpired}</p>}
      <form onSubmit={submit}>
        <label>
          {t.email}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t.signIn}
        </button>
      </form>
    </main>
  );
}
