import { Button } from "@fluentui/react-components";
import type { GroupEditor } from "./useGroupEditor";

/** Takes back the newest edit (DELETE /api/groups/edits/last); says so when there is none. */
export function UndoButton(props: { editor: GroupEditor }) {
  return (
    <Button disabled={props.editor.busy} onClick={() => void props.editor.undo()}>
      Undo last change
    </Button>
  );
}
