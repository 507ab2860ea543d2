import { EmptyState } from "../app/states";

export function ResponsivenessPage() {
  return <EmptyState title="Responsiveness">This page is being built.</EmptyState>;
}
