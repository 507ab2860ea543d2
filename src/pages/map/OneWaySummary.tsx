import { Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import { type MapPerson, waitingOnYou } from "./people";

const useStyles = makeStyles({
  box: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    "& p": { margin: 0 },
  },
  text: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);

/** The contacts that are not on the map because only one side wrote, and a way to see them. */
export function OneWaySummary(props: { oneWay: readonly MapPerson[]; onShow: () => void }) {
  const styles = useStyles();
  const waiting = props.oneWay.filter(waitingOnYou).length;
  const silent = props.oneWay.length - waiting;
  if (props.oneWay.length === 0) return null;
  return (
    <section className={styles.box} aria-label="One-way contacts">
      <div className={styles.text}>
        <Body1 as="p">
          {waiting === 0 ? (
            "Nobody who writes to you is left without a reply."
          ) : (
            <>
              <strong>{people(waiting)}</strong> {waiting === 1 ? "writes" : "write"} to you and{" "}
              {waiting === 1 ? "has" : "have"} had no reply.
            </>
          )}
        </Body1>
        {silent > 0 && (
          <Body1 as="p">
            {people(silent)} you wrote to {silent === 1 ? "has" : "have"} not written back.
          </Body1>
        )}
      </div>
      <Button onClick={props.onShow}>Show one-way contacts in the table</Button>
    </section>
  );
}
