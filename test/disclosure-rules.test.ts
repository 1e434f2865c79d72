/**
 * Hidden cells kept for sponsors' pages (suppressed_cells) are read only under the `disclosureRules` they were
 * worked out with, and that number is moved on by hand. This test makes the hand move it: it fingerprints the
 * code whose output is kept and compares it with `disclosureRulesFingerprint`, recorded beside
 * `disclosureRules` in src/domain/disclosure.ts when the rules were last moved on.
 *
 * Covered: every statement of src/domain/disclosure.ts but its imports, types and interfaces and the two
 * constants themselves (isSensitive, hiddenCells and what they call there; linkedChangeShown too, which is
 * not kept: a change to it costs a needless bump, nothing more), and in src/workflows/shown.ts the functions
 * that make a round's table and its hidden cells (`tableFunctions`).
 * The fingerprint is of the code's tokens: comments, whitespace, line breaks and trailing commas do not move
 * it; anything else does, a renamed variable too.
 * Not covered: what those functions are given or call elsewhere — which breakdowns make up a table
 * (workflows/breakdown.ts breakdownChoices, domain/disaggregation.ts), the categories and households the kept
 * sums hold (queries/aggregates.ts), an indicator's definition (kept under its own version). A change there
 * that changes what is hidden must move disclosureRules on just the same.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { disclosureRules, disclosureRulesFingerprint } from '../src/domain/disclosure';

const root = join(import.meta.dirname, '..');
const rulesFile = 'src/domain/disclosure.ts';
const tablesFile = 'src/workflows/shown.ts';
/** The functions of shown.ts whose output is kept: a round's table for disclosure control and its hidden cells. */
const tableFunctions = ['roundHidden', 'tableOf', 'disclosureCell', 'minus'];
const constants = ['disclosureRules', 'disclosureRulesFingerprint'];

/** A node's tokens, comments (JSDoc included) and whitespace left out: string and template literals keep their text. */
function tokens(node: ts.Node, file: ts.SourceFile, out: string[] = []): string[] {
  if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return out;
  const children = node.getChildren(file);
  if (children.length === 0) {
    const text = node.getText(file);
    if (text !== '') out.push(text);
  } else for (const child of children) tokens(child, file, out);
  return out;
}

/** Tokens with trailing commas dropped (a formatter adds or removes them). */
const withoutTrailingCommas = (t: string[]) => t.filter((x, i) => !(x === ',' && [')', ']', '}', '>'].includes(t[i + 1])));

/** The statements of a module whose output is kept: none of its imports, types, or the constants recording its version. */
function keptStatements(file: ts.SourceFile): ts.Statement[] {
  return file.statements.filter(
    (s) =>
      !ts.isImportDeclaration(s) &&
      !ts.isInterfaceDeclaration(s) &&
      !ts.isTypeAliasDeclaration(s) &&
      !(ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && constants.includes(d.name.text))),
  );
}

/** The named top-level functions of a module; fails naming any that is not there (renamed or moved). */
function functionsNamed(file: ts.SourceFile, names: readonly string[]): ts.Statement[] {
  const found = file.statements.filter((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && !!s.name && names.includes(s.name.text));
  const missing = names.filter((n) => !found.some((f) => f.name!.text === n));
  expect(missing, `${tablesFile} no longer has ${missing.join(', ')}: update tableFunctions in test/disclosure-rules.test.ts`).toEqual([]);
  return found;
}

type Source = { name: string; text: string; pick: (file: ts.SourceFile) => ts.Statement[] };

/** sha256 of the picked statements' tokens, one line per statement. */
function fingerprintOf(sources: Source[]): string {
  const text = sources.flatMap(({ name, text, pick }) => {
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    return pick(file).map((s) => withoutTrailingCommas(tokens(s, file)).join(' '));
  });
  return createHash('sha256').update(text.join('\n')).digest('hex');
}

const read = (name: string) => readFileSync(join(root, name), 'utf8');

describe('disclosureRules', () => {
  it('is moved on whenever the code whose hidden cells are kept changes', () => {
    const now = fingerprintOf([
      { name: rulesFile, text: read(rulesFile), pick: keptStatements },
      { name: tablesFile, text: read(tablesFile), pick: (file) => functionsNamed(file, tableFunctions) },
    ]);
    expect(
      now,
      `The disclosure code changed (${rulesFile}, or ${tableFunctions.join('/')} in ${tablesFile}) and sponsors' pages would go on ` +
        `reading hidden cells kept under the old rules: bump disclosureRules in ${rulesFile} from ${disclosureRules} to ` +
        `${disclosureRules + 1} and record the new fingerprint beside it: export const disclosureRulesFingerprint = '${now}'; ` +
        `(only a change that cannot alter what is hidden, such as a rename, may record the fingerprint without the bump)`,
    ).toBe(disclosureRulesFingerprint);
  });

  it('the fingerprint ignores comments, whitespace, trailing commas, types and the version, not a changed rule', () => {
    const of = (text: string) => fingerprintOf([{ name: 'rules.ts', text, pick: keptStatements }]);
    const rules = [
      '/** The rules. */',
      "import { x } from './x';",
      'export interface Cell { id: string }',
      'export const disclosureRules = 1;',
      'export const zeroCellMinimum = (threshold: number) => 2 * threshold;',
      '/** Labels. */',
      'export function labels(cells: Cell[]) {',
      '  return cells.map((c) => `${c.id}: ${x}`);',
      '}',
    ].join('\n');
    const now = of(rules);
    const same = [
      rules.replace('/** The rules. */', '// Other words.').replace('/** Labels. */\n', ''),
      rules.replace('=> 2 * threshold;', '=>\n  2 *   threshold /* why */;').replace('(cells: Cell[])', '(\n  cells: Cell[],\n)'),
      rules.replace('{ id: string }', '{ id: string; extra?: number }'),
      rules.replace('disclosureRules = 1', 'disclosureRules = 2'),
    ];
    for (const text of same) expect(of(text), text).toBe(now);
    const changed = [rules.replace('2 * threshold', '3 * threshold'), rules.replace('${c.id}: ${x}', '${c.id}:${x}'), rules.replace('(c) => ', '(c) => c.id && ')];
    for (const text of changed) expect(of(text), text).not.toBe(now);
  });
});
