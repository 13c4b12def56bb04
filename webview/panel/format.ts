/**
 * Fills a panel string's `{0}`, `{1}`, … placeholders (the same as `vscode.l10n.t`'s, made by the
 * host), so that a translation puts the values where its word order wants them: the panel never
 * builds a sentence from pieces. A placeholder without a value stays as it is.
 */
export function format(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const i = Number(index);
    return i < args.length ? String(args[i]) : placeholder;
  });
}
