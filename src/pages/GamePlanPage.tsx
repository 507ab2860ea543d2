import { Body1, MessageBar, MessageBarBody, MessageBarTitle, Title3 } from "@fluentui/react-components";
import { type ReactNode, useEffect, useMemo, useRef } from "react";
import type { GamePlanAction, GroupMix, RegisterEntry } from "../app/api";
import { useReport } from "../app/report";
import { ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { plural } from "../ui/format";
import { usePageStyles } from "../ui/page";
import type { ActionTarget } from "./gameplan/ActionDialog";
import { ActionsSection } from "./gameplan/ActionsSection";
import { ExportBar } from "./gameplan/ExportBar";
import { GroupMixSection } from "./gameplan/GroupMixSection";
import { InfluenceGrid } from "./gameplan/InfluenceGrid";
import { RegisterSection } from "./gameplan/RegisterSection";

type Actions = { actions: GamePlanAction[] };
type Register = { register: RegisterEntry[] };
type Mixes = { window: { days: number }; groups: GroupMix[] };

/**
 * Game plan: the actions you keep per group or person (due and overdue first), the stakeholder register
 * with its baselines, each group's sentiment mix, the influence/interest grid, and the export.
 */
export function GamePlanPage() {
  const layout = usePageStyles();
  const actions = useResource<Actions>("/api/actions");
  const register = useResource<Register>("/api/register");
  const mixes = useResource<Mixes>("/api/register/groups");
  const report = useReport();

  // Groups (and the names actions and the register show for them) come from the last report run: when the
  // report reloads after a sync, read them again. A ref, so the effect runs on a new report only.
  const reloadAll = useRef(() => {});
  reloadAll.current = () => {
    for (const r of [actions, register, mixes]) if (r.state !== "loading") r.reload();
  };
  const reportValue = report.state === "ready" ? report.value : undefined;
  useEffect(() => {
    if (reportValue) reloadAll.current();
  }, [reportValue]);

  const groups = mixes.state === "ready" ? mixes.value.groups : undefined;
  const entries = register.state === "ready" ? register.value.register : undefined;
  const stakeholders = reportValue?.stakeholders;
  // Anyone you work with (the report's stakeholders) or have rated can have an action or a grid place.
  const people = useMemo<ActionTarget[]>(() => {
    const byId = new Map<string, ActionTarget>();
    for (const s of stakeholders ?? []) byId.set(s.id, { kind: "person", id: s.id, name: s.displayName });
    for (const e of entries ?? []) byId.set(e.personId, { kind: "person", id: e.personId, name: e.name });
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [stakeholders, entries]);
  const targets = useMemo<ActionTarget[]>(
    () => [
      ...(groups ?? []).map((g): ActionTarget => ({ kind: "group", id: g.id, name: g.name })),
      ...people,
    ],
    [groups, people],
  );

  const heading = (
    <div className={layout.intro}>
      <div className={layout.heading}>
        <Title3 as="h2" id="gameplan-title">
          Game plan
        </Title3>
        <Body1 as="p" className={layout.lead}>
          Your register of stakeholders and the actions you take for them. Only you see it; take it away as a
          workbook or CSV.
        </Body1>
      </div>
      <ExportBar />
    </div>
  );

  const failed = [actions, register, mixes].find((r) => r.state === "error");
  let body: ReactNode;
  if (failed?.state === "error")
    body = (
      <ErrorState
        title="Your game plan could not be loaded"
        message={failed.message}
        onRetry={failed.reload}
      />
    );
  else if (actions.state !== "ready" || register.state !== "ready" || mixes.state !== "ready")
    body = <Loading label="Loading your game plan…" />;
  else {
    const all = actions.value.actions;
    const overdue = all.filter((a) => a.dueState === "overdue").length;
    const soon = all.filter((a) => a.dueState === "soon").length;
    const reloadRegister = () => {
      register.reload();
      mixes.reload();
    };
    body = (
      <>
        {(overdue > 0 || soon > 0) && (
          <MessageBar intent={overdue > 0 ? "warning" : "info"} layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Due</MessageBarTitle>
              {[
                overdue > 0 && `${plural(overdue, "action")} overdue`,
                soon > 0 && `${plural(soon, "action")} due in the next 7 days`,
              ]
                .filter(Boolean)
                .join(", ")}
              .
            </MessageBarBody>
          </MessageBar>
        )}
        <ActionsSection actions={actions.value.actions} targets={targets} onChanged={actions.reload} />
        <RegisterSection register={register.value.register} onChanged={reloadRegister} />
        <GroupMixSection groups={mixes.value.groups} days={mixes.value.window.days} />
        <InfluenceGrid register={register.value.register} people={people} onChanged={reloadRegister} />
      </>
    );
  }

  return (
    <section className={layout.page} aria-labelledby="gameplan-title">
      {heading}
      {body}
    </section>
  );
}
