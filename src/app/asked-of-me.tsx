import type { FeedbackAskedList } from "../pages/feedback/types";
import { resourceContext } from "./resource-context";
import type { Resource } from "./useResource";

/**
 * The feedback requests colleagues sent to the user, loaded once for the whole tab: the navigation
 * counts the open ones, the Feedback page lists them, and answering one reloads both.
 */
const asked = resourceContext<FeedbackAskedList>("/api/feedback/asked", "useAskedOfMe");
export const AskedOfMeProvider = asked.Provider;
export const useAskedOfMe = asked.useShared;

/** The requests still to answer (none while loading or after an error). */
export const openRequests = (resource: Resource<FeedbackAskedList>) =>
  resource.state === "ready" ? resource.value.requests.filter((r) => r.answeredAt === null) : [];
