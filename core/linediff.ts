/** A line diff of two texts, as the few edits that turn one into the other (for undo, previews and counts). */
import type { SpanEdit } from "./edits";

/** Lines with their own line ending, so edits map straight onto offsets. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

interface Hunk {
  /** Offsets in the old text, and what replaces them. */
  span: [number, number];
  newText: string;
  /** The first line of the old text it replaces (0-based), and the lines removed and added. */
  line: number;
  removed: number;
  added: number;
}

/** Longest common subsequence of two line lists, as pairs of indices (a, b), in order. */
function commonLines(a: string[], b: string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  // beyond this size a single replacement is a fine answer (fly.toml files are small)
  if (n * m > 4_000_000) return [];
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** `lineByLine`: a block of n lines replaced by n lines is n one-line hunks (so range formatting can pick lines). */
export function lineDiff(before: string, after: string, lineByLine = false): Hunk[] {
  if (before === after) return [];
  const a = lines(before);
  const b = lines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const anchors = [
    ...commonLines(midA, midB).map(([i, j]): [number, number] => [i + head, j + head]),
    [a.length - tail, b.length - tail] as [number, number],
  ];
  const offsets = [0];
  for (const l of a) offsets.push(offsets[offsets.length - 1] + l.length);
  const hunks: Hunk[] = [];
  let i = head;
  let j = head;
  for (const [ai, bj] of anchors) {
    if (lineByLine && ai - i === bj - j && ai - i > 1) {
      for (let k = 0; k < ai - i; k++)
        hunks.push({ span: [offsets[i + k], offsets[i + k + 1]], newText: b[j + k], line: i + k, removed: 1, added: 1 });
    } else if (ai > i || bj > j)
      hunks.push({ span: [offsets[i], offsets[ai]], newText: b.slice(j, bj).join(""), line: i, removed: ai - i, added: bj - j });
    i = ai + 1;
    j = bj + 1;
  }
  return hunks;
}

/** The diff as edits (applyEdits(before, lineEdits(before, after)) === after). */
export function lineEdits(before: string, after: string): SpanEdit[] {
  return lineDiff(before, after).map((h) => ({ span: h.span, newText: h.newText }));
}

/** How many lines a change touches: per hunk, the larger of the lines removed and added. */
export function changedLines(before: string, after: string): number {
  return lineDiff(before, after).reduce((n, h) => n + Math.max(h.removed, h.added), 0);
}
