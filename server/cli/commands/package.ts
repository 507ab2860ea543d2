import { access, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { projectRoot } from "../../paths.js";
import { CliError, type CliIo, exitCodes } from "../program.js";

/*
 * `orbit package --env NAME`: the Microsoft 365 app package (appPackage/README.md).
 *
 * appPackage/manifest.json holds `${{VAR}}` placeholders (Agents Toolkit convention); env/.env.NAME (and
 * env/.env.NAME.user, if present) gives their values. The filled manifest is validated offline against the
 * official JSON schema bundled in @microsoft/app-manifest, then against what the schema cannot express
 * (icon pixels, valid domains, SSO resource, ribbon actions …), and written with its icons to
 * appPackage/build/orbit-NAME.zip.
 *
 * pngjs, jszip and @microsoft/app-manifest are development dependencies: they are imported inside the
 * functions that need them, so the `orbit` binary of a production install still loads without them.
 */

// ---------------------------------------------------------------------------------------------------------
// Environment files

/** Variables that must be defined in the environment file but may be empty. */
export const optionalVariables: ReadonlySet<string> = new Set(["APP_NAME_SUFFIX"]);

const envNamePattern = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses a dotenv file: `KEY=value`, `# comments`, optional `export `, single or double quotes. */
export function parseEnvFile(text: string, file: string): Map<string, string> {
  const vars = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const key = (eq < 0 ? line : line.slice(0, eq)).replace(/^export\s+/, "").trim();
    if (eq < 0 || !variableName.test(key)) {
      throw new CliError(`${file} line ${index + 1}: expected KEY=value, found "${line}".`);
    }
    let value = line.slice(eq + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1");
    } else {
      const comment = value.search(/\s#/);
      if (comment >= 0) value = value.slice(0, comment).trim();
    }
    vars.set(key, value);
  });
  return vars;
}

export interface PackageLayout {
  /** Folder of manifest.json, its icons and the files the web server serves for the add-in. */
  appPackageDir: string;
  /** Folder of the .env.NAME files. */
  envDir: string;
  /** Where orbit-NAME.zip is written. */
  outDir: string;
}

export function defaultLayout(root: string = projectRoot): PackageLayout {
  return {
    appPackageDir: join(root, "appPackage"),
    envDir: join(root, "env"),
    outDir: join(root, "appPackage", "build"),
  };
}

function display(path: string): string {
  const rel = relative(projectRoot, path);
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel.split("\\").join("/");
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads env/.env.NAME, then env/.env.NAME.user over it (where Agents Toolkit keeps secrets). */
export async function readEnvironment(envDir: string, name: string): Promise<Map<string, string>> {
  if (!envNamePattern.test(name)) {
    throw new CliError(`--env ${name}: expected a name such as local or dev.`, exitCodes.usage);
  }
  const file = join(envDir, `.env.${name}`);
  if (!(await exists(file))) {
    const known = (await readdir(envDir).catch(() => [] as string[]))
      .map((f) => /^\.env\.([A-Za-z0-9][A-Za-z0-9_-]*)$/.exec(f)?.[1])
      .filter((n): n is string => n !== undefined)
      .sort();
    throw new CliError(
      `${display(file)} does not exist (environments: ${known.join(", ") || "none"}).`,
      exitCodes.usage,
    );
  }
  const vars = parseEnvFile(await readFile(file, "utf8"), display(file));
  const userFile = `${file}.user`;
  if (await exists(userFile)) {
    for (const [k, v] of parseEnvFile(await readFile(userFile, "utf8"), display(userFile))) vars.set(k, v);
  }
  const declared = vars.get("TEAMSFX_ENV");
  if (declared !== undefined && declared !== name) {
    throw new CliError(`${display(file)} sets TEAMSFX_ENV=${declared}; expected ${name}.`);
  }
  return vars;
}

// ---------------------------------------------------------------------------------------------------------
// Placeholders

const placeholder = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  }
  return value;
}

/** Every string in a JSON value with its path, such as `staticTabs[0].contentUrl`. */
function strings(value: unknown, path = ""): { path: string; value: string }[] {
  if (typeof value === "string") return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** The `${{VAR}}` names a template uses, in order of first use. */
export function placeholdersIn(template: unknown): string[] {
  const names = new Set<string>();
  for (const { value } of strings(template)) for (const m of value.matchAll(placeholder)) names.add(m[1]!);
  return [...names];
}

export interface FillResult {
  value: unknown;
  /** Placeholders without a value: not defined, or empty (unless optional). */
  missing: { name: string; reason: "not defined" | "empty" }[];
}

/** Replaces `${{VAR}}` inside the strings of a JSON value (so values never need JSON escaping). */
export function fillPlaceholders(
  template: unknown,
  vars: ReadonlyMap<string, string>,
  optional: ReadonlySet<string> = optionalVariables,
): FillResult {
  const missing: FillResult["missing"] = [];
  for (const name of placeholdersIn(template)) {
    const v = vars.get(name);
    if (v === undefined) missing.push({ name, reason: "not defined" });
    else if (v === "" && !optional.has(name)) missing.push({ name, reason: "empty" });
  }
  const value = mapStrings(template, (s) =>
    s.replace(placeholder, (_, name: string) => vars.get(name) ?? ""),
  );
  return { value, missing };
}

// ---------------------------------------------------------------------------------------------------------
// Schema validation (offline)

const schemaUrlPattern =
  /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/(v\d+\.\d+|vDevPreview)\/MicrosoftTeams\.schema\.json$/;

const localRequire = createRequire(import.meta.url);

function appManifestPackageJson(): string {
  try {
    return localRequire.resolve("@microsoft/app-manifest/package.json");
  } catch {
    throw new CliError(
      "@microsoft/app-manifest is not installed (a development dependency): run npm install first.",
    );
  }
}

/** The schema file @microsoft/app-manifest bundles for a `$schema` URL; never fetched from the network. */
export function bundledSchemaPath(schemaUrl: string): string {
  const version = schemaUrlPattern.exec(schemaUrl)?.[1];
  if (!version) {
    throw new CliError(
      `$schema ${schemaUrl} is not a Microsoft 365 app manifest schema URL ` +
        "(https://developer.microsoft.com/json-schemas/teams/vN.NN/MicrosoftTeams.schema.json, no locale).",
    );
  }
  return join(
    dirname(appManifestPackageJson()),
    "build",
    "json-schemas",
    "teams",
    version,
    "MicrosoftTeams.schema.json",
  );
}

type SchemaValidate = (manifest: unknown, schema: object) => Promise<string[]>;

/**
 * `AppManifestUtils.validateAgainstSchema` from @microsoft/app-manifest, given the bundled schema so it
 * never fetches. (Version 1.1.2 requires `fs-extra` without declaring it; Orbit lists it beside it.)
 */
async function loadSchemaValidator(): Promise<{ name: string; validate: SchemaValidate }> {
  const mod = await import("@microsoft/app-manifest");
  // A CommonJS package: its exports arrive as named exports, or only on `default`.
  const utils = mod.AppManifestUtils ?? mod.default?.AppManifestUtils;
  if (!utils) throw new Error("@microsoft/app-manifest has no AppManifestUtils");
  return {
    name: "AppManifestUtils.validateAgainstSchema",
    validate: (manifest, schema) => utils.validateAgainstSchema(manifest as never, schema as never),
  };
}

let schemaValidator: Promise<{ name: string; validate: SchemaValidate }> | undefined;
const schemas = new Map<string, object>();

export interface SchemaResult {
  errors: string[];
  /** The manifest version whose schema was used, e.g. "v1.29". */
  schema: string;
  validator: string;
}

/** Validates a filled manifest against the official schema its `$schema` names, offline. */
export async function validateManifestSchema(manifest: unknown): Promise<SchemaResult> {
  const schemaUrl = (manifest as { $schema?: unknown }).$schema;
  if (typeof schemaUrl !== "string") throw new CliError("The manifest has no $schema.");
  const file = bundledSchemaPath(schemaUrl);
  let schema = schemas.get(file);
  if (!schema) {
    if (!(await exists(file))) {
      throw new CliError(
        `${schemaUrl} is not bundled with the installed @microsoft/app-manifest, so it cannot be validated offline.`,
      );
    }
    // The same clean-up the package applies to the schemas it reads (stray \a and \v escapes).
    const raw = (await readFile(file, "utf8")).replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b");
    schema = JSON.parse(raw) as object;
    schemas.set(file, schema);
  }
  schemaValidator ??= loadSchemaValidator();
  const validator = await schemaValidator;
  return {
    errors: await validator.validate(manifest, schema),
    schema: schemaUrlPattern.exec(schemaUrl)![1]!,
    validator: validator.name,
  };
}

// ---------------------------------------------------------------------------------------------------------
// What the schema cannot check

interface Icon {
  size?: number;
  url?: string;
}

/** The parts of a manifest the checks read; anything may be missing in a broken copy. */
export interface ManifestShape {
  $schema?: string;
  manifestVersion?: string;
  id?: string;
  name?: { short?: string; full?: string };
  description?: { short?: string; full?: string };
  icons?: Record<string, string | undefined>;
  staticTabs?: { entityId?: string; contentUrl?: string; websiteUrl?: string }[];
  validDomains?: string[];
  webApplicationInfo?: { id?: string; resource?: string };
  authorization?: { permissions?: { resourceSpecific?: { name?: string; type?: string }[] } };
  extensions?: {
    requirements?: { scopes?: string[]; capabilities?: { name?: string; minVersion?: string }[] };
    runtimes?: { id?: string; code?: { page?: string }; actions?: { id?: string; type?: string }[] }[];
    ribbons?: {
      contexts?: string[];
      tabs?: {
        groups?: { icons?: Icon[]; controls?: { id?: string; actionId?: string; icons?: Icon[] }[] }[];
      }[];
    }[];
  }[];
}

const guid = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** `$schema` is the official URL without a locale segment, for the same version as manifestVersion. */
export function checkSchemaUrl(m: ManifestShape): string[] {
  const version = schemaUrlPattern.exec(m.$schema ?? "")?.[1];
  if (!version) {
    return [
      `$schema "${m.$schema}" must be https://developer.microsoft.com/json-schemas/teams/vN.NN/MicrosoftTeams.schema.json (no locale segment).`,
    ];
  }
  const expected = version === "vDevPreview" ? "devPreview" : version.slice(1);
  return m.manifestVersion === expected
    ? []
    : [`manifestVersion "${m.manifestVersion}" does not match $schema (${version}).`];
}

/** No `${{VAR}}` (or `{{…}}`) is left anywhere. */
export function checkPlaceholders(m: ManifestShape): string[] {
  return strings(m)
    .filter(({ value }) => /\$?\{\{/.test(value))
    .map(({ path, value }) => `${path} still holds a placeholder: "${value}".`);
}

/** The app id and the Entra client id are GUIDs. */
export function checkIds(m: ManifestShape): string[] {
  const problems: string[] = [];
  if (!guid.test(m.id ?? "")) problems.push(`id "${m.id}" is not a GUID.`);
  if (!guid.test(m.webApplicationInfo?.id ?? "")) {
    problems.push(`webApplicationInfo.id "${m.webApplicationInfo?.id}" is not a GUID.`);
  }
  return problems;
}

/** Name and description lengths (Teams: short name ≤ 30, full ≤ 100; description short ≤ 80, full ≤ 4000). */
export function checkTexts(m: ManifestShape): string[] {
  const problems: string[] = [];
  const limit = (path: string, text: string | undefined, max: number) => {
    if (!text?.trim()) problems.push(`${path} is empty.`);
    else if (text.length > max) problems.push(`${path} is ${text.length} characters; at most ${max}.`);
  };
  limit("name.short", m.name?.short, 30);
  limit("name.full", m.name?.full, 100);
  limit("description.short", m.description?.short, 80);
  limit("description.full", m.description?.full, 4000);
  return problems;
}

/**
 * Paths whose URLs the hosts do not load: the schema, the publisher's links, and sign-in identifiers (the
 * SSO resource and nested app authentication's scope are api:// names, its redirect a brk-multihub:// one).
 */
const notLoaded = (path: string) =>
  path === "$schema" || path.startsWith("developer.") || path.startsWith("webApplicationInfo.");

/** Every URL the hosts load, with its path. */
function contentUrls(m: ManifestShape): { path: string; value: string }[] {
  return strings(m).filter(({ path, value }) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !notLoaded(path));
}

function domainCovers(domain: string, url: URL): boolean {
  const d = domain.toLowerCase();
  if (d.startsWith("*.")) return url.hostname.endsWith(d.slice(1));
  return d.includes(":") ? url.host === d : url.hostname === d;
}

/** Every URL the hosts load is https and inside validDomains; validDomains holds bare host names. */
export function checkUrls(m: ManifestShape): string[] {
  const problems: string[] = [];
  const domains = m.validDomains ?? [];
  for (const d of domains) {
    if (!/^(\*\.)?[a-z0-9.-]+(:\d+)?$/i.test(d)) {
      problems.push(
        `validDomains entry "${d}" must be a host name (optionally *. and :port), no scheme or path.`,
      );
    }
  }
  for (const { path, value } of contentUrls(m)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      problems.push(`${path} "${value}" is not a valid URL.`);
      continue;
    }
    if (url.protocol !== "https:") problems.push(`${path} "${value}" must use https.`);
    if (!domains.some((d) => domainCovers(d, url))) {
      problems.push(`${path} "${value}": ${url.host} is not in validDomains.`);
    }
  }
  return problems;
}

/** Teams SSO: resource is api://<the tabs' host>/<client id>, and that host is a valid domain. */
export function checkSso(m: ManifestShape): string[] {
  const { id, resource } = m.webApplicationInfo ?? {};
  if (!resource) return ["webApplicationInfo.resource is missing (needed for Teams SSO)."];
  const match = /^api:\/\/([^/]+)\/(.+)$/.exec(resource);
  if (!match || match[2] !== id) {
    return [`webApplicationInfo.resource "${resource}" must be api://<host>/${id} (the client id).`];
  }
  const problems: string[] = [];
  const host = match[1]!;
  if (!(m.validDomains ?? []).some((d) => d.toLowerCase() === host.toLowerCase())) {
    problems.push(`webApplicationInfo.resource host ${host} is not in validDomains.`);
  }
  for (const [i, tab] of (m.staticTabs ?? []).entries()) {
    const tabHost = tab.contentUrl && URL.canParse(tab.contentUrl) ? new URL(tab.contentUrl).host : undefined;
    if (tabHost !== host) {
      problems.push(
        `staticTabs[${i}].contentUrl host ${tabHost} differs from the SSO resource host ${host}.`,
      );
    }
  }
  return problems;
}

function versionAtLeast(version: string | undefined, min: string): boolean {
  const a = (version ?? "0").split(".").map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

function ribbonIcons(m: ManifestShape): { path: string; icons: Icon[] }[] {
  const out: { path: string; icons: Icon[] }[] = [];
  for (const [e, ext] of (m.extensions ?? []).entries()) {
    for (const [r, ribbon] of (ext.ribbons ?? []).entries()) {
      for (const [t, tab] of (ribbon.tabs ?? []).entries()) {
        for (const [g, group] of (tab.groups ?? []).entries()) {
          const base = `extensions[${e}].ribbons[${r}].tabs[${t}].groups[${g}]`;
          if (group.icons) out.push({ path: `${base}.icons`, icons: group.icons });
          for (const [c, control] of (group.controls ?? []).entries()) {
            out.push({ path: `${base}.controls[${c}].icons`, icons: control.icons ?? [] });
          }
        }
      }
    }
  }
  return out;
}

/**
 * The Outlook add-in: one extension for mail, Mailbox ≥ 1.3, MailboxItem.Read.User, a mailRead ribbon
 * whose buttons open a page of a declared runtime, and button icons in the required 16, 32 and 80 px.
 */
export function checkAddIn(m: ManifestShape): string[] {
  const problems: string[] = [];
  const ext = m.extensions?.[0];
  if (!ext || m.extensions!.length !== 1) return ["extensions must hold exactly one add-in."];
  if (!ext.requirements?.scopes?.includes("mail"))
    problems.push('extensions[0].requirements.scopes lacks "mail".');
  const mailbox = ext.requirements?.capabilities?.find((c) => c.name?.toLowerCase() === "mailbox");
  if (!mailbox || !versionAtLeast(mailbox.minVersion, "1.3")) {
    problems.push("extensions[0].requirements.capabilities needs Mailbox with minVersion 1.3 or later.");
  }
  const rsc = m.authorization?.permissions?.resourceSpecific ?? [];
  if (!rsc.some((p) => p.name === "MailboxItem.Read.User" && p.type === "Delegated")) {
    problems.push("authorization.permissions.resourceSpecific lacks MailboxItem.Read.User (Delegated).");
  }
  const actions = new Map<string, string | undefined>();
  for (const runtime of ext.runtimes ?? []) {
    for (const action of runtime.actions ?? []) if (action.id) actions.set(action.id, action.type);
  }
  if (![...actions.values()].includes("openPage")) problems.push("No runtime has an openPage action.");
  const ribbons = ext.ribbons ?? [];
  if (!ribbons.some((r) => r.contexts?.includes("mailRead")))
    problems.push('No ribbon has the context "mailRead".');
  const used = new Set<string>();
  for (const [r, ribbon] of ribbons.entries()) {
    for (const [t, tab] of (ribbon.tabs ?? []).entries()) {
      for (const [g, group] of (tab.groups ?? []).entries()) {
        for (const [c, control] of (group.controls ?? []).entries()) {
          const at = `extensions[0].ribbons[${r}].tabs[${t}].groups[${g}].controls[${c}]`;
          if (!control.actionId || !actions.has(control.actionId)) {
            problems.push(`${at}.actionId "${control.actionId}" is not an action of any runtime.`);
          } else used.add(control.actionId);
        }
      }
    }
  }
  for (const id of actions.keys())
    if (!used.has(id)) problems.push(`Runtime action "${id}" has no ribbon control.`);
  for (const { path, icons } of ribbonIcons(m)) {
    const sizes = new Set(icons.map((i) => i.size));
    const lacking = [16, 32, 80].filter((s) => !sizes.has(s));
    if (lacking.length > 0) problems.push(`${path} lacks the required sizes ${lacking.join(", ")} px.`);
  }
  return problems;
}

interface Decoded {
  width: number;
  height: number;
  data: Buffer;
}

async function decodePng(bytes: Buffer): Promise<Decoded> {
  const { PNG } = await import("pngjs");
  return PNG.sync.read(bytes);
}

function alpha(img: Decoded, x: number, y: number): number {
  return img.data[(y * img.width + x) * 4 + 3]!;
}

/** How one declared icon must look (Teams app package icon rules). */
export const iconRules: Record<string, { size: number; check: (img: Decoded) => string | undefined }> = {
  color: {
    size: 192,
    // A 96×96 symbol in the centre, on a solid or fully transparent square: the 48 px border is one colour,
    // either opaque or fully transparent.
    check: (img) => {
      const first = img.data.readUInt32BE(0);
      for (let y = 0; y < img.height; y++) {
        for (let x = 0; x < img.width; x++) {
          if (x >= 48 && x < 144 && y >= 48 && y < 144) continue;
          if (img.data.readUInt32BE((y * img.width + x) * 4) !== first) {
            return `pixel (${x}, ${y}) is outside the central 96×96 symbol but differs from the background`;
          }
        }
      }
      const a = first & 255;
      return a === 0 || a === 255 ? undefined : "the background must be solid or fully transparent";
    },
  },
  outline: {
    size: 32,
    // White (255, 255, 255) on a fully transparent background; no other colour.
    check: (img) => {
      let white = 0;
      let clear = 0;
      for (let i = 0; i < img.data.length; i += 4) {
        const [r, g, b, a] = [img.data[i], img.data[i + 1], img.data[i + 2], img.data[i + 3]];
        if (a === 0) clear++;
        else if (r === 255 && g === 255 && b === 255) white++;
        else {
          const p = i / 4;
          return `pixel (${p % img.width}, ${Math.floor(p / img.width)}) is rgba(${r}, ${g}, ${b}, ${a}): only white or fully transparent pixels are allowed`;
        }
      }
      if (white === 0) return "it has no white pixels";
      return clear === 0 ? "it has no transparent background" : undefined;
    },
  },
  color32x32: {
    size: 32,
    // A full-colour icon on a transparent background.
    check: (img) => {
      const corners = [alpha(img, 0, 0), alpha(img, 31, 0), alpha(img, 0, 31), alpha(img, 31, 31)];
      return corners.every((a) => a === 0) ? undefined : "its background (the corners) is not transparent";
    },
  },
};

/** The icons the manifest declares: PNG files at the package root, with the sizes and colours above. */
export async function checkIcons(
  m: ManifestShape,
  readPackageFile: (name: string) => Promise<Buffer>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [key, file] of Object.entries(m.icons ?? {})) {
    const rule = iconRules[key];
    if (!rule || file === undefined) continue;
    if (!/^[A-Za-z0-9._-]+\.png$/.test(file)) {
      problems.push(`icons.${key} "${file}" must be a .png file name at the package root.`);
      continue;
    }
    let img: Decoded;
    try {
      img = await decodePng(await readPackageFile(file));
    } catch (error) {
      problems.push(`icons.${key} ${file}: ${(error as Error).message}`);
      continue;
    }
    if (img.width !== rule.size || img.height !== rule.size) {
      problems.push(
        `icons.${key} ${file} is ${img.width}×${img.height}; expected ${rule.size}×${rule.size}.`,
      );
      continue;
    }
    const problem = rule.check(img);
    if (problem) problems.push(`icons.${key} ${file}: ${problem}.`);
  }
  for (const key of ["color", "outline"]) if (!m.icons?.[key]) problems.push(`icons.${key} is missing.`);
  return problems;
}

/**
 * The ribbon icons are URLs on Orbit's server; their files live in appPackage under the URL's path
 * (…/addin-icons/icon-16.png is appPackage/addin-icons/icon-16.png). Each must exist with the pixel
 * size its entry declares.
 */
export async function checkServedIcons(m: ManifestShape, appPackageDir: string): Promise<string[]> {
  const problems: string[] = [];
  for (const { path, icons } of ribbonIcons(m)) {
    for (const [i, icon] of icons.entries()) {
      const at = `${path}[${i}]`;
      if (!icon.url || !URL.canParse(icon.url)) continue; // checkUrls reports it
      const pathname = decodeURIComponent(new URL(icon.url).pathname);
      if (!/^\/addin-icons\/[A-Za-z0-9._-]+\.png$/.test(pathname)) {
        problems.push(`${at}.url must point at /addin-icons/<file>.png on Orbit's server, not ${pathname}.`);
        continue;
      }
      try {
        const img = await decodePng(await readFile(join(appPackageDir, pathname)));
        if (img.width !== icon.size || img.height !== icon.size) {
          problems.push(
            `${at}: appPackage${pathname} is ${img.width}×${img.height}, not ${icon.size}×${icon.size}.`,
          );
        }
      } catch (error) {
        problems.push(`${at}: appPackage${pathname}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

/** Every check above, on a filled manifest. */
export async function checkPackage(
  manifest: unknown,
  readPackageFile: (name: string) => Promise<Buffer>,
  appPackageDir: string,
): Promise<string[]> {
  const m = manifest as ManifestShape;
  return [
    ...checkSchemaUrl(m),
    ...checkPlaceholders(m),
    ...checkIds(m),
    ...checkTexts(m),
    ...checkUrls(m),
    ...checkSso(m),
    ...checkAddIn(m),
    ...(await checkIcons(m, readPackageFile)),
    ...(await checkServedIcons(m, appPackageDir)),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// The package

export interface PackageResult {
  zipPath: string;
  /** Files in the zip, in order: manifest.json, then the icons. */
  files: string[];
  manifest: Record<string, unknown>;
  schema: string;
  validator: string;
}

function listProblems(title: string, problems: string[]): string {
  const shown = problems.slice(0, 20).map((p) => `  - ${p}`);
  if (problems.length > shown.length) shown.push(`  … and ${problems.length - shown.length} more`);
  return [title, ...shown].join("\n");
}

/** Fills, validates and zips the package for one environment. */
export async function buildPackage(
  env: string,
  layout: PackageLayout = defaultLayout(),
): Promise<PackageResult> {
  const vars = await readEnvironment(layout.envDir, env);
  // An earlier package must not outlive a failed build and be uploaded by mistake.
  const zipPath = join(layout.outDir, `orbit-${env}.zip`);
  await rm(zipPath, { force: true });
  const templateFile = join(layout.appPackageDir, "manifest.json");
  let template: unknown;
  try {
    template = JSON.parse(await readFile(templateFile, "utf8"));
  } catch (error) {
    throw new CliError(`${display(templateFile)}: ${(error as Error).message}`);
  }
  const envFile = display(join(layout.envDir, `.env.${env}`));
  const filled = fillPlaceholders(template, vars);
  if (filled.missing.length > 0) {
    throw new CliError(
      `${envFile} does not give ${display(templateFile)} a value for ` +
        `${filled.missing.map((v) => `${v.name} (${v.reason})`).join(", ")}.`,
    );
  }
  const manifest = filled.value as Record<string, unknown>;
  const schema = await validateManifestSchema(manifest);
  if (schema.errors.length > 0) {
    throw new CliError(
      listProblems(`The manifest for "${env}" does not match the ${schema.schema} schema:`, schema.errors),
    );
  }
  const readPackageFile = (name: string) => readFile(join(layout.appPackageDir, name));
  const problems = await checkPackage(manifest, readPackageFile, layout.appPackageDir);
  if (problems.length > 0) {
    throw new CliError(listProblems(`The package for "${env}" has problems:`, problems));
  }

  const { default: JSZip } = await import("jszip");
  const zip = new JSZip();
  // A fixed timestamp keeps the zip identical for identical inputs.
  const date = new Date("2026-01-01T00:00:00Z");
  const files = ["manifest.json"];
  zip.file("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const name of new Set(Object.values((manifest as ManifestShape).icons ?? {}))) {
    if (name === undefined) continue;
    zip.file(name, await readPackageFile(name), { date });
    files.push(name);
  }
  const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  await mkdir(layout.outDir, { recursive: true });
  await writeFile(zipPath, bytes);
  return { zipPath, files, manifest, schema: schema.schema, validator: schema.validator };
}

function parseEnvName(value: string): string {
  if (!envNamePattern.test(value)) throw new InvalidArgumentError("expected a name such as local or dev.");
  return value;
}

export function packageCommand(io: CliIo): Command {
  return new Command("package")
    .description(
      "Build the Microsoft 365 app package (Teams tab + Outlook add-in): fill appPackage/manifest.json from " +
        "env/.env.<env>, validate it offline, write appPackage/build/orbit-<env>.zip.",
    )
    .option("--env <name>", "environment: reads env/.env.<name>", parseEnvName, "local")
    .action(async (options: { env: string }) => {
      const result = await buildPackage(options.env);
      const m = result.manifest as ManifestShape;
      io.stdout(
        [
          `Wrote ${display(result.zipPath)} (${result.files.join(", ")})`,
          `  manifest ${result.schema}, valid against its schema offline; app id ${m.id}`,
          `  tab ${m.staticTabs?.[0]?.contentUrl}, task pane ${m.extensions?.[0]?.runtimes?.[0]?.code?.page}`,
          "",
        ].join("\n"),
      );
    });
}
