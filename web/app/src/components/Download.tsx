import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { savedName } from "../download-name.ts";
import { errorText } from "../errors.ts";

/**
 * A file link that says why when the file cannot be had (a file no longer stored answers 404 `file_missing`), where
 * a plain download link leaves only the browser's "Failed" in its downloads list. A plain click fetches the file
 * and saves it under its name; a modified click (new tab, "Save link as") is the browser's as before.
 */
export function Download({
  href,
  name,
  children,
}: {
  href: string;
  name?: string;
  children: ComponentChildren;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (event: MouseEvent) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setProblem(null);
    try {
      const response = await fetch(href, { credentials: "same-origin" });
      if (!response.ok) {
        const { error } = (await response.json().catch(() => ({}))) as {
          error?: { code?: string; message?: string };
        };
        throw new ApiError(response.status, error?.code ?? "error", error?.message ?? response.statusText);
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = name ?? savedName(response.headers.get("content-disposition")) ?? "";
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  return (
    <>
      <a href={href} download={name ?? true} onClick={save}>
        {children}
      </a>
      {problem && (
        <span class="field-error download-error" role="alert">
          {" "}
          {problem}
        </span>
      )}
    </>
  );
}
