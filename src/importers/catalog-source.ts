/**
 * The one writer of the catalog modules that `sloforge import` produces, and the check of what it
 * wrote. A catalog is code that runs when it loads, and an import's input is data from elsewhere
 * (a spec, a file path), so nothing of the input is ever pasted as text: the importer builds a value
 * (builder calls, objects, arrays, strings, numbers, booleans, and comments as values too), this
 * module prints every leaf through one serializer, then parses the printed source with acorn and
 * refuses it unless the tree holds exactly the values it meant: no other node, no other comment.
 */
import { parse } from 'acorn';
import type { Expression, Node, Program, Property, SpreadElement } from 'acorn';
import { UserError } from '../core/errors.js';

/** The builders an imported catalog may call: each is imported from 'sloforge'. */
export type CatalogBuilder = 'catalog' | 'service' | 'environment';

/** A call of a catalog builder. */
class Call {
  constructor(
    readonly callee: CatalogBuilder,
    readonly args: readonly SourceValue[],
  ) {}
}

/** A value with a line comment above it (in an object or an array): the text is data, printed as a string literal. */
export class Commented {
  constructor(
    readonly value: SourceValue,
    readonly comment: string,
  ) {}
}

export type SourceValue = string | number | boolean | readonly SourceValue[] | { readonly [key: string]: SourceValue } | Call | Commented;

/** A catalog module: a header comment, one import, and `export default catalog(...)`. */
export interface CatalogModule {
  header: string;
  root: Call;
}

export const call = (callee: CatalogBuilder, ...args: SourceValue[]) => new Call(callee, args);
export const commented = (value: SourceValue, comment: string) => new Commented(value, comment);

/**
 * A string literal that no parser reads as anything else: JSON's escapes (quotes, backslashes,
 * control characters, lone surrogates) plus U+2028 and U+2029, which end a line in JavaScript.
 */
function stringLiteral(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function propertyKey(key: string): string {
  // `__proto__: x` and `"__proto__": x` set the object's prototype; a computed key makes an own property.
  if (key === '__proto__') return `[${stringLiteral(key)}]`;
  return IDENTIFIER.test(key) ? key : stringLiteral(key);
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new UserError(`cannot write the number ${value} into a catalog`);
  return String(value);
}

const isPlainObject = (value: SourceValue): value is { readonly [key: string]: SourceValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Call) && !(value instanceof Commented);

/** Entries whose value is not undefined (optional fields left out), in order. */
const entriesOf = (value: { readonly [key: string]: SourceValue }) => Object.entries(value).filter(([, v]) => v !== undefined);

function print(value: SourceValue, indent: string): string {
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Commented) throw new UserError('a comment stands only above an entry of an object or an array');
  const inner = `${indent}  `;
  const item = (v: SourceValue) =>
    v instanceof Commented ? `${inner}// ${stringLiteral(v.comment)}\n${inner}${print(v.value, inner)}` : `${inner}${print(v, inner)}`;
  if (value instanceof Call) {
    const commentedArgs = value.args.some((a) => a instanceof Commented);
    const oneLine = commentedArgs ? '\n' : `${value.callee}(${value.args.map((a) => print(a, indent)).join(', ')})`;
    if (oneLine.length <= 100 && !oneLine.includes('\n')) return oneLine;
    // `service({` … `})`: the leading arguments on the call's line, the last one (an object) opened there.
    const leading = value.args.slice(0, -1).map((a) => print(a, indent));
    const last = value.args.at(-1);
    if (last !== undefined && isPlainObject(last) && leading.every((a) => !a.includes('\n')) && !commentedArgs)
      return `${value.callee}(${[...leading, print(last, indent)].join(', ')})`;
    return `${value.callee}(\n${value.args.map(item).join(',\n')},\n${indent})`;
  }
  if (Array.isArray(value)) {
    const items = value as readonly SourceValue[];
    if (items.length === 0) return '[]';
    const oneLine = items.some((v) => v instanceof Commented) ? '\n' : `[${items.map((v) => print(v, indent)).join(', ')}]`;
    if (oneLine.length <= 100 && !oneLine.includes('\n')) return oneLine;
    return `[\n${items.map(item).join(',\n')},\n${indent}]`;
  }
  if (!isPlainObject(value)) throw new UserError(`cannot write ${typeof value} into a catalog`);
  const entries = entriesOf(value);
  if (entries.length === 0) return '{}';
  const entry = ([k, v]: [string, SourceValue], at: string) =>
    v instanceof Commented ? `// ${stringLiteral(v.comment)}\n${at}${propertyKey(k)}: ${print(v.value, at)}` : `${propertyKey(k)}: ${print(v, at)}`;
  const oneLine = `{ ${entries.map((e) => entry(e, indent)).join(', ')} }`;
  if (oneLine.length <= 100 && !oneLine.includes('\n')) return oneLine;
  return `{\n${entries.map((e) => `${inner}${entry(e, inner)}`).join(',\n')},\n${indent}}`;
}

/** The builders the module calls, in a fixed order. */
function buildersOf(value: SourceValue, found = new Set<CatalogBuilder>()): Set<CatalogBuilder> {
  if (value instanceof Commented) buildersOf(value.value, found);
  else if (value instanceof Call) {
    found.add(value.callee);
    for (const a of value.args) buildersOf(a, found);
  } else if (Array.isArray(value)) for (const v of value as readonly SourceValue[]) buildersOf(v, found);
  else if (isPlainObject(value)) for (const [, v] of entriesOf(value)) buildersOf(v, found);
  return found;
}

function commentsOf(value: SourceValue, found: string[] = []): string[] {
  if (value instanceof Commented) {
    found.push(value.comment);
    commentsOf(value.value, found);
  } else if (value instanceof Call) for (const a of value.args) commentsOf(a, found);
  else if (Array.isArray(value)) for (const v of value as readonly SourceValue[]) commentsOf(v, found);
  else if (isPlainObject(value)) for (const [, v] of entriesOf(value)) commentsOf(v, found);
  return found;
}

const BUILDER_ORDER: CatalogBuilder[] = ['catalog', 'environment', 'service'];

/** The module's source, checked: it parses to exactly the values given, or nothing is returned. */
export function writeCatalogModule(module: CatalogModule): string {
  const builders = BUILDER_ORDER.filter((b) => buildersOf(module.root).has(b));
  const source = `// ${stringLiteral(module.header)}
import { ${builders.join(', ')} } from 'sloforge';

export default ${print(module.root, '')};
`;
  checkCatalogModule(source, module, builders);
  return source;
}

/** What a parsed expression means, in the same terms as the values written (comments aside). */
type Meaning = string | number | boolean | { call: string; args: Meaning[] } | { array: Meaning[] } | { object: Array<[string, Meaning]> };

function meaningOfValue(value: SourceValue): Meaning {
  if (value instanceof Commented) return meaningOfValue(value.value);
  if (value instanceof Call) return { call: value.callee, args: value.args.map(meaningOfValue) };
  if (Array.isArray(value)) return { array: (value as readonly SourceValue[]).map(meaningOfValue) };
  if (isPlainObject(value)) return { object: entriesOf(value).map(([k, v]) => [k, meaningOfValue(v)]) };
  return value as string | number | boolean;
}

class Refused extends Error {
  constructor(node: Node, what: string) {
    super(`${what} at offset ${node.start}`);
  }
}

function meaningOfNode(node: Expression | SpreadElement | Node | null, builders: ReadonlySet<string>): Meaning {
  if (!node) throw new Error('an empty array slot');
  switch (node.type) {
    case 'Literal': {
      const literal = node as Node & { value: unknown; regex?: unknown; bigint?: unknown };
      if (literal.regex !== undefined || literal.bigint !== undefined) throw new Refused(node, 'a regular expression or bigint literal');
      if (typeof literal.value === 'string' || typeof literal.value === 'number' || typeof literal.value === 'boolean') return literal.value;
      throw new Refused(node, `a ${String(literal.value)} literal`);
    }
    case 'UnaryExpression': {
      const unary = node as Node & { operator: string; argument: Node };
      const argument = unary.argument as Node & { value?: unknown };
      if (unary.operator === '-' && argument.type === 'Literal' && typeof argument.value === 'number') return -argument.value;
      throw new Refused(node, `the operator ${unary.operator}`);
    }
    case 'ArrayExpression':
      return { array: (node as Node & { elements: Array<Expression | SpreadElement | null> }).elements.map((e) => meaningOfNode(e, builders)) };
    case 'ObjectExpression': {
      const seen = new Set<string>();
      const entries = (node as Node & { properties: Array<Property | SpreadElement> }).properties.map((p): [string, Meaning] => {
        if (p.type !== 'Property' || p.kind !== 'init' || p.method || p.shorthand) throw new Refused(p, 'an object member that is not a plain key: value');
        const key = p.key as Node & { name?: string; value?: unknown };
        let name: string;
        if (p.computed) {
          if (!(key.type === 'Literal' && key.value === '__proto__')) throw new Refused(p, 'a computed key');
          name = '__proto__';
        } else if (key.type === 'Identifier' && key.name !== '__proto__') name = key.name!;
        else if (key.type === 'Literal' && typeof key.value === 'string' && key.value !== '__proto__') name = key.value;
        else throw new Refused(p, 'a key that is not a name or a string');
        if (seen.has(name)) throw new Refused(p, `the key ${stringLiteral(name)} twice`);
        seen.add(name);
        return [name, meaningOfNode(p.value, builders)];
      });
      return { object: entries };
    }
    case 'CallExpression': {
      const c = node as Node & { callee: Node & { name?: string }; arguments: Array<Expression | SpreadElement>; optional: boolean };
      if (c.callee.type !== 'Identifier' || !builders.has(c.callee.name!) || c.optional)
        throw new Refused(node, 'a call of something other than a catalog builder');
      return { call: c.callee.name!, args: c.arguments.map((a) => meaningOfNode(a, builders)) };
    }
    default:
      throw new Refused(node, `a ${node.type}`);
  }
}

function sameMeaning(a: Meaning, b: Meaning): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if ('call' in a) return 'call' in b && a.call === b.call && a.args.length === b.args.length && a.args.every((x, i) => sameMeaning(x, b.args[i]));
  if ('array' in a) return 'array' in b && a.array.length === b.array.length && a.array.every((x, i) => sameMeaning(x, b.array[i]));
  return 'object' in b && a.object.length === b.object.length && a.object.every(([k, v], i) => k === b.object[i][0] && sameMeaning(v, b.object[i][1]));
}

/**
 * Parses the written source and throws unless it is exactly: the header comment, one import of the
 * builders from 'sloforge', `export default` of the root call, the comments written and no other,
 * and a tree of builder calls and literals equal to the values meant.
 */
export function checkCatalogModule(source: string, module: CatalogModule, builders: readonly string[]): void {
  const refuse = (why: string): never => {
    throw new UserError(`import: refusing to write the catalog: the source written does not parse to the values meant (${why}); please report this`);
  };
  const comments: string[] = [];
  let program: Program;
  try {
    program = parse(source, { ecmaVersion: 2022, sourceType: 'module', onComment: (block, text) => comments.push(block ? `/*${text}*/` : text) });
  } catch (error) {
    return refuse(`it does not parse: ${(error as Error).message}`);
  }
  const expectedComments = [module.header, ...commentsOf(module.root)].map((c) => ` ${stringLiteral(c)}`);
  if (comments.length !== expectedComments.length || comments.some((c, i) => c !== expectedComments[i])) refuse('its comments are not the ones written');
  const [first, second, ...rest] = program.body;
  if (rest.length > 0 || first?.type !== 'ImportDeclaration' || second?.type !== 'ExportDefaultDeclaration')
    return refuse('a module is one import and one default export');
  const imported = first.specifiers.map((s) =>
    s.type === 'ImportSpecifier' && s.imported.type === 'Identifier' && s.local.name === s.imported.name ? s.local.name : '',
  );
  if (first.source.value !== 'sloforge' || imported.join(',') !== builders.join(',')) refuse('the import is not the builders from sloforge');
  try {
    const meaning = meaningOfNode(second.declaration as Expression, new Set(builders));
    if (!sameMeaning(meaning, meaningOfValue(module.root))) refuse('the values differ');
  } catch (error) {
    if (error instanceof UserError) throw error;
    refuse(`it holds ${(error as Error).message}`);
  }
}
