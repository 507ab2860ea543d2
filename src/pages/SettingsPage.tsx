import { EmptyState } from "../app/states";

export function SettingsPage() {
  return <EmptyState title="Settings">This page is being built.</EmptyState>;
}
