/** Parsing a document for the rules: the tree of what parsed, and every syntax error with a message. */
import { parseToml } from "./toml/parser";
import type { Span, TableNode } from "./tree";

export interface SyntaxProblem {
  span: Span;
  message: string;
  duplicate: boolean;
}

export interface ParsedDocument {
  text: string;
  /** The tree of what parsed (the whole document when there are no syntax errors). */
  root: TableNode;
  errors: SyntaxProblem[];
}

export function parseDocument(text: string): ParsedDocument {
  const { root, errors } = parseToml(text);
  return {
    text,
    root,
    errors: errors.map((e) => ({
      span: e.span,
      duplicate: e.duplicate,
      message: `${e.duplicate ? e.message : `TOML syntax error: ${e.message}`}. flyctl cannot load a fly.toml that does not parse, so every fly command for this app fails until it is fixed.`,
    })),
  };
}
