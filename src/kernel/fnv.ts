// FNV-1a over a string's UTF-16 code units: names for cache files, made without node:crypto (5–7
// ms to load). Never a check of content: whatever a name finds is compared with what it must be.

/** 32-bit FNV-1a, from `seed` (the standard offset basis by default). */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** `digits` hex digits (at most 16) of two FNV-1a passes with different seeds. */
export function fnvHex(text: string, digits: number): string {
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  return (hex(fnv1a(text)) + hex(fnv1a(text, 0x050c5d1f))).slice(0, digits);
}
