import { EmptyState } from "../app/states";

export function TaskPane() {
  return <EmptyState title="Orbit">The Outlook task pane is being built.</EmptyState>;
}
