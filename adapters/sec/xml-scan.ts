/**
 * A small, strict, single-pass XML reader for EDGAR ownership documents.
 *
 * Why not fast-xml-parser here: its parser accepts documents that are not well-formed (a closing
 * tag cut in two still "parses"), so catching them needs its validator as a second full pass, and
 * the pair runs no faster than the peer parser we must beat threefold. Ownership XML uses a tiny
 * subset of XML (elements, attributes, text, entities, the odd comment or CDATA section), which
 * this reader covers in one pass while rejecting mismatched, unclosed or stray tags.
 */

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** One element: its name, attributes (null when it has none), child elements and trimmed text. */
export class XmlElement {
  attrs: Record<string, string> | null = null;
  children: XmlElement[] | null = null;
  text = '';
  constructor(readonly name: string) {}

  /** The first child element with this name, or null. */
  child(name: string): XmlElement | null {
    const children = this.children;
    if (children === null) return null;
    for (let i = 0; i < children.length; i++) {
      const c = children[i]!;
      if (c.name === name) return c;
    }
    return null;
  }
}

const GT = 62; // >
const SLASH = 47;
const QUESTION = 63;
const BANG = 33;
const EQUALS = 61;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isNameStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code === 58 || code > 127;
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 48 && code <= 57) || code === 45 || code === 46;
}

/** Shows line breaks and tabs inside a broken tag name instead of printing them raw. */
function printable(name: string): string {
  return name.replace(/[\r\n\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

function lineOf(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Replaces the five XML entities and numeric character references. An unknown entity (HTML's
 * `&nbsp;`) is kept verbatim rather than failing a whole filing over one character.
 */
export function decodeEntities(raw: string): string {
  let out = '';
  let last = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', amp + 1)) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 10) continue;
    const name = raw.slice(amp + 1, semi);
    let replacement: string | undefined;
    if (name.charCodeAt(0) === 35 /* # */) {
      const hex = name.charCodeAt(1) === 120 || name.charCodeAt(1) === 88;
      const code = hex ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) replacement = String.fromCodePoint(code);
    } else {
      replacement = NAMED_ENTITIES[name];
    }
    if (replacement === undefined) continue;
    out += raw.slice(last, amp) + replacement;
    last = semi + 1;
    amp = semi;
  }
  return last === 0 ? raw : out + raw.slice(last);
}

function hasNonSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return true;
  return false;
}

function appendText(element: XmlElement, raw: string): void {
  const decoded = raw.indexOf('&') === -1 ? raw : decodeEntities(raw);
  element.text = element.text.length === 0 ? decoded : element.text + decoded;
}

/**
 * Reads `text[start, end)` as one XML document and returns its root element. Throws
 * XmlSyntaxError (with a line number) when the document is not well-formed.
 */
export function scanXml(text: string, start = 0, end = text.length): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let current: XmlElement | null = null;
  let pos = start;
  const fail = (message: string, at: number): never => {
    throw new XmlSyntaxError(`${message} (line ${lineOf(text, at)})`);
  };

  while (pos < end) {
    let lt = text.indexOf('<', pos);
    if (lt === -1 || lt >= end) lt = end;
    if (lt > pos) {
      if (current !== null) {
        if (hasNonSpace(text, pos, lt)) appendText(current, text.slice(pos, lt));
      } else if (hasNonSpace(text, pos, lt)) {
        fail('text outside the root element', pos);
      }
    }
    if (lt === end) break;
    const next = text.charCodeAt(lt + 1);

    if (next === SLASH) {
      const gt = text.indexOf('>', lt + 2);
      if (gt === -1 || gt >= end) fail('unterminated closing tag', lt);
      let nameEnd = gt;
      while (nameEnd > lt + 2 && isSpace(text.charCodeAt(nameEnd - 1))) nameEnd--;
      const name = text.slice(lt + 2, nameEnd);
      if (current === null) fail(`closing tag </${name}> without an open element`, lt);
      if (name !== current!.name) fail(`closing tag </${printable(name)}> does not match <${current!.name}>`, lt);
      const closed = stack.pop()!;
      if (closed.text.length > 0) closed.text = closed.text.trim();
      current = stack.length > 0 ? stack[stack.length - 1]! : null;
      pos = gt + 1;
      continue;
    }

    if (next === QUESTION) {
      const close = text.indexOf('?>', lt + 2);
      if (close === -1 || close >= end) fail('unterminated processing instruction', lt);
      pos = close + 2;
      continue;
    }

    if (next === BANG) {
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('-->', lt + 4);
        if (close === -1 || close >= end) fail('unterminated comment', lt);
        pos = close + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const close = text.indexOf(']]>', lt + 9);
        if (close === -1 || close >= end) fail('unterminated CDATA section', lt);
        if (current === null) fail('CDATA outside the root element', lt);
        const raw = text.slice(lt + 9, close);
        current!.text = current!.text.length === 0 ? raw : current!.text + raw;
        pos = close + 3;
      } else {
        // <!DOCTYPE …>, possibly with an internal subset in brackets.
        const bracket = text.indexOf('[', lt);
        const gt = text.indexOf('>', lt);
        if (gt === -1 || gt >= end) fail('unterminated declaration', lt);
        const close = bracket !== -1 && bracket < gt ? text.indexOf(']>', bracket) + 1 : gt;
        if (close <= 0 || close >= end) fail('unterminated declaration', lt);
        pos = close + 1;
      }
      continue;
    }

    if (!isNameStart(next)) fail(`'<' not followed by a tag name`, lt);
    let i = lt + 2;
    while (i < end && isNameChar(text.charCodeAt(i))) i++;
    const element = new XmlElement(text.slice(lt + 1, i));
    // Attributes, then '>' or '/>'.
    let selfClosing = false;
    for (;;) {
      while (i < end && isSpace(text.charCodeAt(i))) i++;
      if (i >= end) fail(`unterminated tag <${element.name}>`, lt);
      const c = text.charCodeAt(i);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH) {
        if (text.charCodeAt(i + 1) !== GT) fail(`malformed tag <${element.name}>`, lt);
        selfClosing = true;
        i += 2;
        break;
      }
      if (!isNameStart(c)) fail(`malformed attribute in <${element.name}>`, i);
      const nameStart = i;
      while (i < end && isNameChar(text.charCodeAt(i))) i++;
      const attrName = text.slice(nameStart, i);
      while (i < end && isSpace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== EQUALS) fail(`attribute ${attrName} of <${element.name}> has no value`, i);
      i++;
      while (i < end && isSpace(text.charCodeAt(i))) i++;
      const quote = text.charCodeAt(i);
      if (quote !== 34 && quote !== 39) fail(`attribute ${attrName} of <${element.name}> is not quoted`, i);
      const close = text.indexOf(quote === 34 ? '"' : "'", i + 1);
      if (close === -1 || close >= end) fail(`unterminated attribute ${attrName}`, i);
      const rawValue = text.slice(i + 1, close);
      (element.attrs ??= {})[attrName] = rawValue.indexOf('&') === -1 ? rawValue : decodeEntities(rawValue);
      i = close + 1;
    }

    if (current === null) {
      if (root !== null) fail(`second root element <${element.name}>`, lt);
      root = element;
    } else {
      (current.children ??= []).push(element);
    }
    if (!selfClosing) {
      stack.push(element);
      current = element;
    }
    pos = i;
  }

  if (current !== null) fail(`element <${current.name}> is never closed`, end);
  if (root === null) throw new XmlSyntaxError('no root element');
  return root;
}

/** Name of the first element of `text[start, end)` after the prolog, without reading the rest. */
export function rootElementName(text: string, start = 0, end = text.length): string | null {
  let pos = start;
  while (pos < end) {
    const lt = text.indexOf('<', pos);
    if (lt === -1 || lt >= end) return null;
    const next = text.charCodeAt(lt + 1);
    if (next === QUESTION) {
      const close = text.indexOf('?>', lt);
      if (close === -1) return null;
      pos = close + 2;
    } else if (next === BANG) {
      const close = text.startsWith('<!--', lt) ? text.indexOf('-->', lt) : text.indexOf('>', lt);
      if (close === -1) return null;
      pos = close + 1;
    } else if (isNameStart(next)) {
      let i = lt + 2;
      while (i < end && isNameChar(text.charCodeAt(i))) i++;
      return text.slice(lt + 1, i);
    } else {
      return null;
    }
  }
  return null;
}
