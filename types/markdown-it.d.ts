// markdown-it (a dependency of @vscode/vsce) renders hover Markdown in the escaping tests; only what they use.
declare module "markdown-it" {
  export default class MarkdownIt {
    constructor(options?: { linkify?: boolean; html?: boolean });
    render(src: string): string;
  }
}
