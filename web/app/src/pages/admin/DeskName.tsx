import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "../../api.ts";
import { LimitedField } from "../../components/LimitedField.tsx";
import { errorText } from "../../errors.ts";
import { LIMITS } from "../../limits.ts";
import { t } from "../../strings.ts";

interface DeskNameSetting {
  name: string | null;
  nameFr: string | null;
  aliases: string[];
  mailFrom: string;
  signs: { en: string; fr: string };
  deployDefault: { en: string; fr: string };
  version: number;
}

/** The server's codes for a refused save, in the admin's language (its own messages are English). */
function refusal(error: unknown): string {
  const s = t.deskName;
  if (!(error instanceof ApiError)) return s.failed;
  if (error.code === "invalid_desk_name") return s.invalid;
  if (error.code === "stale_version") return s.stale;
  return errorText(error);
}

/**
 * The admin home's "Desk" section: the name every mail is signed and sent with (and its French form). Saved with
 * If-Match on the version it showed, so two admins naming the desk at once do not overwrite each other unseen.
 */
export function DeskNameSection() {
  const s = t.deskName;
  const [setting, setSetting] = useState<DeskNameSetting | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [error, setError] = useState("");
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const load = async () => {
    const { data, etag } = await api<DeskNameSetting>("/admin/desk");
    setSetting(data);
    setEtag(etag);
  };
  useEffect(() => {
    load().catch((failure) => setError(refusal(failure)));
  }, []);
  if (!setting) return error ? <p role="alert">{error}</p> : <p class="loading">{t.loading}</p>;
  return (
    <section aria-labelledby="desk-name-title" class="desk-name">
      <h2 id="desk-name-title">{s.title}</h2>
      <p>{s.intro}</p>
      <form
        class="stack"
        aria-label={s.title}
        onSubmit={async (event) => {
          event.preventDefault();
          if (running.current) return;
          running.current = true;
          setBusy(true);
          setError("");
          setStatus("");
          const form = new FormData(event.currentTarget as HTMLFormElement);
          const field = (name: string) => String(form.get(name) ?? "").trim() || null;
          try {
            const { data, etag: next } = await api<DeskNameSetting>("/admin/desk", {
              method: "PUT",
              body: {
                name: field("name"),
                nameFr: field("nameFr"),
                aliases: String(form.get("aliases") ?? "")
                  .split(/[\s,;]+/)
                  .filter(Boolean),
              },
              ifMatch: etag ?? undefined,
            });
            setSetting(data);
            setEtag(next);
            setStatus(s.saved);
          } catch (failure) {
            setError(refusal(failure));
          } finally {
            running.current = false;
            setBusy(false);
          }
        }}
      >
        <LimitedField
          label={s.name}
          max={LIMITS.deskName}
          name="name"
          defaultValue={setting.name ?? ""}
          placeholder={setting.deployDefault.en}
          aria-describedby="desk-name-hint"
        />
        <LimitedField
          label={s.nameFr}
          max={LIMITS.deskName}
          name="nameFr"
          defaultValue={setting.nameFr ?? ""}
          placeholder={setting.name ?? setting.deployDefault.fr}
        />
        <p id="desk-name-hint" class="hint">
          {s.hint}
        </p>
        <p>{s.signsNow(setting.signs.en, setting.signs.fr)}</p>
        <label>
          {s.aliases}
          <textarea
            name="aliases"
            rows={4}
            defaultValue={setting.aliases.join("\n")}
            aria-describedby="desk-aliases-hint"
            autocomplete="off"
            spellcheck={false}
          />
        </label>
        <p id="desk-aliases-hint" class="hint">
          {s.aliasesHint(setting.mailFrom)}
        </p>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <p role="status">{status}</p>
        <button type="submit" disabled={busy}>
          {s.save}
        </button>
      </form>
    </section>
  );
}
