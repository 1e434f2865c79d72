/**
 * How large and how deep a JSON value is, measured with loops and an explicit stack, never recursion: a value
 * nested 100,000 levels deep costs a loop, not the call stack, and measuring stops as soon as the answer is
 * known. Pure. Example: jsonSizeExceeds({ comments: 'x'.repeat(2000) }, 1024) → true.
 */

/** Where the walk is inside one array or object: the entries still to visit and whether one was written. */
interface Frame {
  container: object;
  keys: readonly string[] | null;
  next: number;
  wrote: boolean;
}

type Resolved = { kind: 'skip' } | { kind: 'scalar'; bytes: number } | { kind: 'string'; text: string } | { kind: 'container'; value: object };

/** What JSON.stringify writes for a value: toJSON applied, boxed primitives unboxed, undefined/functions skipped. */
function resolve(raw: unknown, key: string): Resolved {
  let value = raw;
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  if (value instanceof Number) value = Number(value);
  else if (value instanceof String) value = String(value);
  else if (value instanceof Boolean) value = value.valueOf();
  switch (typeof value) {
    case 'string':
      return { kind: 'string', text: value };
    case 'number':
      return { kind: 'scalar', bytes: Number.isFinite(value) ? String(value).length : 4 };
    case 'boolean':
      return { kind: 'scalar', bytes: value ? 4 : 5 };
    // JSON.stringify throws on a bigint; JSON.parse never makes one. Counted as its digits.
    case 'bigint':
      return { kind: 'scalar', bytes: String(value).length };
    case 'object':
      return value === null ? { kind: 'scalar', bytes: 4 } : { kind: 'container', value };
    default:
      return { kind: 'skip' };
  }
}

/**
 * UTF-8 bytes of a string as a JSON literal (quotes and escapes included); stops counting once past `budget`.
 * Lone surrogates are written as \udxxx escapes, as JSON.stringify does.
 */
function stringBytes(s: string, budget: number): number {
  // Every UTF-16 unit takes at least one byte: a string longer than the budget needs no closer look.
  if (s.length + 2 > budget) return s.length + 2;
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += c === 0x22 || c === 0x5c ? 2 : c >= 0x20 ? 1 : c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 2 : 6;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 6;
    } else if (c >= 0xdc00 && c <= 0xdfff) n += 6;
    else n += 3;
    if (n > budget) return n;
  }
  return n;
}

/**
 * UTF-8 bytes of JSON.stringify(value) (0 when it writes nothing), exact up to `stopAbove`; past it, counting
 * stops and some number above `stopAbove` is returned. Throws a TypeError on a cycle, like JSON.stringify.
 * Example: jsonByteLength({ a: 'é' }) → 10, Buffer.byteLength('{"a":"é"}').
 */
export function jsonByteLength(value: unknown, stopAbove = Infinity): number {
  let total = 0;
  const stack: Frame[] = [];
  const open = new Set<object>();

  /** Adds a value that is written (not skipped); opens a container. */
  const write = (r: Exclude<Resolved, { kind: 'skip' }>) => {
    if (r.kind === 'scalar') total += r.bytes;
    else if (r.kind === 'string') total += stringBytes(r.text, stopAbove - total);
    else {
      if (open.has(r.value)) throw new TypeError('Converting circular structure to JSON');
      open.add(r.value);
      const keys = Array.isArray(r.value) ? null : Object.keys(r.value);
      stack.push({ container: r.value, keys, next: 0, wrote: false });
      total += 1;
    }
  };

  const root = resolve(value, '');
  if (root.kind === 'skip') return 0;
  write(root);
  while (stack.length > 0 && total <= stopAbove) {
    const frame = stack[stack.length - 1];
    if (frame.keys === null) {
      const items = frame.container as unknown[];
      if (frame.next >= items.length) {
        total += 1;
        open.delete(stack.pop()!.container);
        continue;
      }
      const i = frame.next++;
      if (i > 0) total += 1;
      const r = resolve(items[i], String(i));
      // An array writes null where an object would leave the entry out.
      write(r.kind === 'skip' ? { kind: 'scalar', bytes: 4 } : r);
    } else {
      if (frame.next >= frame.keys.length) {
        total += 1;
        open.delete(stack.pop()!.container);
        continue;
      }
      const key = frame.keys[frame.next++];
      const r = resolve((frame.container as Record<string, unknown>)[key], key);
      if (r.kind === 'skip') continue;
      if (frame.wrote) total += 1;
      frame.wrote = true;
      total += stringBytes(key, stopAbove - total) + 1;
      if (total > stopAbove) break;
      write(r);
    }
  }
  return total;
}

/** Whether JSON.stringify(value) takes more than `limitBytes` bytes of UTF-8; stops reading as soon as it does. */
export function jsonSizeExceeds(value: unknown, limitBytes: number): boolean {
  return jsonByteLength(value, limitBytes) > limitBytes;
}

/**
 * Where a value first nests arrays or objects more than `maxDepth` levels deep (the outermost counts as 1), as
 * a path shortened to its first `shownSegments` parts, e.g. 'answers.comments.a.a…'; null when it does not.
 * Example: pathTooDeep({ answers: { comments: [['x']] } }, 3) → 'answers.comments[0]'.
 */
export function pathTooDeep(value: unknown, maxDepth: number, shownSegments = 4): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (maxDepth < 1) return '';
  const stack: { container: object; keys: readonly string[] | null; next: number; segment: string }[] = [
    { container: value, keys: Array.isArray(value) ? null : Object.keys(value), next: 0, segment: '' },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const size = frame.keys === null ? (frame.container as unknown[]).length : frame.keys.length;
    if (frame.next >= size) {
      stack.pop();
      continue;
    }
    const i = frame.next++;
    const key = frame.keys === null ? i : frame.keys[i];
    const child = (frame.container as Record<string | number, unknown>)[key];
    if (typeof child !== 'object' || child === null) continue;
    const segment = typeof key === 'number' ? `[${key}]` : `.${key}`;
    if (stack.length + 1 > maxDepth) return shortPath([...stack.slice(1).map((f) => f.segment), segment], shownSegments);
    stack.push({ container: child, keys: Array.isArray(child) ? null : Object.keys(child), next: 0, segment });
  }
  return null;
}

function shortPath(segments: string[], shown: number): string {
  const path = segments.slice(0, shown).join('').replace(/^\./, '');
  return segments.length > shown ? `${path}…` : path;
}
