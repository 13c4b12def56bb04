import { test } from 'node:test';
import assert from 'node:assert/strict';
import markdownIt from 'markdown-it';
import { labelText, markdownCode, markdownText, visibleControls } from '../../src/extension/editor/markdownText';

// HTML and bare links on, so anything that escaped the helpers would show as an element.
const md = markdownIt({ html: true, linkify: true });

/** Tokens a crafted vocabulary or document can hold. */
const CRAFTED = [
  ...Array.from({ length: 6 }, (_, n) => '`'.repeat(n + 1)),
  'a`b',
  '``x``',
  ' `',
  '` ',
  '   ',
  '](',
  '![x](http://127.0.0.1:9/x.png)',
  '[x](command:workbench.action.quit)',
  '[x](command:workbench.action.quit "t")',
  '|',
  'a|b',
  '||',
  '\\',
  '\\|',
  '|\\',
  '<img src=x onerror=alert(1)>',
  '<unk>',
  '&lt;img&gt;',
  '$(alert)',
  '\u202eevil',
  '\u200f\u2066x\u2069',
  '\n',
  '\r\n',
  '*em* _em_ ~~del~~',
  '# heading',
  '> quote',
  '- item',
  '1. item',
  'http://127.0.0.1:9/x.png',
  'www.example.com',
  '<http://127.0.0.1:9/>',
  'a\\',
];

/** The inline tokens of a rendered paragraph or cell (markdown-it splits escapes into text_special). */
function inlineOf(tokens: readonly markdownIt.Token[]): markdownIt.Token[] {
  return tokens.filter((t) => t.type === 'inline').flatMap((t) => t.children ?? []);
}

/** What a reader sees of `children`, or throws when any is not plain text or code. */
function shownText(children: readonly markdownIt.Token[]): string {
  return children
    .map((c) => {
      assert.ok(['text', 'text_special', 'code_inline', 'softbreak'].includes(c.type), `a ${c.type} token was rendered`);
      return c.content;
    })
    .join('');
}

function assertNoMarkup(html: string, input: string): void {
  assert.doesNotMatch(html, /<(?!\/?(?:p|code|table|thead|tbody|tr|th|td)[ >])/, `markup from ${JSON.stringify(input)}: ${html}`);
}

test('markdownText renders a crafted token as exactly its text, with no link, image, HTML or block', () => {
  for (const token of CRAFTED) {
    const source = `before ${markdownText(token)} after`;
    const tokens = md.parse(source, {});
    assert.deepEqual(
      tokens.map((t) => t.type),
      ['paragraph_open', 'inline', 'paragraph_close'],
      `one paragraph for ${JSON.stringify(token)}`,
    );
    assert.equal(shownText(inlineOf(tokens)), `before ${visibleControls(token)} after`);
    assertNoMarkup(md.render(source), token);
    // At the start of a line, where block syntax (headings, quotes, lists) would start.
    assertNoMarkup(md.render(markdownText(token)), token);
    assert.ok(!markdownText(token).includes('$('), 'no theme icon can start in it');
  }
});

test('markdownCode renders a crafted token as one code span holding exactly its text', () => {
  for (const token of CRAFTED) {
    const source = `before ${markdownCode(token)} after`;
    const children = inlineOf(md.parse(source, {}));
    const code = children.filter((c) => c.type === 'code_inline');
    // Spaces only are escaped text: renderers disagree on a code span of spaces.
    const expected = /^ +$/.test(token) ? [] : [visibleControls(token)];
    assert.deepEqual(code.map((c) => c.content), expected, `${JSON.stringify(token)} → ${source}`);
    assert.equal(shownText(children), `before ${visibleControls(token)} after`);
    assertNoMarkup(md.render(source), token);
  }
});

test('in a table row, every crafted token stays in its own cell and shows as its text', () => {
  const row = (cells: readonly string[]) => `| next | ${cells.join(' | ')} |`;
  for (let i = 0; i < CRAFTED.length; i += 5) {
    const tokens = CRAFTED.slice(i, i + 5);
    const source = `${row(tokens.map((t) => markdownCode(t, true)))}\n|:--|${tokens.map(() => '--:|').join('')}\n| p | ${tokens.map(() => '1%').join(' | ')} |\n`;
    const parsed = md.parse(source, {});
    const header = parsed.slice(
      parsed.findIndex((t) => t.type === 'thead_open'),
      parsed.findIndex((t) => t.type === 'thead_close'),
    );
    const cells = header.filter((t) => t.type === 'inline').map((t) => shownText(t.children ?? []));
    // A cell of spaces only is trimmed to nothing (the hover shows a space as ␣).
    assert.deepEqual(cells, ['next', ...tokens.map((t) => (/^ +$/.test(t) ? '' : visibleControls(t)))], source);
    assertNoMarkup(md.render(source), tokens.join());
    // GFM (cmark-gfm, marked) splits at a pipe after an even number of backslashes, markdown-it at any unescaped one.
    for (const cell of tokens.map((t) => markdownCode(t, true))) {
      for (const m of cell.matchAll(/(\\*)\|/g)) assert.equal(m[1].length % 2, 1, `an escaped pipe in ${cell}`);
    }
  }
});

test('visibleControls names line breaks, bidi controls and zero-width marks by code point and keeps other text', () => {
  assert.equal(visibleControls('a\u202eb\nc\u200bd'), 'a⟨U+202E⟩b⟨U+000A⟩c⟨U+200B⟩d');
  assert.equal(visibleControls('über € 𝔸 x'), 'über € 𝔸 x');
});

test('labelText escapes theme icon syntax and leaves the rest', () => {
  assert.equal(labelText('dir/$(alert) $(x).txt'), 'dir/\\$(alert) \\$(x).txt');
  assert.equal(labelText('a $ (b)'), 'a $ (b)');
});
