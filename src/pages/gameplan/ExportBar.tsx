import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { useSession } from "../../app/session";
import { useFeature } from "../settings/usePreferences";
import { downloadFile } from "./download";
import { StatusLine } from "./StatusLine";

/** The export's sheets, as `/api/export/<slug>.csv` names them (server/workflow/sheets.ts). */
const sheets = [
  { slug: "register", label: "Register" },
  { slug: "groups", label: "Groups" },
  { slug: "game-plan", label: "Game plan" },
  { slug: "responsiveness", label: "Responsiveness" },
] as const;

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
});

type State = { kind: "idle" } | { kind: "busy"; what: string } | { kind: "done" | "error"; text: string };

/** "Download workbook (.xlsx)" and each sheet as CSV, with what is happening said aloud. */
export function ExportBar() {
  const styles = useStyles();
  const { token } = useSession();
  const [state, setState] = useState<State>({ kind: "idle" });
  const busy = state.kind === "busy";
  const exportOn = useFeature("export");

  const download = async (path: string, what: string, fallbackName: string) => {
    setState({ kind: "busy", what });
    try {
      const name = await downloadFile(path, token, fallbackName);
      setState({ kind: "done", text: `Downloaded ${name}.` });
    } catch (error) {
      setState({ kind: "error", text: `${what} could not be downloaded: ${(error as Error).message}` });
    }
  };

  if (!exportOn) return <Text>Downloads: your organisation has turned this off.</Text>;
  return (
    <div className={styles.bar}>
      <Button
        appearance="primary"
        disabled={busy}
        onClick={() => download("/api/export.xlsx", "The workbook", "orbit-workflow.xlsx")}
      >
        Download workbook (.xlsx)
      </Button>
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button disabled={busy}>Download CSV</Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            {sheets.map((s) => (
              <MenuItem
                key={s.slug}
                onClick={() =>
                  download(`/api/export/${s.slug}.csv`, `The ${s.label} sheet`, `orbit-${s.slug}.csv`)
                }
              >
                {s.label} (.csv)
              </MenuItem>
            ))}
          </MenuList>
        </MenuPopover>
      </Menu>
      <StatusLine error={state.kind === "error"}>
        {busy ? (
          <Spinner size="extra-tiny" label={`Preparing ${state.what.replace(/^The /, "the ")}…`} />
        ) : state.kind === "idle" ? (
          ""
        ) : (
          state.text
        )}
      </StatusLine>
    </div>
  );
}
