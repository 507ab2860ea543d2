import { Select } from "@fluentui/react-components";
import type { Quadrant } from "../../app/api";
import { useSession } from "../../app/session";
import { placeLabel, quadrants } from "./grid";
import type { Outcome } from "./StatusLine";

/**
 * Places someone on the influence/interest grid, or takes them off it: a select, so the keyboard and a
 * screen reader can do what dragging would. `onDone` gets what to announce (or the failure).
 */
export function useGridPlacer(onDone: (result: Outcome) => void) {
  const { api } = useSession();
  return async (person: { id: string; name: string }, place: Quadrant | "") => {
    const path = `/api/register/${encodeURIComponent(person.id)}/grid`;
    const q = quadrants.find((x) => x.quadrant === place);
    try {
      if (q) await api(path, { method: "PUT", body: { influence: q.influence, interest: q.interest } });
      else await api(path, { method: "DELETE" });
      onDone({ error: false, text: q ? `${person.name}: ${q.label}.` : `${person.name} is off the grid.` });
    } catch (error) {
      onDone({ error: true, text: `${person.name} was not moved: ${(error as Error).message}` });
    }
  };
}

export function GridSelect(props: {
  value: Quadrant | "";
  label: string;
  className?: string;
  onChange: (value: Quadrant | "") => void;
}) {
  return (
    <Select
      aria-label={props.label}
      className={props.className}
      value={props.value}
      onChange={(_e, data) => props.onChange(data.value as Quadrant | "")}
    >
      <option value="">Not on the grid</option>
      {quadrants.map((q) => (
        <option key={q.quadrant} value={q.quadrant}>
          {placeLabel(q)}
        </option>
      ))}
    </Select>
  );
}
