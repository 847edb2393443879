/**
 * Removes the optional whitespace HTTP allows around a field value or a list member: spaces and
 * horizontal tabs only (RFC 9110 §5.6.3). Unlike `String.prototype.trim` or a regex `\s`, it
 * keeps a no-break space (0xa0) or a line break, which then make the value invalid.
 */
export function trimOptionalWhitespace(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOptionalWhitespace(value.charCodeAt(start))) start += 1;
  while (end > start && isOptionalWhitespace(value.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isOptionalWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
