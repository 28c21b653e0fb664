/**
 * The `<option>`s of a select from `{ value: label }` (an optional first "none" choice with value ""), the one
 * `selected` chosen at first in a form read on submit.
 */
export function Options({
  entries,
  none,
  selected,
}: {
  entries: Record<string, string>;
  none?: string;
  selected?: string;
}) {
  return (
    <>
      {none !== undefined && <option value="">{none}</option>}
      {Object.entries(entries).map(([value, label]) => (
        <option key={value} value={value} selected={value === selected}>
          {label}
        </option>
      ))}
    </>
  );
}
