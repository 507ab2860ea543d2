import { EmptyState } from "../app/states";

export function MapPage() {
  return <EmptyState title="Map">This page is being built.</EmptyState>;
}
