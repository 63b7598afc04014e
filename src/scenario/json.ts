// A strict JSON reader for scenario documents (files and share-URL payloads). Unlike JSON.parse
// it reports every syntax error with a line and column (the same text in every JS engine) and
// rejects duplicate keys, which JSON.parse would silently resolve to the last one.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonParseResult = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: string };

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

/** Line and column (both from 1) of a character offset. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: pos - start + 1 };
}

function describeChar(text: string, pos: number): string {
  if (pos >= text.length) return 'end of input';
  const c = text[pos]!;
  if (c === '\n') return 'a line break';
  if (c === '\t') return 'a tab';
  if (c.charCodeAt(0) < 0x20) return `character U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return `'${c}'`;
}

const MAX_DEPTH = 64;

class Reader {
  pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  fail(message: string, pos = this.pos): never {
    throw new JsonSyntaxError(message, pos);
  }

  unexpected(expected: string): never {
    this.fail(`expected ${expected}, found ${describeChar(this.text, this.pos)}`);
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  document(): JsonValue {
    // A UTF-8 byte order mark is tolerated at the very start of a file.
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.ws();
    if (this.pos >= this.text.length) this.fail('the document is empty');
    const v = this.value();
    this.ws();
    if (this.pos < this.text.length) this.unexpected('end of input after the top-level value');
    return v;
  }

  value(): JsonValue {
    const t = this.text;
    const c = t[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.unexpected('a value');
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
  }

  private object(): JsonValue {
    this.enter();
    const start = this.pos;
    this.pos++; // {
    const obj: { [key: string]: JsonValue } = {};
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      this.depth--;
      return obj;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.unexpected(this.text[this.pos] === '}' ? 'a key (no trailing comma before })' : 'a key in double quotes');
      const keyPos = this.pos;
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(obj, key)) this.fail(`duplicate key "${key}"`, keyPos);
      this.ws();
      if (this.text[this.pos] !== ':') this.unexpected("':'");
      this.pos++;
      this.ws();
      const v = this.value();
      // defineProperty: a "__proto__" key is an ordinary field, as with JSON.parse.
      Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        this.depth--;
        return obj;
      }
      if (c === undefined) this.fail(`unterminated object (opened at ${posText(this.text, start)})`);
      this.unexpected("',' or '}'");
    }
  }

  private array(): JsonValue {
    this.enter();
    const start = this.pos;
    this.pos++; // [
    const arr: JsonValue[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      this.depth--;
      return arr;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] === ']') this.unexpected('a value (no trailing comma before ])');
      arr.push(this.value());
      this.ws();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        this.depth--;
        return arr;
      }
      if (c === undefined) this.fail(`unterminated array (opened at ${posText(this.text, start)})`);
      this.unexpected("',' or ']'");
    }
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++; // "
    let out = '';
    for (;;) {
      if (this.pos >= t.length) this.fail(`unterminated string (opened at ${posText(t, start)})`);
      const c = t[this.pos]!;
      const code = c.charCodeAt(0);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (code < 0x20) this.fail(`${describeChar(t, this.pos)} inside a string (escape it)`);
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const e = t[this.pos + 1];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          this.pos += 2;
          break;
        case 'b':
          out += '\b';
          this.pos += 2;
          break;
        case 'f':
          out += '\f';
          this.pos += 2;
          break;
        case 'n':
          out += '\n';
          this.pos += 2;
          break;
        case 'r':
          out += '\r';
          this.pos += 2;
          break;
        case 't':
          out += '\t';
          this.pos += 2;
          break;
        case 'u': {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('\\u must be followed by four hex digits');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
          break;
        }
        default:
          this.fail(`invalid escape \\${e ?? ''} in a string`);
      }
    }
  }

  private number(): number {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m || m[0] === '-') this.unexpected('a number');
    const lexeme = m[0];
    const next = this.text[this.pos + lexeme.length];
    if (next !== undefined && /[0-9.eE+\-xXa-zA-Z_]/.test(next)) {
      this.pos += lexeme.length;
      this.unexpected('a number to end');
    }
    this.pos += lexeme.length;
    return Number(lexeme);
  }

  private literal<T extends JsonValue>(word: string, v: T): T {
    if (this.text.startsWith(word, this.pos)) {
      const next = this.text[this.pos + word.length];
      if (next === undefined || !/[A-Za-z0-9_]/.test(next)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.unexpected('a value (strings need double quotes)');
  }
}

function posText(text: string, pos: number): string {
  const { line, column } = lineColumn(text, pos);
  return `line ${line}, column ${column}`;
}

/** Parse JSON text; errors read "not valid JSON: line L, column C: <what>". */
export function parseJson(text: string): JsonParseResult {
  const r = new Reader(text);
  try {
    return { ok: true, value: r.document() };
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, error: `not valid JSON: ${posText(text, e.pos)}: ${e.message}` };
    throw e;
  }
}
