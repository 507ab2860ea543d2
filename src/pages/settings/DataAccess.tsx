import { Body1, makeStyles, tokens } from "@fluentui/react-components";
import { Section } from "./Section";

/**
 * Each delegated Microsoft Graph permission Orbit asks for (GRAPH_DELEGATED_SCOPES in
 * server/graph/access.ts), in plain words: what it lets Orbit read, and why Orbit needs it.
 */
export const scopes: { scope: string; reads: string; why: string }[] = [
  {
    scope: "User.Read",
    reads: "Your own profile: name, email address, job title, department and office.",
    why: "To know who you are and put you in the middle of your map.",
  },
  {
    scope: "User.ReadBasic.All",
    reads: "Basic directory entries of colleagues: names and email addresses.",
    why: "To show names instead of addresses, and to find a person when you add them to a group.",
  },
  {
    scope: "User.Read.All",
    reads: "Colleagues' directory profiles, including job title, department and manager.",
    why: "To tell your staff, your management chain and your peers apart, and to name groups after departments.",
  },
  {
    scope: "Mail.ReadBasic",
    reads:
      "Your mail's metadata: sender, recipients, times, folder and conversation, and subject lines (to spot automatic replies).",
    why: "To see who you exchange mail with and how long replies take, in both directions.",
  },
  {
    scope: "Calendars.ReadBasic",
    reads: "Your calendar's metadata: times, organiser, attendees and their responses.",
    why: "To count meetings and 1:1s, and to notice mail sent during meetings with your team.",
  },
  {
    scope: "MailboxSettings.Read",
    reads: "Your time zone and working hours.",
    why: "So reply times count working hours only, not nights and weekends.",
  },
];

const useStyles = makeStyles({
  list: { margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  item: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 13rem) minmax(0, 1fr)",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
    padding: `${tokens.spacingVerticalM} 0`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    "@media (max-width: 600px)": { gridTemplateColumns: "minmax(0, 1fr)" },
  },
  scope: {
    margin: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
  },
  detail: { margin: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  why: { color: tokens.colorNeutralForeground2 },
  never: {
    margin: 0,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorBrandBackground2,
    color: tokens.colorNeutralForeground1,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorBrandStroke1}`,
  },
  bullets: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
});

/** "What Orbit reads and why", what it never reads, and what it cannot see. */
export function DataAccess() {
  const styles = useStyles();
  return (
    <>
      <Section
        title="What Orbit reads and why"
        lead="Orbit reads metadata through Microsoft Graph with these permissions, on your behalf, and nothing more."
      >
        <Body1 as="p" className={styles.never}>
          <strong>Orbit never reads the body of a message or an invitation, nor attachments.</strong> It does
          not ask for them and does not store them. Subject lines are kept only if your organisation has
          turned on subject use.
        </Body1>
        <dl className={styles.list}>
          {scopes.map((s) => (
            <div key={s.scope} className={styles.item}>
              <dt className={styles.scope}>{s.scope}</dt>
              <dd className={styles.detail}>
                <Body1>{s.reads}</Body1>
                <Body1 className={styles.why}>Why: {s.why}</Body1>
              </dd>
            </div>
          ))}
        </dl>
      </Section>
      <Section
        title="What Orbit cannot see"
        lead="Orbit only knows what mail and calendar metadata show, so some things look different from how they were."
      >
        <ul className={styles.bullets}>
          <li>
            <Body1>
              A question you answered in a Teams chat, on the phone or at someone's desk looks unanswered.
              That is why Orbit says “no reply by mail”, never “ignored”.
            </Body1>
          </li>
          <li>
            <Body1>A meeting held without a calendar invitation does not exist for Orbit.</Body1>
          </li>
          <li>
            <Body1>Mail you send from another account is not counted as yours.</Body1>
          </li>
          <li>
            <Body1>
              Nobody else sees your insights. Your organisation sees only totals over groups of at least its
              minimum size (5 people unless your admin set more).
            </Body1>
          </li>
        </ul>
      </Section>
    </>
  );
}
