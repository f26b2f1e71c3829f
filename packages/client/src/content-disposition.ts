/** The file name in a Content-Disposition header (`filename*=` preferred, RFC 6266), or ''. */
export function dispositionFileName(header: string | null): string {
  if (!header) return '';
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]*)/i.exec(header);
  if (extended) {
    const value = /^([\w!#$%&+^`{}~-]*)'[^']*'(.*)$/.exec(extended[1]!.trim());
    if (value) {
      try {
        const bytes = percentDecode(value[2]!);
        return new TextDecoder(value[1]! || 'utf-8').decode(bytes);
      } catch {
        // An unknown charset or bad escapes: fall back to the plain filename parameter.
      }
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]*)/i.exec(header);
  if (!plain) return '';
  return plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]!.trim();
}

function percentDecode(text: string): Uint8Array {
  const encoder = new TextEncoder();
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...encoder.encode(text[i]));
    }
  }
  return Uint8Array.from(bytes);
}
