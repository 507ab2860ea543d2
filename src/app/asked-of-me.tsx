import { createContext, type ReactNode, useContext } from "react";
import type { FeedbackAskedList } from "../pages/feedback/types";
import { type Resource, useResource } from "./useResource";

const AskedContext = createContext<Resource<FeedbackAskedList> | null>(null);

/**
 * The feedback requests colleagues sent to the user, loaded once for the whole tab: the navigation
 * counts the open ones, the Feedback page lists them, and answering one reloads both.
 */
export function AskedOfMeProvider(props: { children: ReactNode }) {
  const asked = useResource<FeedbackAskedList>("/api/feedback/asked");
  return <AskedContext.Provider value={asked}>{props.children}</AskedContext.Provider>;
}

export function useAskedOfMe(): Resource<FeedbackAskedList> {
  const asked = useContext(AskedContext);
  if (!asked) throw new Error("useAskedOfMe outside AskedOfMeProvider");
  return asked;
}

/** The requests still to answer (none while loading or after an error). */
export const openRequests = (asked: Resource<FeedbackAskedList>) =>
  asked.state === "ready" ? asked.value.requests.filter((r) => r.answeredAt === null) : [];
