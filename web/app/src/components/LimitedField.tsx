import type { ComponentChildren, InputHTMLAttributes, TargetedEvent } from "preact";
import { useId, useLayoutEffect, useRef, useState } from "preact/hooks";
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
  // The validity is set at once, not in an effect after the next frame: a paste then Enter in the same moment
  // (an implicit submission) would otherwise find the field still valid and send it.
  const measure = () => {
    const said = lengthProblem(field.current?.value ?? "", max);
    field.current?.setCustomValidity(said);
    setProblem(said);
  };
  // What the field holds when it appears, and after the screen gives it another value (another item picked).
  useLayoutEffect(measure, [attrs.value, attrs.defaultValue, max]);
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
