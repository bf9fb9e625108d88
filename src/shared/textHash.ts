// A short fingerprint of a document's text. The lesson panel keeps it with a finding it shows: after
// a window reload document versions start again, so only the text can tell that the file is still
// the one the finding was reported in. Two 32-bit FNV-1a hashes (different offsets) and the length.

function fnv1a(text: string, offset: number): number {
  let hash = offset >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function textHash(text: string): string {
  const a = fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0');
  const b = fnv1a(text, 0x050c5d1f).toString(16).padStart(8, '0');
  return `${text.length.toString(16)}-${a}${b}`;
}
