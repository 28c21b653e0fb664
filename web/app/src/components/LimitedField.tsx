import type { ComponentChildren, InputHTMLAttributes, TargetedEvent } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { lengthProblem } from "../limits.ts";

type FieldElement = HTMLInputElement & HTMLTextAreaElement;

/**
 * A labelled text field held to one of the server's limits (limits.ts). Past it, the field says so under itself
 * as one types, and its form does not send (the field's custom validity); what was typed or pasted stays whole,
 * where a maxlength cut it without a word. `rows` makes it a textarea.
 */
export function LimitedField({
  label,
  max,
  rows,
  onInput,
  ...attrs
}: {
  label: ComponentChildren;
  max: number;
  rows?: number;
  onInput?: (event: TargetedEvent<FieldElement, Event>) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "label" | "max" | "maxLength" | "rows" | "onInput">) {
  const field = useRef<FieldElement>(null);
  const [problem, setProblem] = useState("");
  const measure = () => setProblem(lengthProblem(field.current?.value ?? "", max));
  // What the field holds when it appears, and after the screen gives it another value (another item picked).
  useEffect(measure, [attrs.value, attrs.defaultValue, max]);
  useEffect(() => field.current?.setCustomValidity(problem), [problem]);
  const id = useId();
  const fieldId = attrs.id ?? `${id}-field`;
  const problemId = `${id}-too-long`;
  const props = {
    ...attrs,
    id: fieldId,
    ref: field,
    "aria-invalid": problem ? ("true" as const) : attrs["aria-invalid"],
    "aria-describedby":
      [attrs["aria-describedby"], problem && problemId].filter(Boolean).join(" ") || undefined,
    onInput: (event: TargetedEvent<FieldElement, Event>) => {
      measure();
      onInput?.(event);
    },
  };
  return (
    <>
      <label for={fieldId}>
        {label} {rows ? <textarea rows={rows} {...(props as object)} /> : <input {...(props as object)} />}
      </label>
      {problem && (
        <p id={problemId} role="alert" class="error">
          {problem}
        </p>
      )}
    </>
  );
}
