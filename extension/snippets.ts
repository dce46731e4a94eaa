/**
 * Reads the pattern snippets this extension contributes (package.json contributes.snippets),
 * so "Insert Pattern…" can list them with their descriptions. Snippet files are JSONC (VS
 * Code allows comments and trailing commas), hence the small cleaner below.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PatternSnippet {
  name: string;
  prefix: string;
  description: string;
  body: string;
  /** Languages the snippet file was contributed for. */
  language: string;
  file: string;
}

interface SnippetContribution {
  language?: string;
  path: string;
}

/** Drops // and /* *\/ comments and trailing commas outside strings. */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1 || text.length;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

export function readPatternSnippets(extensionPath: string, packageJson: { contributes?: { snippets?: SnippetContribution[] } }): PatternSnippet[] {
  const out: PatternSnippet[] = [];
  for (const contribution of packageJson.contributes?.snippets ?? []) {
    const file = path.join(extensionPath, contribution.path);
    let parsed: Record<string, { prefix?: string | string[]; body?: string | string[]; description?: string }>;
    try {
      parsed = JSON.parse(stripJsonc(fs.readFileSync(file, 'utf8')));
    } catch {
      continue; // a broken file is reported by VS Code itself; list the others
    }
    for (const [name, snippet] of Object.entries(parsed)) {
      if (!snippet || snippet.body === undefined) continue;
      out.push({
        name,
        prefix: Array.isArray(snippet.prefix) ? snippet.prefix.join(', ') : (snippet.prefix ?? ''),
        description: snippet.description ?? '',
        body: Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body,
        language: contribution.language ?? '',
        file: contribution.path,
      });
    }
  }
  return out;
}
