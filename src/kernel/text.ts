// Text as editors save it: a UTF-8 byte order mark (Notepad, PowerShell 5's utf8) and CRLF line ends
// (Windows editors, git's core.autocrlf) are how a file is stored, not what it says.

/** `text` without a leading UTF-8 byte order mark (U+FEFF); every reader of a file people edit uses this. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The form a governance source is hashed in (the lock's `sources`): no byte order mark, LF line
 * ends. The same constitution saved with CRLF or a BOM is the same constitution, so compose,
 * verification, pr-check and the pre-commit hook all hash this form and agree on it.
 */
export function sourceForm(text: string): string {
  const bare = stripBom(text);
  return bare.includes("\r\n") ? bare.replaceAll("\r\n", "\n") : bare;
}
