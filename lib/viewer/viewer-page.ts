import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file of the page, ready to send. */
export interface PageFile {
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<string, string> = {
  'viewer.html': 'text/html; charset=utf-8',
  'viewer.css': 'text/css; charset=utf-8',
  'viewer.js': 'text/javascript; charset=utf-8',
};

/**
 * The page's static files (`page/`, shipped beside this module in the package), read once
 * when the viewer starts. The HTML learns the viewer's path, which the settings restrict to
 * characters that need no escaping in an attribute.
 */
export function loadViewerPage(path: string): Map<string, PageFile> {
  const files = new Map<string, PageFile>();
  for (const [name, contentType] of Object.entries(CONTENT_TYPES)) {
    const text = readFileSync(join(__dirname, 'page', name), 'utf8');
    files.set(name, { contentType, body: Buffer.from(name === 'viewer.html' ? text.replaceAll('{{VIEWER_PATH}}', path) : text) });
  }
  return files;
}
