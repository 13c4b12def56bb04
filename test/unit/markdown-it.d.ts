/** The part of markdown-it (in node_modules through @vscode/vsce, without types) the Markdown tests use. */
declare module 'markdown-it' {
  namespace markdownIt {
    interface Token {
      readonly type: string;
      readonly tag: string;
      readonly content: string;
      readonly children: Token[] | null;
    }
    interface MarkdownIt {
      render(src: string): string;
      parse(src: string, env: object): Token[];
    }
  }
  function markdownIt(options?: { html?: boolean; linkify?: boolean }): markdownIt.MarkdownIt;
  export = markdownIt;
}
