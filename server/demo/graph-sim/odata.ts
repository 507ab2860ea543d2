import { GraphError } from "./errors.js";

/** OData query options as Graph reads them: names case-insensitive, `$` optional only for nothing. */
export class Query {
  private readonly values = new Map<string, string>();
  readonly names: string[] = [];

  constructor(search: string) {
    for (const [name, value] of new URLSearchParams(search)) {
      const key = name.toLowerCase();
      if (this.values.has(key))
        throw new GraphError(400, "BadRequest", `Query option '${name}' was specified more than once.`);
      this.values.set(key, value);
      this.names.push(name);
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }

  /** The query string without the named options (used to build nextLinks that keep $select, $filter…). */
  without(...names: string[]): string {
    const drop = new Set(names.map((n) => n.toLowerCase()));
    const parts: string[] = [];
    for (const name of this.names) {
      const key = name.toLowerCase();
      if (drop.has(key)) continue;
      parts.push(`${name}=${encodeQueryValue(this.values.get(key)!)}`);
    }
    return parts.join("&");
  }
}

/** Percent-encodes what must be, but keeps the characters OData URLs show in the clear ($ , ' ( ) : =). */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value)
    .replace(/%24/g, "$")
    .replace(/%2C/g, ",")
    .replace(/%27/g, "'")
    .replace(/%3A/g, ":");
}

/** Graph's date-time format for message and directory properties: "2026-10-01T10:00:00Z". */
export function graphDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso;
}

/** Parses $select against the properties a type has; answers 400 like Graph for an unknown one. */
export function parseSelect(
  text: string | undefined,
  known: ReadonlySet<string>,
  unknown: (name: string) => GraphError,
): string[] | undefined {
  if (text === undefined) return undefined;
  const out: string[] = [];
  for (const raw of text.split(",")) {
    const name = raw.trim();
    if (!name) continue;
    const canonical = [...known].find((k) => k.toLowerCase() === name.toLowerCase());
    if (!canonical) throw unknown(name);
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

export interface Preferences {
  maxPageSize?: number;
  /** outlook.timezone="…" (Windows or IANA name) */
  timeZone?: string;
  immutableId: boolean;
}

/** Reads the Prefer header(s): odata.maxpagesize=N, outlook.timezone="X", IdType="ImmutableId". */
export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = { immutableId: false };
  if (!header) return prefs;
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    if (name === "odata.maxpagesize") {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) prefs.maxPageSize = n;
    } else if (name === "outlook.timezone") prefs.timeZone = value;
    else if (name === "idtype" && value.toLowerCase() === "immutableid") prefs.immutableId = true;
  }
  return prefs;
}

// ---------------------------------------------------------------------------------------------------
// $filter for directory objects: a small OData expression parser and evaluator.

export type FilterNode =
  | { type: "cmp"; op: "eq" | "ne" | "gt" | "ge" | "lt" | "le"; property: string; value: FilterValue }
  | { type: "in"; property: string; values: FilterValue[] }
  | { type: "fn"; name: "startswith" | "endswith"; property: string; value: string }
  | { type: "and" | "or"; left: FilterNode; right: FilterNode }
  | { type: "not"; operand: FilterNode };

export type FilterValue = string | number | boolean | null;

type Token =
  | { t: "str"; v: string }
  | { t: "num"; v: number }
  | { t: "word"; v: string }
  | { t: "("; v: "(" }
  | { t: ")"; v: ")" }
  | { t: ","; v: "," };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t") {
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ t: c, v: c } as Token);
      i++;
    } else if (c === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw invalidFilter(text, "unterminated string literal");
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ t: "str", v: value });
    } else {
      const m = /^[A-Za-z0-9_.:+\-/@]+/.exec(text.slice(i));
      if (!m) throw invalidFilter(text, `unexpected character '${c}'`);
      const word = m[0];
      if (/^-?\d+(\.\d+)?$/.test(word)) tokens.push({ t: "num", v: Number(word) });
      else tokens.push({ t: "word", v: word });
      i += word.length;
    }
  }
  return tokens;
}

function invalidFilter(text: string, why: string): GraphError {
  return new GraphError(400, "BadRequest", `Invalid filter clause: ${why} in '${text}'.`);
}

/** Parses `mail eq 'a@b.com' and (startswith(displayName,'A') or id in ('1','2'))`. */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const word = (t: Token | undefined) => (t?.t === "word" ? t.v.toLowerCase() : undefined);
  const expect = (kind: Token["t"]) => {
    const t = tokens[pos++];
    if (t?.t !== kind) throw invalidFilter(text, `expected '${kind}'`);
    return t;
  };
  const literal = (): FilterValue => {
    const t = tokens[pos++];
    if (!t) throw invalidFilter(text, "expected a value");
    if (t.t === "str" || t.t === "num") return t.v;
    if (t.t === "word") {
      const w = t.v.toLowerCase();
      if (w === "null") return null;
      if (w === "true") return true;
      if (w === "false") return false;
    }
    throw invalidFilter(text, "expected a literal value");
  };
  const property = (): string => {
    const t = tokens[pos++];
    if (t?.t !== "word") throw invalidFilter(text, "expected a property name");
    return t.v;
  };

  const primary = (): FilterNode => {
    const t = peek();
    if (t?.t === "(") {
      pos++;
      const inner = orExpr();
      expect(")");
      return inner;
    }
    const w = word(t);
    if (w === "not") {
      pos++;
      return { type: "not", operand: primary() };
    }
    if ((w === "startswith" || w === "endswith") && tokens[pos + 1]?.t === "(") {
      pos += 2;
      const prop = property();
      expect(",");
      const value = literal();
      expect(")");
      if (typeof value !== "string") throw invalidFilter(text, `${w} needs a string`);
      return { type: "fn", name: w, property: prop, value };
    }
    const prop = property();
    const op = word(tokens[pos++]);
    if (op === "in") {
      expect("(");
      const values: FilterValue[] = [];
      if (peek()?.t !== ")") {
        values.push(literal());
        while (peek()?.t === ",") {
          pos++;
          values.push(literal());
        }
      }
      expect(")");
      return { type: "in", property: prop, values };
    }
    if (op === "eq" || op === "ne" || op === "gt" || op === "ge" || op === "lt" || op === "le")
      return { type: "cmp", op, property: prop, value: literal() };
    throw invalidFilter(text, `unsupported operator '${op ?? ""}'`);
  };
  const andExpr = (): FilterNode => {
    let left = primary();
    while (word(peek()) === "and") {
      pos++;
      left = { type: "and", left, right: primary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (word(peek()) === "or") {
      pos++;
      left = { type: "or", left, right: andExpr() };
    }
    return left;
  };
  const tree = orExpr();
  if (pos !== tokens.length) throw invalidFilter(text, "unexpected trailing input");
  return tree;
}

/** Properties a filter names, with whether it uses an operator that needs advanced query support. */
export function filterUsage(node: FilterNode, out: { property: string; advanced: boolean }[] = []) {
  switch (node.type) {
    case "cmp":
      out.push({ property: node.property, advanced: node.op === "ne" || node.value === null });
      break;
    case "in":
      out.push({ property: node.property, advanced: false });
      break;
    case "fn":
      out.push({ property: node.property, advanced: node.name === "endswith" });
      break;
    case "and":
    case "or":
      filterUsage(node.left, out);
      filterUsage(node.right, out);
      break;
    case "not":
      out.push(...filterUsage(node.operand, []).map((u) => ({ ...u, advanced: true })));
      break;
  }
  return out;
}

const fold = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);

/** Directory string comparisons are case-insensitive, as in Entra ID. */
export function evaluateFilter(node: FilterNode, get: (property: string) => unknown): boolean {
  switch (node.type) {
    case "cmp": {
      const left = fold(get(node.property) ?? null);
      const right = fold(node.value);
      switch (node.op) {
        case "eq":
          return left === right;
        case "ne":
          return left !== right;
        default: {
          if (left === null || right === null) return false;
          const l = left as string | number;
          const r = right as string | number;
          return node.op === "gt" ? l > r : node.op === "ge" ? l >= r : node.op === "lt" ? l < r : l <= r;
        }
      }
    }
    case "in": {
      const left = fold(get(node.property) ?? null);
      return node.values.some((v) => fold(v) === left);
    }
    case "fn": {
      const left = get(node.property);
      if (typeof left !== "string") return false;
      const l = left.toLowerCase();
      const v = node.value.toLowerCase();
      return node.name === "startswith" ? l.startsWith(v) : l.endsWith(v);
    }
    case "and":
      return evaluateFilter(node.left, get) && evaluateFilter(node.right, get);
    case "or":
      return evaluateFilter(node.left, get) || evaluateFilter(node.right, get);
    case "not":
      return !evaluateFilter(node.operand, get);
  }
}
