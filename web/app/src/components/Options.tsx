/** The `<option>`s of a select from `{ value: label }` (an optional first "none" choice with value ""). */
export function Options({ entries, none }: { entries: Record<string, string>; none?: string }) {
  return (
    <>
      {none !== undefined && <option value="">{none}</option>}
      {Object.entries(entries).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </>
  );
}
