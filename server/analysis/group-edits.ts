import { z } from "zod";
import type { GroupEdit } from "../insights/types.js";

const id = z.string().trim().min(1).max(200);
const name = z.string().trim().min(1, "a group name cannot be empty").max(80, "at most 80 characters");

/** Each edit's own fields; `at` is added by the server when the edit is made. */
const shapes = {
  rename: { kind: z.literal("rename"), groupId: id, name },
  move: { kind: z.literal("move"), personId: id, toGroupId: id },
  add: { kind: z.literal("add"), personId: id, toGroupId: id },
  merge: {
    kind: z.literal("merge"),
    groupIds: z.array(id).min(2, "merge at least two groups").max(50),
    intoGroupId: id,
  },
  split: {
    kind: z.literal("split"),
    groupId: id,
    newGroupId: id,
    memberIds: z.array(id).min(1, "a split takes at least one person").max(500),
    name,
  },
  accept: { kind: z.literal("accept"), groupId: id },
};

/** An edit as a client sends it (API request body). */
export const groupEditRequestSchema = z.discriminatedUnion("kind", [
  z.strictObject(shapes.rename),
  z.strictObject(shapes.move),
  z.strictObject(shapes.add),
  z.strictObject(shapes.merge),
  z.strictObject(shapes.split),
  z.strictObject(shapes.accept),
]);
export type GroupEditRequest = z.infer<typeof groupEditRequestSchema>;

const at = { at: z.iso.datetime({ offset: true }) };

/** A stored edit coming back from the store: the insights layer's GroupEdit, checked field by field. */
export const groupEditSchema = z.discriminatedUnion("kind", [
  z.object({ ...shapes.rename, ...at }),
  z.object({ ...shapes.move, ...at }),
  z.object({ ...shapes.add, ...at }),
  z.object({ ...shapes.merge, ...at }),
  z.object({ ...shapes.split, ...at }),
  z.object({ ...shapes.accept, ...at }),
]) satisfies z.ZodType<GroupEdit>;
