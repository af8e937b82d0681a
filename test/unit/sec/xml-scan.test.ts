import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, rootElementName, scanXml, XmlElement, XmlSyntaxError } from '../../../adapters/sec/xml-scan.js';

function plain(element: XmlElement): unknown {
  return {
    name: element.name,
    attrs: element.attrs,
    text: element.text,
    children: (element.children ?? []).map(plain),
  };
}

describe('scanXml', () => {
  it('reads elements, attributes (either quote, with > inside), self-closing tags and trimmed text', () => {
    const root = scanXml(`<?xml version="1.0"?>
<!-- a comment -->
<a x="1" y='b>c'>
  <b>  hello &amp; &lt;world&gt; &#65;&#x42; &quot;q&quot; &apos;s&apos;  </b>
  <c id="F1"/>
  <d><![CDATA[<raw> & text]]></d>
</a>`);
    expect(plain(root)).toEqual({
      name: 'a',
      attrs: { x: '1', y: 'b>c' },
      text: '',
      children: [
        { name: 'b', attrs: null, text: 'hello & <world> AB "q" \'s\'', children: [] },
        { name: 'c', attrs: { id: 'F1' }, text: '', children: [] },
        { name: 'd', attrs: null, text: '<raw> & text', children: [] },
      ],
    });
    expect(root.child('c')?.attrs?.id).toBe('F1');
    expect(root.child('zzz')).toBeNull();
  });

  it('skips a DOCTYPE, with or without an internal subset', () => {
    expect(scanXml('<!DOCTYPE a><a>1</a>').text).toBe('1');
    expect(scanXml('<!DOCTYPE a [<!ENTITY e "x">]><a>2</a>').text).toBe('2');
  });

  it('reads only the given range of a larger text', () => {
    const text = 'HEADER <XML><a><b>1</b></a></XML> trailer';
    const start = text.indexOf('<a>');
    const end = text.indexOf('</XML>');
    expect(scanXml(text, start, end).child('b')?.text).toBe('1');
  });

  it.each([
    ['<a><b></a>', /closing tag <\/a> does not match <b> \(line 1\)/],
    ['<a>\n<footnote>x</fo\notnote></a>', /closing tag <\/fo\\notnote> does not match <footnote> \(line 2\)/],
    ['<a><b>', /element <b> is never closed/],
    ['<a>1 < 2</a>', /'<' not followed by a tag name/],
    ['<a></a><b></b>', /second root element <b>/],
    ['junk<a></a>', /text outside the root element/],
    ['</a>', /without an open element/],
    ['<a x=1></a>', /attribute x of <a> is not quoted/],
    ['<a x></a>', /attribute x of <a> has no value/],
    ['<a x="1></a>', /unterminated attribute x/],
    ['<a><!-- never closed </a>', /unterminated comment/],
    ['<a', /unterminated tag <a>/],
    ['   ', /no root element/],
  ])('rejects %j', (xml, message) => {
    expect(() => scanXml(xml)).toThrow(XmlSyntaxError);
    expect(() => scanXml(xml)).toThrow(message);
  });

  it('keeps an unknown entity verbatim instead of failing', () => {
    expect(decodeEntities('a&nbsp;b &amp; c &unknown')).toBe('a&nbsp;b & c &unknown');
  });

  it('finds the root element name without reading the document', () => {
    expect(rootElementName('<?xml version="1.0"?>\n<!-- c --><ownershipDocument><x/>')).toBe('ownershipDocument');
    expect(rootElementName('<ns2:edgarSubmission xmlns:ns2="x">')).toBe('ns2:edgarSubmission');
    expect(rootElementName('not xml')).toBeNull();
  });

  it('reads back any tree it is given as XML (property)', () => {
    const name = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_.-]{0,8}$/);
    const text = fc.string({ maxLength: 20 }).map((s) => s.trim());
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    interface Tree {
      name: string;
      id: string | null;
      text: string;
      children: Tree[];
    }
    const tree: (depth?: number) => fc.Arbitrary<Tree> = fc.memo((depth) =>
      fc.record({
        name,
        id: fc.option(text, { nil: null }),
        text,
        children: depth <= 1 ? fc.constant([]) : fc.array(tree(depth - 1), { maxLength: 3 }),
      }),
    );
    const serialize = (t: Tree): string => {
      const attr = t.id === null ? '' : ` id="${escape(t.id)}"`;
      // Mixed content is not what EDGAR writes: a node has text or children, not both.
      const body = t.children.length ? t.children.map(serialize).join('\n  ') : escape(t.text);
      return `<${t.name}${attr}>${body}</${t.name}>`;
    };
    const expected = (t: Tree): unknown => ({
      name: t.name,
      attrs: t.id === null ? null : { id: t.id },
      text: t.children.length ? '' : t.text,
      children: t.children.map(expected),
    });
    fc.assert(
      fc.property(tree(4), (t) => {
        expect(plain(scanXml(serialize(t)))).toEqual(expected(t));
      }),
      { numRuns: 200 },
    );
  });
});
