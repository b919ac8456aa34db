/** Parsing a document for the rules: the tree of what parsed, and every syntax error with a message. */
import { parseToml, type ParseResult, type SyntaxProblem } from "../../../core/toml/parser";
import type { TableNode } from "../../../core/tree";
import { textOffsetOfByte } from "../../../core/utf8";
import type { Finding } from "./rules/context";

export interface ParsedDocument {
  text: string;
  /** The parser's own result (comments included), for formatting. */
  parse: ParseResult;
  /** The tree of what parsed (the whole document when there are no syntax errors). */
  root: TableNode;
  errors: SyntaxProblem[];
}

/** The last few parses: diagnostics, hover, completion and code actions ask for the same text in a row. */
const cache: ParsedDocument[] = [];
const CACHE_SIZE = 2;

export function parseDocument(text: string): ParsedDocument {
  const hit = cache.find((c) => c.text === text);
  if (hit) return hit;
  const parsed = parse(text);
  cache.unshift(parsed);
  // a very large document's tree is never kept beside another one, so memory stays bounded
  cache.length = Math.min(cache.length, cache.some((c) => c.text.length > 1_000_000) ? 1 : CACHE_SIZE);
  return parsed;
}

/** Drops the cached trees (when documents close, so their memory can go). */
export function forgetParses(): void {
  cache.length = 0;
}

function parse(text: string): ParsedDocument {
  const result = parseToml(text);
  const { root, errors } = result;
  return {
    text,
    parse: result,
    root,
    errors: errors.map((e) => ({
      span: e.span,
      duplicate: e.duplicate,
      message:
        `${e.duplicate ? e.message : `TOML syntax error: ${e.message}`}. flyctl cannot load a fly.toml that does not parse, so ` +
        `every fly command for this app fails until it is fixed.`,
    })),
  };
}

/** The one finding of a file that is not UTF-8: flyctl cannot read it at all (go-toml reads UTF-8 only). */
export function notUtf8(text: string, bytes: Uint8Array, byteOffset: number): Finding {
  const at = textOffsetOfByte(bytes, byteOffset);
  const hex = bytes[byteOffset].toString(16).toUpperCase().padStart(2, "0");
  return {
    rule: "toml-syntax",
    severity: "error",
    message:
      `The file is not UTF-8: byte 0x${hex} at byte offset ${byteOffset} is not part of a UTF-8 character. flyctl cannot load a ` +
      `fly.toml that is not UTF-8, so every fly command for this app fails; save it as UTF-8.`,
    span: [at, Math.min(at + 1, text.length)],
    fixes: [],
  };
}
