import {
  Caption1,
  makeStyles,
  mergeClasses,
  shorthands,
  ToggleButton,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useId, useState } from "react";
import type { Sentiment, StakeholderNote } from "../app/api";
import { useSession } from "../app/session";
import { StatusLine } from "../pages/gameplan/StatusLine";
import { SentimentIcon, sentimentLabel, sentimentOrder } from "../ui/sentiment";

const choices = sentimentOrder.filter((s) => s !== "unknown");

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  label: { fontWeight: tokens.fontWeightSemibold, margin: 0 },
  row: { display: "flex", gap: tokens.spacingHorizontalXS, flexWrap: "wrap" },
  button: { flexGrow: 1, minWidth: "88px" },
  // The chosen tag in its colour: green, grey or red.
  advocate: {
    backgroundColor: tokens.colorPaletteGreenBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ...shorthands.borderColor(tokens.colorPaletteGreenBorderActive),
    ":hover": {
      backgroundColor: tokens.colorPaletteGreenForeground1,
      color: tokens.colorNeutralForegroundOnBrand,
    },
    ":hover:active": {
      backgroundColor: tokens.colorPaletteGreenForeground1,
      color: tokens.colorNeutralForegroundOnBrand,
    },
  },
  neutral: {
    backgroundColor: tokens.colorNeutralForeground3,
    color: tokens.colorNeutralForegroundInverted,
    ...shorthands.borderColor(tokens.colorNeutralForeground3),
    ":hover": {
      backgroundColor: tokens.colorNeutralForeground2,
      color: tokens.colorNeutralForegroundInverted,
    },
    ":hover:active": {
      backgroundColor: tokens.colorNeutralForeground2,
      color: tokens.colorNeutralForegroundInverted,
    },
  },
  detractor: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    ...shorthands.borderColor(tokens.colorPaletteRedBorderActive),
    ":hover": {
      backgroundColor: tokens.colorPaletteRedForeground1,
      color: tokens.colorNeutralForegroundOnBrand,
    },
    ":hover:active": {
      backgroundColor: tokens.colorPaletteRedForeground1,
      color: tokens.colorNeutralForegroundOnBrand,
    },
  },
});

/**
 * One click tags the sender as advocate, neutral or detractor (clicking the current tag clears it). The
 * note stays as it was: the tag is saved with the existing note text.
 */
export function SentimentTag(props: { personId: string; name: string; note: StakeholderNote | null }) {
  const styles = useStyles();
  const { api } = useSession();
  const labelId = useId();
  const [sentiment, setSentiment] = useState<Sentiment>(props.note?.sentiment ?? "unknown");
  const [note, setNote] = useState(props.note?.note ?? "");
  const [status, setStatus] = useState<{ kind: "idle" | "saving" | "saved" | "error"; text: string }>({
    kind: "idle",
    text: "",
  });

  useEffect(() => {
    setSentiment(props.note?.sentiment ?? "unknown");
    setNote(props.note?.note ?? "");
    setStatus({ kind: "idle", text: "" });
  }, [props.note]);

  const choose = async (value: Sentiment) => {
    const next: Sentiment = value === sentiment ? "unknown" : value;
    const before = sentiment;
    setSentiment(next);
    setStatus({ kind: "saving", text: "Saving…" });
    try {
      const saved = await api<StakeholderNote>(`/api/notes/${encodeURIComponent(props.personId)}`, {
        method: "PUT",
        body: { sentiment: next, note },
      });
      setSentiment(saved.sentiment);
      setNote(saved.note);
      setStatus({
        kind: "saved",
        text:
          saved.sentiment === "unknown"
            ? `Tag cleared for ${props.name}.`
            : `Saved: ${props.name} is tagged ${saved.sentiment}.`,
      });
    } catch (e) {
      setSentiment(before);
      setStatus({ kind: "error", text: `Not saved: ${(e as Error).message}` });
    }
  };

  return (
    <div className={styles.root}>
      <Caption1 as="p" id={labelId} className={styles.label}>
        How is your relationship with {props.name}?
      </Caption1>
      {/* biome-ignore lint/a11y/useSemanticElements: a toolbar-like group of toggle buttons, not a form fieldset */}
      <div role="group" aria-labelledby={labelId} className={styles.row}>
        {choices.map((c) => (
          <ToggleButton
            key={c}
            className={mergeClasses(styles.button, sentiment === c && styles[c])}
            icon={<SentimentIcon sentiment={c} />}
            checked={sentiment === c}
            disabled={status.kind === "saving"}
            onClick={() => choose(c)}
          >
            {sentimentLabel[c]}
          </ToggleButton>
        ))}
      </div>
      <StatusLine error={status.kind === "error"}>{status.text}</StatusLine>
    </div>
  );
}
