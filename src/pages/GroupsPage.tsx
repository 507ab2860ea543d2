import { EmptyState } from "../app/states";

export function GroupsPage() {
  return <EmptyState title="Groups">This page is being built.</EmptyState>;
}
