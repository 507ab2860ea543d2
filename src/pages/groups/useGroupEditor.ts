import { useCallback, useState } from "react";
import type { GroupEditRequest } from "../../../server/analysis/group-edits";
import { ApiError, type Report, type ReportGroup } from "../../app/api";
import { useReport } from "../../app/report";
import { useSession } from "../../app/session";

export type { GroupEditRequest };

export interface EditStatus {
  intent: "success" | "error" | "info";
  title: string;
  text: string;
  /** Whether the message offers "Undo" (after a change that went through). */
  undoable: boolean;
  /**
   * Whether the message takes the focus: after a change made outside a dialog, the control that made it
   * may be gone (a moved person's menu, the Accept button), so the keyboard continues from the message.
   */
  focus: boolean;
}

export interface GroupEditor {
  /** The groups to show: the server's answer to the last edit until the reloaded report arrives. */
  groups: ReportGroup[];
  busy: boolean;
  status: EditStatus | null;
  dismiss(): void;
  /**
   * Posts one edit. Success: shows `success` and reloads the report. Failure: answers the server's
   * message (a 409 says why the change cannot apply), shown on the page unless `inline` (a dialog shows it).
   */
  apply(edit: GroupEditRequest, success: string, options?: { inline?: boolean }): Promise<string | null>;
  undo(): Promise<void>;
}

/** Group edits against the API, with the page's success and failure messages. */
export function useGroupEditor(report: Report): GroupEditor {
  const { api } = useSession();
  const { reload } = useReport();
  const [answer, setAnswer] = useState<{ base: Report; groups: ReportGroup[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<EditStatus | null>(null);

  const settle = useCallback(
    (groups: ReportGroup[]) => {
      // Shown at once; replaced when the reloaded report (a new object) arrives.
      setAnswer({ base: report, groups });
      reload();
    },
    [report, reload],
  );

  const apply = useCallback<GroupEditor["apply"]>(
    async (edit, success, options = {}) => {
      setBusy(true);
      try {
        const { groups } = await api<{ groups: ReportGroup[] }>("/api/groups/edits", { body: edit });
        settle(groups);
        setStatus({
          intent: "success",
          title: "Done",
          text: success,
          undoable: true,
          focus: !options.inline,
        });
        return null;
      } catch (error) {
        const message = (error as Error).message;
        if (!options.inline)
          setStatus({
            intent: "error",
            title: error instanceof ApiError && error.status === 409 ? "Not changed" : "Could not save",
            text: message,
            undoable: false,
            focus: true,
          });
        return message;
      } finally {
        setBusy(false);
      }
    },
    [api, settle],
  );

  const undo = useCallback(async () => {
    setBusy(true);
    try {
      const { groups } = await api<{ groups: ReportGroup[] }>("/api/groups/edits/last", { method: "DELETE" });
      settle(groups);
      setStatus({
        intent: "success",
        title: "Undone",
        text: "Your last change was taken back.",
        undoable: false,
        focus: true,
      });
    } catch (error) {
      const nothing = error instanceof ApiError && error.status === 404;
      setStatus({
        intent: nothing ? "info" : "error",
        title: nothing ? "Nothing to undo" : "Could not undo",
        text: nothing ? "You have not changed your groups yet." : (error as Error).message,
        undoable: false,
        focus: true,
      });
    } finally {
      setBusy(false);
    }
  }, [api, settle]);

  return {
    groups: answer && answer.base === report ? answer.groups : report.groups,
    busy,
    status,
    dismiss: useCallback(() => setStatus(null), []),
    apply,
    undo,
  };
}
