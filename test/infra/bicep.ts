/**
 * A structural check of a Bicep file, for want of a Bicep compiler in the tests (the npm packages for Bicep
 * download the CLI or build a native parser): brackets balance, each symbol is declared once, every name an
 * expression uses is declared (or a Bicep function or keyword), and every parameter and variable is used.
 * It is no type checker: `az bicep build` remains the compiler's word.
 */

export interface BicepDeclaration {
  kind: "param" | "var" | "resource" | "output" | "module";
  name: string;
  /** The text after the name on its line: the type (params, outputs) or 'type@version' (resources). */
  rest: string;
  /** Params: whether a default value follows. */
  hasDefault: boolean;
}

export interface BicepFile {
  declarations: BicepDeclaration[];
  problems: string[];
}

// Functions a Bicep template may call (Bicep's own and ARM's template functions), as used here and commonly.
const functions = new Set([
  "resourceGroup",
  "subscription",
  "tenant",
  "deployment",
  "environment",
  "uniqueString",
  "guid",
  "newGuid",
  "toLower",
  "toUpper",
  "concat",
  "format",
  "string",
  "int",
  "bool",
  "json",
  "empty",
  "length",
  "contains",
  "union",
  "first",
  "last",
  "split",
  "join",
  "replace",
  "substring",
  "take",
  "skip",
  "uriComponent",
  "uri",
  "base64",
  "subscriptionResourceId",
  "resourceId",
  "tenantResourceId",
  "reference",
  "listKeys",
  "listSecrets",
  "description",
  "secure",
  "minLength",
  "maxLength",
  "minValue",
  "maxValue",
  "allowed",
  "metadata",
  "sys",
  "az",
]);
const keywords = new Set([
  "param",
  "var",
  "resource",
  "output",
  "module",
  "existing",
  "if",
  "for",
  "in",
  "true",
  "false",
  "null",
  "string",
  "int",
  "bool",
  "object",
  "array",
  "dependsOn",
]);

/** The file with comments removed and string text blanked, keeping `${…}` interpolations (they are code). */
export function codeOf(text: string): string {
  let out = "";
  let i = 0;
  const depth: ("code" | "string")[] = ["code"];
  const braces: number[] = [0];
  while (i < text.length) {
    const c = text[i]!;
    const mode = depth[depth.length - 1];
    if (mode === "string") {
      if (text.startsWith("\\'", i) || text.startsWith("\\$", i)) {
        out += "  ";
        i += 2;
      } else if (c === "'") {
        out += c;
        depth.pop();
        i++;
      } else if (text.startsWith("${", i)) {
        out += "${";
        depth.push("code");
        braces.push(0);
        i += 2;
      } else {
        out += c === "\n" ? "\n" : " ";
        i++;
      }
      continue;
    }
    if (text.startsWith("//", i)) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'") {
      out += c;
      depth.push("string");
      i++;
    } else if (c === "{") {
      braces[braces.length - 1]!++;
      out += c;
      i++;
    } else if (c === "}" && depth.length > 1 && braces[braces.length - 1] === 0) {
      // The end of an interpolation: back into its string.
      out += c;
      depth.pop();
      braces.pop();
      i++;
    } else {
      if (c === "}") braces[braces.length - 1]!--;
      out += c;
      i++;
    }
  }
  return out;
}

function bracketProblems(code: string): string[] {
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  const stack: { c: string; line: number }[] = [];
  let line = 1;
  for (const c of code) {
    if (c === "\n") line++;
    else if (c === "(" || c === "[" || c === "{") stack.push({ c, line });
    else if (c in pairs) {
      const open = stack.pop();
      if (open?.c !== pairs[c])
        return [`line ${line}: "${c}" does not close ${open ? `"${open.c}"` : "anything"}.`];
    }
  }
  return stack.map((s) => `line ${s.line}: "${s.c}" is never closed.`);
}

export function checkBicep(text: string): BicepFile {
  const code = codeOf(text);
  const problems = bracketProblems(code);
  const declarations: BicepDeclaration[] = [];
  const rawLines = text.split("\n");
  code.split("\n").forEach((line, index) => {
    const m = /^(param|var|resource|output|module)\s+([A-Za-z_][A-Za-z0-9_]*)\b(.*)$/.exec(line);
    if (!m) return;
    const raw = rawLines[index]!.slice(m[1]!.length).trim().slice(m[2]!.length).trim();
    declarations.push({
      kind: m[1] as BicepDeclaration["kind"],
      name: m[2]!,
      rest: raw,
      hasDefault: m[1] === "param" && m[3]!.includes("="),
    });
  });

  // Outputs have a namespace of their own; params, vars, resources and modules share one.
  const seen = new Map<string, string>();
  for (const d of declarations) {
    const key = d.kind === "output" ? `output:${d.name}` : d.name;
    if (seen.has(key)) problems.push(`${d.name} is declared twice (${seen.get(key)} and ${d.kind}).`);
    seen.set(key, d.kind);
  }
  const symbols = new Set(declarations.filter((d) => d.kind !== "output").map((d) => d.name));

  // Every identifier in an expression: not a property (after "."), not an object key (before ":"), not the
  // name being declared; a call must be a known function, anything else a declared symbol or a keyword.
  const uses = new Map<string, number>();
  const identifier = /[A-Za-z_][A-Za-z0-9_]*/g;
  code.split("\n").forEach((line, index) => {
    const declared = /^(param|var|resource|output|module)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(line);
    for (const m of line.matchAll(identifier)) {
      const name = m[0];
      const start = m.index!;
      const before = line.slice(0, start).trimEnd();
      const after = line.slice(start + name.length);
      if (/^\d/.test(name) || before.endsWith(".")) continue;
      if (declared && start <= declared.index! + declared[0].length) continue;
      // A type after a declared name (`param x string`, `output y string`).
      if (declared && (declared[1] === "param" || declared[1] === "output") && keywords.has(name)) continue;
      if (/^\s*:/.test(after) && !/\?\s*$/.test(before)) continue;
      if (/^\s*\(/.test(after)) {
        if (!functions.has(name) && !symbols.has(name)) {
          problems.push(`line ${index + 1}: ${name}() is not a function Bicep knows here.`);
        }
        continue;
      }
      if (keywords.has(name)) continue;
      if (!symbols.has(name)) problems.push(`line ${index + 1}: ${name} is not declared.`);
      else uses.set(name, (uses.get(name) ?? 0) + 1);
    }
  });
  for (const d of declarations) {
    if ((d.kind === "param" || d.kind === "var") && !uses.has(d.name)) {
      problems.push(`${d.kind} ${d.name} is never used.`);
    }
  }
  return { declarations, problems };
}
