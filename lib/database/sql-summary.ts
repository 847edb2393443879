/** How the SQL text is read: in MySQL `"..."` is a string, in PostgreSQL an identifier. */
export type SqlDialect = 'postgresql' | 'mysql';

/** What a span records of a statement: its text with no literal left, and what it does to what. */
export interface SqlSummary {
  /** The statement with every literal (string, number, boolean) replaced by `?`, comments removed. */
  text: string;
  /** First keyword, upper case: `SELECT`, `INSERT`... Undefined for an empty statement. */
  operation: string | undefined;
  /** The table the statement is about, when one is named where the operation puts it. */
  collection: string | undefined;
}

// One alternation, tried left to right at each position: comments, then every kind of quoting,
// then numbers and booleans. Identifiers are matched too, so a digit inside `t1` stays.
const POSTGRES_TOKENS =
  /--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[EeBbXxNnUu]&?'(?:[^'\\]|\\[\s\S]|'')*(?:'|$)|'(?:[^']|'')*(?:'|$)|(\$[A-Za-z_]*\$)[\s\S]*?(?:\1|$)|"(?:[^"]|"")*"|\$\d+|[A-Za-z_][\w$]*|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;
const MYSQL_TOKENS =
  /--[ \t][^\n]*|--$|#[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[BbXxNn]?'(?:[^'\\]|\\[\s\S]|'')*(?:'|$)|"(?:[^"\\]|\\[\s\S]|"")*(?:"|$)|`(?:[^`]|``)*`|[A-Za-z_][\w$]*|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

function replaceToken(token: string, dialect: SqlDialect): string {
  const first = token[0];
  if (first === '-' || first === '#' || (first === '/' && token[1] === '*')) return ' ';
  if (first === '`' || (first === '"' && dialect === 'postgresql')) return token;
  if (first === '$') return /^\$\d+$/.test(token) ? token : '?';
  if (/^[A-Za-z_]/.test(token)) {
    if (token[1] === "'" || token[2] === "'") return '?';
    const upper = token.toUpperCase();
    return upper === 'TRUE' || upper === 'FALSE' ? '?' : token;
  }
  return '?';
}

const IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|\x60[^\x60]+\x60|[A-Za-z_][\w$]*)`;
const QUALIFIED = `${IDENTIFIER}(?:\\s*\\.\\s*${IDENTIFIER})*`;
/** Where each operation names its table; the first match in the text wins. */
const COLLECTION_AFTER: Record<string, RegExp> = {
  SELECT: new RegExp(`\\bFROM\\s+(${QUALIFIED})`, 'i'),
  DELETE: new RegExp(`\\bFROM\\s+(?:ONLY\\s+)?(${QUALIFIED})`, 'i'),
  INSERT: new RegExp(`\\bINTO\\s+(${QUALIFIED})`, 'i'),
  REPLACE: new RegExp(`\\bINTO\\s+(${QUALIFIED})`, 'i'),
  UPDATE: new RegExp(`^\\s*UPDATE\\s+(?:(?:ONLY|LOW_PRIORITY|IGNORE)\\s+)*(${QUALIFIED})`, 'i'),
  TRUNCATE: new RegExp(`^\\s*TRUNCATE\\s+(?:TABLE\\s+)?(${QUALIFIED})`, 'i'),
};
for (const ddl of ['CREATE', 'DROP', 'ALTER']) {
  COLLECTION_AFTER[ddl] = new RegExp(`\\bTABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?(${QUALIFIED})`, 'i');
}
const KEYWORDS = new Set(['SELECT', 'LATERAL', 'ONLY']);

function unquote(name: string): string {
  return name.replace(/\s*\.\s*/g, '.').replace(/^["`]|["`]$/g, '').replace(/(["`])\.(["`])/g, '.');
}

/**
 * Reads a statement without keeping anything it carries: literals become `?` (numbers, strings
 * of every quoting, dollar-quoted bodies, booleans), comments are dropped, placeholders (`$1`,
 * `?`) and identifiers stay. Values bound separately are never looked at.
 */
export function summarizeSql(sql: string, dialect: SqlDialect): SqlSummary {
  const tokens = dialect === 'mysql' ? MYSQL_TOKENS : POSTGRES_TOKENS;
  const text = sql.replace(tokens, (token) => replaceToken(token, dialect)).replace(/\s+/g, ' ').trim();
  const keyword = /^[\s(]*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase();
  const pattern = keyword === undefined ? undefined : COLLECTION_AFTER[keyword];
  const name = pattern?.exec(text)?.[1];
  const collection = name === undefined || KEYWORDS.has(name.toUpperCase()) ? undefined : unquote(name);
  return { text, operation: keyword, collection };
}
