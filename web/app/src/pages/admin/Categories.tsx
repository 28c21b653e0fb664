import { useEffect, useState } from "preact/hooks";
import { api } from "../../api.ts";
import { t } from "../../strings.ts";
import type { Team } from "../../types.ts";
import { ApiForm, list, text } from "./form.tsx";

type Category = { id: string; name: string; defaultTeam: string | null; keywords: string[] };

/** Categories with their keyword rules (English and French) and the team they route to. */
export function Categories() {
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
  return (
    <section aria-labelledby="categories-title">
      <h1 id="categories-title">{t.adminArea.screens.categories}</h1>
      {categories.map((category) => (
        <ApiForm
          key={category.id}
          label={t.adminCategories.formLabel(category.name)}
          button={t.common.saveThis(category.name)}
          submit={async (form) => {
            await api(`/admin/categories/${category.id}`, {
              method: "PATCH",
              body: {
                name: text(form, "name"),
                defaultTeam: text(form, "defaultTeam") || undefined,
                keywords: list(text(form, "keywords")),
              },
            });
            await load();
            return t.common.savedThis(category.name);
          }}
        >
          <fieldset>
            <legend>
              <code>{category.id}</code>
            </legend>
            <label>
              {t.common.name} <input name="name" value={category.name} required />
            </label>
            <label>
              {t.adminCategories.defaultTeam}
              <select name="defaultTeam" value={category.defaultTeam ?? ""}>
                <option value="">{t.none}</option>
                {teams.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t.adminCategories.keywordsBoth}
              <textarea name="keywords" rows={2} value={category.keywords.join(", ")} />
            </label>
          </fieldset>
        </ApiForm>
      ))}
      <h2>{t.adminCategories.newCategory}</h2>
      <ApiForm
        label={t.adminCategories.newCategory}
        button={t.adminCategories.create}
        submit={async (form) => {
          await api("/admin/categories", {
            method: "POST",
            body: { id: text(form, "id"), name: text(form, "name"), keywords: list(text(form, "keywords")) },
          });
          await load();
          return t.adminCategories.created;
        }}
      >
        <label>
          {t.adminCategories.id} <input name="id" required />
        </label>
        <label>
          {t.adminCategories.name} <input name="name" required />
        </label>
        <label>
          {t.adminCategories.keywords} <input name="keywords" />
        </label>
      </ApiForm>
    </section>
  );
}
