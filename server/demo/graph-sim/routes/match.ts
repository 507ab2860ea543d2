import { errors } from "../errors.js";
import { matchTodo, type TodoRoute } from "./todo.js";

/** `me`, or `users/{id | userPrincipalName | address}`. */
export type UserRef = { me: true } | { me: false; ref: string };

export type Route =
  | { kind: "user"; user: UserRef }
  | { kind: "users" }
  | { kind: "manager"; user: UserRef }
  | { kind: "directReports"; user: UserRef }
  | { kind: "mailboxSettings"; user: UserRef; property?: string }
  | { kind: "organization" }
  | { kind: "mailFolders"; user: UserRef }
  | { kind: "mailFolder"; user: UserRef; folder: string }
  | { kind: "messageDelta"; user: UserRef; folder: string }
  | { kind: "calendarViewDelta"; user: UserRef }
  | { kind: "sendMail"; user: UserRef }
  | TodoRoute
  | { kind: "batch" };

/** Routes that read an Exchange mailbox: these are throttled per app per mailbox. */
export const OUTLOOK_ROUTES = new Set<Route["kind"]>([
  "mailboxSettings",
  "mailFolders",
  "mailFolder",
  "messageDelta",
  "calendarViewDelta",
  "sendMail",
  "todoLists",
  "todoList",
  "todoTasks",
  "todoTask",
]);

/**
 * Path segments, with OData key syntax unfolded: `mailFolders('inbox')` → `mailFolders`, `inbox`;
 * `delta()` and `microsoft.graph.delta()` → `delta`. Segments are URL-decoded.
 */
export function segments(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split("/")) {
    if (!raw) continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      throw errors.segmentNotFound(raw);
    }
    const keyed = /^([^(]+)\((?:'(.*)'|([^')]*))\)$/.exec(seg);
    if (keyed) {
      const name = keyed[1]!;
      const key = keyed[2] ?? keyed[3] ?? "";
      out.push(/^(microsoft\.graph\.)?delta$/i.test(name) ? "delta" : name);
      if (key) out.push(key);
    } else out.push(/^microsoft\.graph\.delta$/i.test(seg) ? "delta" : seg);
  }
  return out;
}

export function matchRoute(path: string): Route {
  const segs = segments(path);
  const lower = segs.map((s) => s.toLowerCase());
  if (lower.length === 0) throw errors.segmentNotFound("");
  if (lower[0] === "$batch" && lower.length === 1) return { kind: "batch" };
  if (lower[0] === "organization" && lower.length === 1) return { kind: "organization" };
  if (lower[0] === "users" && lower.length === 1) return { kind: "users" };

  let user: UserRef;
  let rest: string[];
  let restLower: string[];
  if (lower[0] === "me") {
    user = { me: true };
    rest = segs.slice(1);
    restLower = lower.slice(1);
  } else if (lower[0] === "users") {
    user = { me: false, ref: segs[1]! };
    rest = segs.slice(2);
    restLower = lower.slice(2);
  } else throw errors.segmentNotFound(segs[0]!);

  const [a, b, c, d] = restLower;
  const unknown = (i: number) => errors.segmentNotFound(rest[i] ?? rest[i - 1] ?? segs[0]!);
  switch (a) {
    case undefined:
      return { kind: "user", user };
    case "manager":
      if (b !== undefined) throw unknown(1);
      return { kind: "manager", user };
    case "directreports":
      if (b !== undefined) throw unknown(1);
      return { kind: "directReports", user };
    case "mailboxsettings":
      if (c !== undefined) throw unknown(2);
      return b === undefined
        ? { kind: "mailboxSettings", user }
        : { kind: "mailboxSettings", user, property: rest[1]! };
    case "mailfolders":
      if (b === undefined) return { kind: "mailFolders", user };
      if (c === undefined) return { kind: "mailFolder", user, folder: rest[1]! };
      if (c === "messages" && d === "delta" && restLower.length === 4)
        return { kind: "messageDelta", user, folder: rest[1]! };
      throw unknown(c === "messages" ? 3 : 2);
    case "calendarview":
      if (b === "delta" && c === undefined) return { kind: "calendarViewDelta", user };
      throw unknown(1);
    case "sendmail":
    case "microsoft.graph.sendmail":
      if (b !== undefined) throw unknown(1);
      return { kind: "sendMail", user };
    default: {
      const todo = matchTodo(user, rest, restLower);
      if (todo) return todo;
      throw unknown(0);
    }
  }
}
