import { Body1, Title3 } from "@fluentui/react-components";
import { usePageStyles } from "../ui/page";
import { OrgViews } from "./admin/OrgViews";

/**
 * Org views for leaders (people with direct reports) who are not Orbit admins: the admin console's
 * aggregated figures, on a page of their own. The server decides who may see them (GET /api/org).
 */
export function OrganisationPage() {
  const layout = usePageStyles();
  return (
    <section className={layout.page} aria-labelledby="organisation-title">
      <div className={layout.heading}>
        <Title3 as="h2" id="organisation-title">
          Organisation
        </Title3>
        <Body1 as="p" className={layout.lead}>
          How your organisation works together, for its leaders. Every figure is pooled over a group of
          people, and groups smaller than your organisation's minimum are hidden, so nobody's own figures
          (yours included) show here.
        </Body1>
      </div>
      <OrgViews />
    </section>
  );
}
