import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { ApiError } from "../../app/api";
import { useSession } from "../../app/session";
import { InlineError } from "../../ui/InlineError";
import { Section } from "./Section";

/** What each table of DELETE /api/my-data's answer holds, in plain words (singular, plural). */
const deletedLabels: Record<string, [string, string]> = {
  mail_messages: ["message (metadata)", "messages (metadata)"],
  calendar_events: ["calendar event (metadata)", "calendar events (metadata)"],
  stakeholder_groups: ["group", "groups"],
  group_edits: ["change to your groups", "changes to your groups"],
  stakeholder_notes: ["note or sentiment tag", "notes and sentiment tags"],
  app_users: ["account record with your preferences", "account records with your preferences"],
  sync_state: ["sync progress record", "sync progress records"],
  sync_errors: ["sync error record", "sync error records"],
  people_mailbox_settings: ["copy of your working hours", "copies of your working hours"],
};

export function describeDeleted(deleted: Record<string, number>): string[] {
  const known = Object.keys(deletedLabels).filter((k) => k in deleted);
  const rest = Object.keys(deleted).filter((k) => !(k in deletedLabels));
  // Empty tables are left out, except the synced mail and calendar (what people want to see gone).
  const shown = [...known, ...rest].filter(
    (key) => (deleted[key] ?? 0) > 0 || key === "mail_messages" || key === "calendar_events",
  );
  return shown.map((key) => {
    const n = deleted[key] ?? 0;
    const [one, many] = deletedLabels[key] ?? [key.replaceAll("_", " "), key.replaceAll("_", " ")];
    return `${n.toLocaleString()} ${n === 1 ? one : many}`;
  });
}

const useStyles = makeStyles({
  danger: {
    backgroundColor: tokens.colorStatusDangerBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorStatusDangerBorder2}`,
    ":hover": {
      backgroundColor: tokens.colorStatusDangerBackground3Hover,
      color: tokens.colorNeutralForegroundOnBrand,
    },
    ":hover:active": {
      backgroundColor: tokens.colorStatusDangerBackground3Pressed,
      color: tokens.colorNeutralForegroundOnBrand,
    },
  },
  row: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalL },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, "& > p": { margin: 0 } },
  bullets: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

type Phase =
  | { state: "confirm"; error: string | null }
  | { state: "deleting" }
  | { state: "deleted"; lines: string[] };

/**
 * "Delete my data": a confirmation that says exactly what goes, then DELETE /api/my-data; on success the
 * counts, then sign-out (staying signed in would start a new sync and store data again).
 */
export function DeleteMyData() {
  const styles = useStyles();
  const { api, signOut } = useSession();
  const [open, setOpen] = useState(false);
  const [phase, setPhase] = useState<Phase>({ state: "confirm", error: null });

  const [leaving, setLeaving] = useState<"no" | "closing" | "closed">("no");
  // Sign out only once the dialog has closed: a modal dialog hides the rest of the page from assistive
  // technology while open, and unmounting it open (the whole tab goes on sign-out) would leave it hidden.
  const leave = () => {
    setOpen(false);
    setLeaving("closing");
  };
  useEffect(() => {
    if (leaving === "no") return;
    const timer = setTimeout(signOut, leaving === "closed" ? 0 : 1500);
    return () => clearTimeout(timer);
  }, [leaving, signOut]);

  const onOpenChange = (next: boolean) => {
    if (phase.state === "deleting") return;
    if (!next && phase.state === "deleted") return leave();
    setOpen(next);
    if (next) setPhase({ state: "confirm", error: null });
  };
  const remove = async () => {
    setPhase({ state: "deleting" });
    try {
      const { deleted } = await api<{ deleted: Record<string, number> }>("/api/my-data", {
        method: "DELETE",
      });
      setPhase({ state: "deleted", lines: describeDeleted(deleted) });
    } catch (error) {
      setPhase({
        state: "confirm",
        error:
          error instanceof ApiError && error.status === 409
            ? "A sync is running, try again in a minute."
            : (error as Error).message,
      });
    }
  };

  return (
    <Section
      title="Delete my data"
      danger
      lead="Removes everything Orbit stores about you. Your mailbox and calendar are not touched."
    >
      <div className={styles.row}>
        <Dialog
          open={open}
          modalType="alert"
          onOpenChange={(_e, data) => onOpenChange(data.open)}
          surfaceMotion={{
            onMotionFinish: (_e, data) => {
              if (data.direction === "exit" && leaving === "closing") setLeaving("closed");
            },
          }}
        >
          <DialogTrigger disableButtonEnhancement>
            <Button className={styles.danger}>Delete my data…</Button>
          </DialogTrigger>
          <DialogSurface>
            <DialogBody>
              {phase.state === "deleted" ? (
                <>
                  <DialogTitle>Your Orbit data is deleted</DialogTitle>
                  <DialogContent className={styles.content}>
                    <Body1 as="p">Orbit deleted:</Body1>
                    <ul className={styles.bullets}>
                      {phase.lines.map((line) => (
                        <li key={line}>
                          <Body1>{line}</Body1>
                        </li>
                      ))}
                    </ul>
                    <Body1 as="p">
                      Next, Orbit signs you out so that nothing is synced again. If you open Orbit again, it
                      starts a new sync of your mail and calendar metadata.
                    </Body1>
                  </DialogContent>
                  <DialogActions>
                    <Button appearance="primary" onClick={leave}>
                      Sign out
                    </Button>
                  </DialogActions>
                </>
              ) : (
                <>
                  <DialogTitle>Delete all your Orbit data?</DialogTitle>
                  <DialogContent className={styles.content}>
                    <Body1 as="p">This deletes, for good, everything Orbit keeps about you:</Body1>
                    <ul className={styles.bullets}>
                      <li>
                        <Body1>the synced metadata of your mail and calendar, and your sync progress</Body1>
                      </li>
                      <li>
                        <Body1>your stakeholder groups and every change you made to them</Body1>
                      </li>
                      <li>
                        <Body1>your notes and sentiment tags about people</Body1>
                      </li>
                      <li>
                        <Body1>your preferences, including the people you hid from your map</Body1>
                      </li>
                    </ul>
                    <Body1 as="p">
                      It cannot be undone. Your mail and calendar in Microsoft 365 stay as they are. Orbit
                      then signs you out; opening Orbit again starts a new sync.
                    </Body1>
                    {phase.state === "confirm" && phase.error && (
                      <InlineError title="Nothing was deleted" message={phase.error} />
                    )}
                  </DialogContent>
                  <DialogActions>
                    <DialogTrigger disableButtonEnhancement>
                      <Button disabled={phase.state === "deleting"}>Cancel</Button>
                    </DialogTrigger>
                    <Button
                      className={styles.danger}
                      disabled={phase.state === "deleting"}
                      onClick={() => void remove()}
                    >
                      {phase.state === "deleting" ? "Deleting…" : "Delete my data"}
                    </Button>
                  </DialogActions>
                </>
              )}
            </DialogBody>
          </DialogSurface>
        </Dialog>
      </div>
    </Section>
  );
}
