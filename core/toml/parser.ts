/**
 * A TOML 1.1 parser (what flyctl's go-toml v2.4.3 reads) that builds the document tree directly, with UTF-16 offsets, and keeps going after an
 * error: the rest of a broken line is skipped, so every error is reported and the rest of the document still
 * gets a tree (an editor checks half-typed files on every keystroke).
 */
import type { ArrayNode, Entry, Header, Node, Span, TableNode, ValueNode } from "../tree";

export interface SyntaxProblem {
  span: Span;
  message: string;
  /** A key or table defined twice (TOML's semantic rule, as opposed to a syntax error). */
  duplicate: boolean;
}

/** A form TOML 1.1 added (flyctl reads it; TOML 1.0 tools such as taplo reject it). */
interface Toml11Use {
  span: Span;
  /** What it is, e.g. "an inline table over several lines". */
  what: string;
}

export interface ParseResult {
  root: TableNode;
  errors: SyntaxProblem[];
  /** Spans of the comments, `#` included. */
  comments: Span[];
  /** Where the document uses TOML 1.1 forms (none in most files). */
  toml11: Toml11Use[];
}

const MAX_ERRORS = 100;
/** Arrays and inline tables nested deeper than this are refused (deeper recursion would exhaust the stack). */
const MAX_DEPTH = 200;

class ParseError extends Error {
  constructor(
    readonly at: number,
    message: string,
    readonly end = at + 1,
    readonly duplicate = false,
  ) {
    super(message);
  }
}

const isWs = (c: number) => c === 0x20 || c === 0x09;
/** Characters that end a bare value: white space, newline, `,`, `]`, `}`, `#`. */
const endsValue = (c: number) =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2c || c === 0x5d || c === 0x7d || c === 0x23 || Number.isNaN(c);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

const ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };
/** TOML 1.1's escapes beside `\xHH`: `\e` is ESC. */
const ESCAPES_11: Record<string, string> = { e: "\x1b" };

const DATE = /(\d{4})-(\d{2})-(\d{2})/y;
/** A control character that may not stand in a comment or a string (tab is allowed; a lone CR is not). */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)/;
/** A whole `key = value` line of the simple kind (see simpleKeyValue); the value must end the line or meet a comment. */
const SIMPLE_KV = new RegExp(
  [
    "([A-Za-z0-9_-]+)[ \\t]*=[ \\t]*", // a bare key and =
    '(?:"([^"\\\\\\x00-\\x08\\x0a-\\x1f\\x7f]*)"', // a basic string without escapes
    "|'([^'\\x00-\\x08\\x0a-\\x1f\\x7f]*)'", // a literal string
    "|([+-]?(?:0|[1-9][0-9]{0,14}))", // a decimal integer
    "|(true|false))", // a boolean
    "(?=[ \\t]*(?:#|\\r?\\n|$))", // then only white space, a comment, or the line's end
  ].join(""),
  "y",
);
/** What a one-line string's text may not hold without the slow path: an escape, a newline, a control character. */
const NOT_PLAIN = /[\\\n\x00-\x08\x0b-\x1f\x7f]/;
/** The same for a literal string, where a backslash is only text. */
const NOT_PLAIN_LITERAL = /[\n\x00-\x08\x0b-\x1f\x7f]/;
/** A time; TOML 1.1 makes the seconds optional (then no fraction either). */
const TIME = /(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?/y;
/** A bare key's characters (possibly none). */
const BARE_KEY = /[A-Za-z0-9_-]*/y;
const OFFSET = /(Z|z|[+-]\d{2}:\d{2})/y;

interface KeyPart {
  name: string;
  span: Span;
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly errors: SyntaxProblem[] = [];
  private readonly comments: Span[] = [];
  private readonly toml11: Toml11Use[] = [];
  private readonly root: TableNode;
  /** Tables whose keys were all given at once (inline tables): nothing may be added to them later. */
  private readonly sealed = new WeakSet<Node>();
  /** Tables defined by a `[header]` or by dotted keys: a header may not define them again. */
  private readonly defined = new WeakSet<TableNode>();

  constructor(private readonly text: string) {
    this.root = { kind: "table", form: "root", entries: new Map(), span: [0, text.length] };
  }

  parse(): ParseResult {
    const t = this.text;
    let current: TableNode = this.root;
    if (t.charCodeAt(0) === 0xfeff) {
      // go-toml v2, flyctl's parser, rejects a byte order mark; report it and read on
      this.fail(
        new ParseError(
          0,
          "The file starts with a byte order mark (BOM), which flyctl's TOML parser rejects; save it as UTF-8 without BOM",
          1,
        ),
      );
      this.pos = 1;
    }
    while (this.pos < t.length && this.errors.length < MAX_ERRORS) {
      const lineStart = this.pos;
      try {
        this.skipWs();
        const c = t.charCodeAt(this.pos);
        if (this.pos >= t.length) break;
        if (c === 0x0a || c === 0x0d || c === 0x23) {
          this.endOfLine();
          continue;
        }
        if (c === 0x5b) current = this.header();
        else if (!this.simpleKeyValue(current)) this.keyValue(current);
        this.endOfLine();
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        this.fail(e);
        // a broken (or duplicated) header: its keys must not land in the table before it
        if (/^[ \t]*\[/.test(t.slice(lineStart, lineStart + 64))) current = this.detached();
        this.skipLine();
      }
    }
    // in document order (an inline table is recorded when it closes, after what it holds)
    if (this.toml11.length > 1) this.toml11.sort((a, b) => a.span[0] - b.span[0]);
    return { root: this.root, errors: this.errors, comments: this.comments, toml11: this.toml11 };
  }

  private detached(): TableNode {
    return { kind: "table", form: "header", entries: new Map(), span: [this.pos, this.pos] };
  }

  private fail(e: ParseError): void {
    const end = Math.max(e.at, Math.min(e.end, this.text.length));
    this.errors.push({ span: [e.at, end], message: e.message, duplicate: e.duplicate });
  }

  // ---------- lines ----------

  private skipWs(): void {
    const t = this.text;
    let i = this.pos;
    for (let c = t.charCodeAt(i); c === 0x20 || c === 0x09; c = t.charCodeAt(++i));
    this.pos = i;
  }

  private skipLine(): void {
    const nl = this.text.indexOf("\n", this.pos);
    this.pos = nl < 0 ? this.text.length : nl + 1;
  }

  /** After a statement: white space, an optional comment, then a newline or the end. */
  private endOfLine(): void {
    this.skipWs();
    const t = this.text;
    if (t.charCodeAt(this.pos) === 0x23) this.comment();
    if (this.pos >= t.length) return;
    if (t.charCodeAt(this.pos) === 0x0a) {
      this.pos++;
      return;
    }
    if (t.charCodeAt(this.pos) === 0x0d && t.charCodeAt(this.pos + 1) === 0x0a) {
      this.pos += 2;
      return;
    }
    throw new ParseError(
      this.pos,
      "Expected the end of the line after this value; put each key = value on its own line",
      this.tokenEnd(this.pos),
    );
  }

  private comment(): void {
    const t = this.text;
    const start = this.pos;
    // the line's end natively, then its control characters (none, nearly always) with one compiled pattern
    const nl = t.indexOf("\n", start);
    let end = nl < 0 ? t.length : nl;
    if (end > start && t.charCodeAt(end - 1) === 0x0d) end--;
    const bad = CONTROL.exec(t.slice(start, end));
    if (bad) {
      this.pos = start + bad.index;
      throw new ParseError(this.pos, "Control characters are not allowed in comments");
    }
    this.comments.push([start, end]);
    this.pos = end;
  }

  /** The end of the word starting at `from`, for error ranges. */
  private tokenEnd(from: number): number {
    const t = this.text;
    let i = from;
    while (i < t.length && !endsValue(t.charCodeAt(i)) && t.charCodeAt(i) !== 0x3d) i++;
    return Math.max(i, from + 1);
  }

  // ---------- keys ----------

  private key(): KeyPart[] {
    const parts: KeyPart[] = [];
    for (;;) {
      this.skipWs();
      parts.push(this.simpleKey());
      this.skipWs();
      if (this.text.charCodeAt(this.pos) !== 0x2e) return parts;
      this.pos++;
    }
  }

  private simpleKey(): KeyPart {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (c === 0x22 || c === 0x27) {
      if (t.startsWith(c === 0x22 ? '"""' : "'''", start)) throw new ParseError(start, "Keys cannot be multi-line strings", start + 3);
      const name = c === 0x22 ? this.basicString() : this.literalString();
      return { name, span: [start, this.pos] };
    }
    // one native match, not a call per character
    BARE_KEY.lastIndex = start;
    BARE_KEY.test(t);
    this.pos = BARE_KEY.lastIndex;
    if (this.pos === start) {
      const what =
        start >= t.length || t[start] === "\n" || t[start] === "\r"
          ? "a key is missing"
          : `unexpected character ${JSON.stringify(t[start])} where a key was expected`;
      throw new ParseError(
        start,
        `Invalid key: ${what}; bare keys use only A-Z a-z 0-9 _ -, anything else must be quoted`,
        this.tokenEnd(start),
      );
    }
    return { name: t.slice(start, this.pos), span: [start, this.pos] };
  }

  // ---------- tables ----------

  private header(): TableNode {
    const t = this.text;
    const start = this.pos;
    const array = t.charCodeAt(start + 1) === 0x5b;
    this.pos += array ? 2 : 1;
    const keys = this.key();
    this.skipWs();
    if (array ? !t.startsWith("]]", this.pos) : t.charCodeAt(this.pos) !== 0x5d) {
      throw new ParseError(this.pos, `Unterminated table header: expected ${array ? "]]" : "]"}`, this.tokenEnd(this.pos));
    }
    this.pos += array ? 2 : 1;
    const header: Header = {
      span: [start, this.pos],
      keySpan: [keys[0].span[0], keys[keys.length - 1].span[1]],
      lastKeySpan: keys[keys.length - 1].span,
      array,
    };
    let parent = this.root;
    for (const k of keys.slice(0, -1)) parent = this.descend(parent, k, header.span);
    const last = keys[keys.length - 1];
    const existing = parent.entries.get(last.name);
    if (array) {
      let arr: ArrayNode;
      if (!existing) {
        arr = { kind: "array", ofTables: true, items: [], span: [start, this.pos], parent };
        parent.entries.set(last.name, { key: last.name, keySpan: last.span, lineSpan: header.span, kv: false, value: arr });
      } else if (existing.value.kind === "array" && existing.value.ofTables) {
        arr = existing.value;
      } else {
        throw new ParseError(
          last.span[0],
          `\`${last.name}\` is already defined as ${existing.value.kind === "array" ? "an array" : "a table"}, so [[${last.name}]] ` +
            `cannot add to it`,
          last.span[1],
          true,
        );
      }
      const table: TableNode = { kind: "table", form: "array-item", entries: new Map(), span: [start, this.pos], parent: arr, header };
      arr.items.push(table);
      arr.span = [arr.span[0], this.pos];
      this.defined.add(table);
      return table;
    }
    if (existing) {
      const v = existing.value;
      if (v.kind === "table" && v.form === "implicit" && !this.defined.has(v)) {
        v.form = "header";
        v.header = header;
        v.span = [start, this.pos];
        existing.keySpan = last.span;
        existing.lineSpan = header.span;
        this.defined.add(v);
        return v;
      }
      throw new ParseError(last.span[0], `Table [${keys.map((k) => k.name).join(".")}] is defined twice`, last.span[1], true);
    }
    const table: TableNode = { kind: "table", form: "header", entries: new Map(), span: [start, this.pos], parent, header };
    parent.entries.set(last.name, { key: last.name, keySpan: last.span, lineSpan: header.span, kv: false, value: table });
    this.defined.add(table);
    return table;
  }

  /** Walks a header's intermediate key: into a table, or into the last table of an array of tables. */
  private descend(parent: TableNode, k: KeyPart, lineSpan: Span): TableNode {
    const e = parent.entries.get(k.name);
    if (!e) {
      const t: TableNode = { kind: "table", form: "implicit", entries: new Map(), span: lineSpan, parent };
      parent.entries.set(k.name, { key: k.name, keySpan: k.span, lineSpan, kv: false, value: t });
      return t;
    }
    const v = e.value;
    if (v.kind === "table" && !this.sealed.has(v)) return v;
    if (v.kind === "array" && v.ofTables && v.items.length) return v.items[v.items.length - 1] as TableNode;
    throw new ParseError(
      k.span[0],
      `\`${k.name}\` is already defined as ${v.kind === "value" ? "a value" : v.kind === "array" ? "an array" : "an inline table"}, so ` +
        `it cannot hold tables`,
      k.span[1],
      true,
    );
  }

  // ---------- key/values ----------

  private keyValue(table: TableNode): void {
    const t = this.text;
    const start = this.pos;
    const keys = this.key();
    this.skipWs();
    if (t.charCodeAt(this.pos) !== 0x3d) {
      const at = this.pos;
      const eol = at >= t.length || t[at] === "\n" || t[at] === "\r";
      throw new ParseError(
        eol ? keys[0].span[0] : at,
        eol
          ? `Expected = after the key \`${keys.map((k) => k.name).join(".")}\``
          : `Expected = after the key, found ${JSON.stringify(t[at])}`,
        eol ? keys[keys.length - 1].span[1] : this.tokenEnd(at),
      );
    }
    this.pos++;
    this.skipWs();
    let target = table;
    for (const k of keys.slice(0, -1)) target = this.dotted(target, k, start);
    const last = keys[keys.length - 1];
    if (target.entries.has(last.name)) {
      throw new ParseError(last.span[0], `\`${last.name}\` is defined twice`, last.span[1], true);
    }
    const entry: Entry = { key: last.name, keySpan: last.span, lineSpan: [start, start], kv: true, value: undefined as unknown as Node };
    const value = this.value(target);
    entry.value = value;
    entry.lineSpan = [start, this.pos];
    target.entries.set(last.name, entry);
    if (table.kind === "table" && table.form !== "inline" && table.form !== "root")
      table.span = [table.span[0], Math.max(table.span[1], this.pos)];
  }

  /**
   * Most lines of a fly.toml are `key = value` with a bare key and a plain string, an integer or a boolean: one
   * native match reads such a line (the character-by-character path is the interpreter's slowest part on a cold
   * start). Anything else is left to keyValue.
   */
  private simpleKeyValue(table: TableNode): boolean {
    const t = this.text;
    const start = this.pos;
    SIMPLE_KV.lastIndex = start;
    const m = SIMPLE_KV.exec(t);
    if (!m) return false;
    const name = m[1];
    const keyEnd = start + name.length;
    let v = t.indexOf("=", keyEnd) + 1;
    while (t.charCodeAt(v) === 0x20 || t.charCodeAt(v) === 0x09) v++;
    const basic = m[2] !== undefined;
    const literal = m[3] !== undefined;
    const end = v + (basic ? m[2].length + 2 : literal ? m[3].length + 2 : (m[4] ?? m[5]).length);
    const raw = t.slice(v, end);
    const span: Span = [v, end];
    if (table.entries.has(name)) throw new ParseError(start, `\`${name}\` is defined twice`, keyEnd, true);
    const value: ValueNode =
      basic || literal
        ? { kind: "value", type: "string", value: basic ? m[2] : m[3], quote: basic ? '"' : "'", raw, span, parent: table }
        : m[4] !== undefined
          ? { kind: "value", type: "integer", value: Number(raw), raw, span, parent: table }
          : { kind: "value", type: "boolean", value: raw === "true", raw, span, parent: table };
    table.entries.set(name, { key: name, keySpan: [start, keyEnd], lineSpan: [start, span[1]], kv: true, value });
    if (table.form !== "inline" && table.form !== "root") table.span = [table.span[0], Math.max(table.span[1], span[1])];
    this.pos = span[1];
    return true;
  }

  private dotted(parent: TableNode, k: KeyPart, lineStart: number): TableNode {
    const e = parent.entries.get(k.name);
    if (!e) {
      const t: TableNode = { kind: "table", form: "dotted", entries: new Map(), span: [lineStart, lineStart], parent };
      parent.entries.set(k.name, { key: k.name, keySpan: k.span, lineSpan: [lineStart, lineStart], kv: false, value: t });
      this.defined.add(t);
      return t;
    }
    const v = e.value;
    if (v.kind === "table" && v.form === "dotted" && !this.sealed.has(v)) return v;
    throw new ParseError(
      k.span[0],
      `\`${k.name}\` is already defined${v.kind === "table" ? " as a table elsewhere" : ""}; a dotted key cannot add to it`,
      k.span[1],
      true,
    );
  }

  // ---------- values ----------

  private value(parent: TableNode | ArrayNode): Node {
    const t = this.text;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (c === 0x22 || c === 0x27) {
      let quote: ValueNode["quote"];
      let value: string;
      if (t.startsWith('"""', start)) {
        quote = '"""';
        value = this.multilineBasic();
      } else if (t.startsWith("'''", start)) {
        quote = "'''";
        value = this.multilineLiteral();
      } else if (c === 0x22) {
        quote = '"';
        value = this.basicString();
      } else {
        quote = "'";
        value = this.literalString();
      }
      return { kind: "value", type: "string", value, quote, raw: t.slice(start, this.pos), span: [start, this.pos], parent };
    }
    if (c === 0x5b || c === 0x7b) {
      if (this.depth >= MAX_DEPTH)
        throw new ParseError(start, `Arrays and inline tables nested more than ${MAX_DEPTH} deep are not supported`);
      this.depth++;
      try {
        return c === 0x5b ? this.array(parent) : this.inlineTable(parent);
      } finally {
        this.depth--;
      }
    }
    if (start >= t.length || c === 0x0a || c === 0x0d || c === 0x23) {
      throw new ParseError(Math.max(0, start - 1), "A value is missing after =; give the key a value, e.g. a quoted string", start);
    }
    return this.scalar(parent);
  }

  private scalar(parent: TableNode | ArrayNode): ValueNode {
    const t = this.text;
    const start = this.pos;
    const c0 = t.charCodeAt(start);
    // dates and times start with 4 digits and "-", or 2 digits and ":"
    if (isDigit(c0) && isDigit(t.charCodeAt(start + 1))) {
      const c2 = t.charCodeAt(start + 2);
      if (c2 === 0x3a || (isDigit(c2) && isDigit(t.charCodeAt(start + 3)) && t.charCodeAt(start + 4) === 0x2d))
        return this.dateTime(parent);
    }
    let end = start;
    const n = t.length;
    while (end < n && !endsValue(t.charCodeAt(end))) end++;
    const raw = t.slice(start, end);
    this.pos = end;
    const span: Span = [start, end];
    if (raw === "true" || raw === "false") return { kind: "value", type: "boolean", value: raw === "true", raw, span, parent };
    const num = number(raw);
    if (num) return { kind: "value", type: num.float ? "float" : "integer", value: num.value, raw, span, parent };
    this.pos = start;
    const hint = /^[A-Za-z]/.test(raw) ? "; strings must be quoted" : "";
    throw new ParseError(start, `Invalid value ${JSON.stringify(raw.slice(0, 40))}${hint}`, end);
  }

  private dateTime(parent: TableNode | ArrayNode): ValueNode {
    const t = this.text;
    const start = this.pos;
    DATE.lastIndex = start;
    if (DATE.exec(t)) {
      this.pos = DATE.lastIndex;
      const sep = t[this.pos];
      if ((sep === "T" || sep === "t" || sep === " ") && isDigit(t.charCodeAt(this.pos + 1))) {
        TIME.lastIndex = this.pos + 1;
        const time = TIME.exec(t);
        if (time) {
          this.pos = TIME.lastIndex;
          this.noSeconds(time, start);
          OFFSET.lastIndex = this.pos;
          if (OFFSET.exec(t)) this.pos = OFFSET.lastIndex;
        }
      }
      const raw = t.slice(start, this.pos);
      if (!validDateTime(raw) || !endsValue(t.charCodeAt(this.pos))) {
        throw new ParseError(start, `Invalid date or time ${JSON.stringify(t.slice(start, this.tokenEnd(start)))}`, this.tokenEnd(start));
      }
      return { kind: "value", type: "datetime", value: raw, raw, span: [start, this.pos], parent };
    }
    TIME.lastIndex = start;
    const time = TIME.exec(t);
    if (time) {
      this.pos = TIME.lastIndex;
      this.noSeconds(time, start);
      const raw = t.slice(start, this.pos);
      if (!validTime(raw) || !endsValue(t.charCodeAt(this.pos)))
        throw new ParseError(start, `Invalid time ${JSON.stringify(raw)}`, this.tokenEnd(start));
      return { kind: "value", type: "datetime", value: raw, raw, span: [start, this.pos], parent };
    }
    throw new ParseError(start, `Invalid date or time ${JSON.stringify(t.slice(start, this.tokenEnd(start)))}`, this.tokenEnd(start));
  }

  private noSeconds(time: RegExpExecArray, start: number): void {
    if (time[3] === undefined) this.toml11.push({ span: [start, this.pos], what: "a time without seconds" });
  }

  private array(parent: TableNode | ArrayNode): ArrayNode {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    const arr: ArrayNode = { kind: "array", ofTables: false, items: [], span: [start, start], parent };
    for (;;) {
      this.skipWsNewlinesComments();
      if (t.charCodeAt(this.pos) === 0x5d) {
        this.pos++;
        break;
      }
      if (this.pos >= t.length) throw new ParseError(start, "Unterminated array: expected ]", start + 1);
      arr.items.push(this.value(arr));
      this.skipWsNewlinesComments();
      const c = t.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        break;
      }
      throw new ParseError(
        this.pos,
        this.pos >= t.length ? "Unterminated array: expected ]" : "Expected , or ] in the array",
        this.tokenEnd(this.pos),
      );
    }
    arr.span = [start, this.pos];
    return arr;
  }

  private skipWsNewlinesComments(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (isWs(c) || c === 0x0a) this.pos++;
      else if (c === 0x0d && t.charCodeAt(this.pos + 1) === 0x0a) this.pos += 2;
      else if (c === 0x23) this.comment();
      else return;
    }
  }

  private inlineTable(parent: TableNode | ArrayNode): TableNode {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    const table: TableNode = { kind: "table", form: "inline", entries: new Map(), span: [start, start], parent };
    // TOML 1.1: newlines and comments between the pairs, and a comma after the last one
    let spread = this.inlineSpace();
    if (t.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
    } else {
      for (;;) {
        if (this.pos >= t.length) throw new ParseError(start, "Unterminated inline table: expected }", start + 1);
        this.keyValue(table);
        spread = this.inlineSpace() || spread;
        const d = t.charCodeAt(this.pos);
        if (d === 0x2c) {
          const comma = this.pos++;
          spread = this.inlineSpace() || spread;
          if (t.charCodeAt(this.pos) === 0x7d) {
            this.toml11.push({ span: [comma, comma + 1], what: "a comma after the last pair of an inline table" });
            this.pos++;
            break;
          }
          continue;
        }
        if (d === 0x7d) {
          this.pos++;
          break;
        }
        throw new ParseError(
          this.pos,
          this.pos >= t.length ? "Unterminated inline table: expected }" : "Expected , or } in the inline table",
          this.tokenEnd(this.pos),
        );
      }
    }
    if (spread) this.toml11.push({ span: [start, start + 1], what: "an inline table over several lines" });
    table.span = [start, this.pos];
    this.sealTree(table);
    return table;
  }

  /** White space inside an inline table; whether it held a newline or a comment (TOML 1.1). */
  private inlineSpace(): boolean {
    const from = this.pos;
    this.skipWs();
    const c = this.text.charCodeAt(this.pos);
    if (c !== 0x0a && c !== 0x0d && c !== 0x23) return false;
    this.skipWsNewlinesComments();
    return this.pos > from;
  }

  private sealTree(n: Node): void {
    if (n.kind === "value") return;
    this.sealed.add(n);
    if (n.kind === "table") for (const e of n.entries.values()) this.sealTree(e.value);
    else for (const i of n.items) this.sealTree(i);
  }

  // ---------- strings ----------

  /** The common case of a one-line string: nothing in `notPlain` before the closing quote. Its text, or undefined. */
  private plainString(quote: string, notPlain: RegExp): string | undefined {
    const q = this.text.indexOf(quote, this.pos + 1);
    if (q < 0) return undefined;
    const body = this.text.slice(this.pos + 1, q);
    if (notPlain.test(body)) return undefined;
    this.pos = q + 1;
    return body;
  }

  private basicString(): string {
    const t = this.text;
    const start = this.pos;
    const plain = this.plainString('"', NOT_PLAIN);
    if (plain !== undefined) return plain;
    this.pos++;
    let out = "";
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= t.length) throw new ParseError(start, 'Unterminated string: close it with " on the same line', t.length);
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 0x0a || c === 0x0d)
        throw new ParseError(start, 'Unterminated string: close it with " on the same line (use """ for multi-line strings)', this.pos);
      if (c === 0x5c) {
        out += t.slice(chunk, this.pos);
        out += this.escape();
        chunk = this.pos;
        continue;
      }
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) throw new ParseError(this.pos, "Control characters must be escaped in strings");
      this.pos++;
    }
  }

  private escape(): string {
    const t = this.text;
    const at = this.pos;
    const e = t[at + 1];
    if (e !== undefined && e in ESCAPES) {
      this.pos += 2;
      return ESCAPES[e];
    }
    if (e !== undefined && e in ESCAPES_11) {
      this.toml11.push({ span: [at, at + 2], what: `the escape \\${e}` });
      this.pos += 2;
      return ESCAPES_11[e];
    }
    if (e === "x") {
      const hex = t.slice(at + 2, at + 4);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new ParseError(at, "Invalid escape \\x: expected 2 hex digits", at + 4);
      this.toml11.push({ span: [at, at + 4], what: "a \\xHH escape" });
      this.pos = at + 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      const hex = t.slice(at + 2, at + 2 + n);
      if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex))
        throw new ParseError(at, `Invalid escape \\${e}: expected ${n} hex digits`, at + 2 + n);
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        throw new ParseError(at, `Invalid escape: U+${hex} is not a Unicode scalar value`, at + 2 + n);
      this.pos = at + 2 + n;
      return String.fromCodePoint(cp);
    }
    throw new ParseError(at, `Invalid escape sequence \\${e ?? ""}; use \\\\ for a backslash`, at + 2);
  }

  private literalString(): string {
    const t = this.text;
    const start = this.pos;
    // a literal string has no escapes: a backslash is only text here
    const plain = this.plainString("'", NOT_PLAIN_LITERAL);
    if (plain !== undefined) return plain;
    this.pos++;
    for (;;) {
      if (this.pos >= t.length) throw new ParseError(start, "Unterminated string: close it with ' on the same line", t.length);
      const c = t.charCodeAt(this.pos);
      if (c === 0x27) {
        this.pos++;
        return t.slice(start + 1, this.pos - 1);
      }
      if (c === 0x0a || c === 0x0d)
        throw new ParseError(start, "Unterminated string: close it with ' on the same line (use ''' for multi-line strings)", this.pos);
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) throw new ParseError(this.pos, "Control characters are not allowed in literal strings");
      this.pos++;
    }
  }

  /** Skips an opening `"""` or `'''` and the newline right after it; returns where the delimiter started. */
  private openMultiline(): number {
    const start = this.pos;
    this.pos += 3;
    if (this.text.charCodeAt(this.pos) === 0x0a) this.pos++;
    else if (this.text.startsWith("\r\n", this.pos)) this.pos += 2;
    return start;
  }

  /** At a closing delimiter of `quote` (0x22 or 0x27): how many quotes before it belong to the string (0–2), else -1. */
  private closing(quote: number): number {
    const t = this.text;
    if (t.charCodeAt(this.pos) !== quote || t.charCodeAt(this.pos + 1) !== quote || t.charCodeAt(this.pos + 2) !== quote) return -1;
    let q = 3;
    while (q < 5 && t.charCodeAt(this.pos + q) === quote) q++;
    return q - 3;
  }

  private multilineBasic(): string {
    const t = this.text;
    const start = this.openMultiline();
    let out = "";
    for (;;) {
      if (this.pos >= t.length) throw new ParseError(start, 'Unterminated multi-line string: close it with """', start + 3);
      const c = t.charCodeAt(this.pos);
      const extra = this.closing(0x22);
      if (extra >= 0) {
        this.pos += 3 + extra;
        return out + '"'.repeat(extra);
      }
      if (c === 0x5c) {
        // a backslash at the end of a line trims the newline and the white space after it
        let j = this.pos + 1;
        while (isWs(t.charCodeAt(j))) j++;
        if (t.charCodeAt(j) === 0x0a || t.startsWith("\r\n", j)) {
          while (j < t.length && /[ \t\r\n]/.test(t[j])) j++;
          this.pos = j;
          continue;
        }
        out += this.escape();
        continue;
      }
      if (c === 0x0d && t.charCodeAt(this.pos + 1) === 0x0a) {
        out += "\r\n";
        this.pos += 2;
        continue;
      }
      if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f)
        throw new ParseError(this.pos, "Control characters must be escaped in strings");
      out += t[this.pos];
      this.pos++;
    }
  }

  private multilineLiteral(): string {
    const t = this.text;
    const start = this.openMultiline();
    const from = this.pos;
    for (;;) {
      if (this.pos >= t.length) throw new ParseError(start, "Unterminated multi-line string: close it with '''", start + 3);
      const c = t.charCodeAt(this.pos);
      const extra = this.closing(0x27);
      if (extra >= 0) {
        const s = t.slice(from, this.pos) + "'".repeat(extra);
        this.pos += 3 + extra;
        return s;
      }
      if (c === 0x0d && t.charCodeAt(this.pos + 1) !== 0x0a)
        throw new ParseError(this.pos, "Control characters are not allowed in literal strings");
      if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f)
        throw new ParseError(this.pos, "Control characters are not allowed in literal strings");
      this.pos++;
    }
  }
}

const DEC_INT = /^[+-]?(0|[1-9](_?\d)*)$/;
const HEX = /^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$/;
const OCT = /^0o[0-7](_?[0-7])*$/;
const BIN = /^0b[01](_?[01])*$/;
const FLOAT = /^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?$/;

/** A plain decimal integer (what nearly every number in a fly.toml is): digits, no leading zero, no underscore. */
function plainInteger(raw: string): boolean {
  const n = raw.length;
  if (n === 0 || n > 15) return false;
  let i = raw.charCodeAt(0) === 0x2d || raw.charCodeAt(0) === 0x2b ? 1 : 0;
  if (i === n || (raw.charCodeAt(i) === 0x30 && n > i + 1)) return false;
  for (; i < n; i++) if (!isDigit(raw.charCodeAt(i))) return false;
  return true;
}

function number(raw: string): { value: number; float: boolean } | undefined {
  if (plainInteger(raw)) return { value: Number(raw), float: false };
  if (DEC_INT.test(raw)) return { value: Number(raw.replace(/_/g, "")), float: false };
  if (HEX.test(raw) || OCT.test(raw) || BIN.test(raw)) return { value: Number(raw.replace(/_/g, "")), float: false };
  if (/^[+-]?(inf|nan)$/.test(raw)) return { value: raw.endsWith("nan") ? NaN : raw.startsWith("-") ? -Infinity : Infinity, float: true };
  if (FLOAT.test(raw) && /[.eE]/.test(raw)) return { value: Number(raw.replace(/_/g, "")), float: true };
  return undefined;
}

function validTime(s: string): boolean {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?/.exec(s);
  return !!m && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3] ?? 0) <= 60;
}

function validDateTime(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s)!;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (d > days) return false;
  const rest = s.slice(10);
  if (!rest) return true;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(rest);
  if (offset && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return false;
  return validTime(rest.slice(1));
}

export function parseToml(text: string): ParseResult {
  return new Parser(text).parse();
}
