import { createHash } from "node:crypto";
import * as m001 from "./001-tenants-and-directory.js";
import * as m002 from "./002-mail-and-calendar.js";
import * as m003 from "./003-mailbox-settings.js";
import * as m004 from "./004-stakeholder-groups.js";
import * as m005 from "./005-stakeholder-notes.js";
import * as m006 from "./006-drop-unused-conversation-index.js";
import * as m007 from "./007-privacy.js";
import * as m008 from "./008-stakeholder-workflow.js";
import * as m009 from "./009-feedback-requests.js";
import * as m010 from "./010-token-cache.js";
import * as m011 from "./011-todo-sync.js";
import * as m012 from "./012-lighter-mail-writes.js";
import * as m013 from "./013-mailbox-keys.js";
import * as m014 from "./014-feedback-asked-of-me.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

function migration(version: number, name: string, sql: string): Migration {
  return { version, name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
}

/** Forward-only, in order. Never edit one that has shipped: add the next. */
export const migrations: readonly Migration[] = [
  migration(1, "tenants-and-directory", m001.sql),
  migration(2, "mail-and-calendar", m002.sql),
  migration(3, "mailbox-settings", m003.sql),
  migration(4, "stakeholder-groups", m004.sql),
  migration(5, "stakeholder-notes", m005.sql),
  migration(6, "drop-unused-conversation-index", m006.sql),
  migration(7, "privacy", m007.sql),
  migration(8, "stakeholder-workflow", m008.sql),
  migration(9, "feedback-requests", m009.sql),
  migration(10, "token-cache", m010.sql),
  migration(11, "todo-sync", m011.sql),
  migration(12, "lighter-mail-writes", m012.sql),
  migration(13, "mailbox-keys", m013.sql),
  migration(14, "feedback-asked-of-me", m014.sql),
];
