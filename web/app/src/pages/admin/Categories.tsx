import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { LimitedField } from "../../components/LimitedField.tsx";
import { LIMITS } from "../../limits.ts";
import { localName } from "../../names.ts";
import { t } from "../../strings.ts";
import type { Team } from "../../types.ts";
import { ApiForm, createNamed, list, text } from "./form.tsx";

type Category = {
  id: string;
  name: string;
  nameFr?: string | null;
  defaultTeam: string | null;
  keywords: string[];
};

/** Categories with their keyword rules (English and French) and the team they route to. */
export function Categories() {
  const s = t.admin.categories;
  const [categories, setCategories] = useState<Category[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const load = async () => {
    const [c, tm] = await Promise.all([
      api<{ items: Category[] }>("/categories"),
      api<{ items: Team[] }>("/teams"),
    ]);
    setCategories(c.data.items);
    setTeams(tm.data.items);
  };
  useEffect(() => {
    load();
  }, []);
  const labels = {
    id: s.createName,
    name: s.name,
    nameFr: s.nameFr,
    defaultTeam: s.defaultTeam,
    keywords: s.keywords,
  };
  return (
    <section aria-labelledby="categories-title">
      <h1 id="categories-title">{t.admin.screens.categories![0]}</h1>
      {categories.map((category) => (
        <ApiForm
          key={category.id}
          label={localName(category)}
          button={s.saveOne(localName(category))}
          labels={labels}
          submit={async (form) => {
            const name = text(form, "name");
            // The help center's heading on /fr/help; left empty, the name is used there too.
            const nameFr = text(form, "nameFr");
            await api(`/admin/categories/${category.id}`, {
              method: "PATCH",
              body: {
                name,
                ...(nameFr ? { nameFr } : {}),
                // null: no default team any more (left out, the old one would stay).
                defaultTeam: text(form, "defaultTeam") || null,
                keywords: list(text(form, "keywords")),
              },
            });
            await load();
            return s.savedOne(name);
          }}
        >
          <fieldset>
            <legend>{localName(category)}</legend>
            <LimitedField
              label={s.name}
              max={LIMITS.directoryName}
              name="name"
              defaultValue={category.name}
              required
            />
            <LimitedField
              label={s.nameFr}
              max={LIMITS.directoryName}
              name="nameFr"
              defaultValue={category.nameFr ?? ""}
            />
            <label>
              {s.defaultTeam}
              <select name="defaultTeam">
                <option value="">{t.admin.none}</option>
                {teams.map((team) => (
                  <option key={team.id} value={team.id} selected={team.id === category.defaultTeam}>
                    {localName(team)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {s.keywords}
              <textarea name="keywords" rows={2} defaultValue={category.keywords.join(", ")} />
            </label>
          </fieldset>
        </ApiForm>
      ))}
      <h2>{s.create}</h2>
      <ApiForm
        label={s.create}
        button={s.createButton}
        labels={labels}
        reset
        submit={async (form) => {
          const name = text(form, "name");
          await createNamed(name, (id) =>
            api("/admin/categories", {
              method: "POST",
              body: { id, name, keywords: list(text(form, "keywords")) },
            }),
          );
          await load();
          return s.created;
        }}
      >
        <LimitedField label={s.createName} max={LIMITS.directoryName} name="name" required />
        <label>
          {s.keywords} <input name="keywords" />
        </label>
      </ApiForm>
    </section>
  );
}
