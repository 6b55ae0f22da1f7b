/**
 * 64-bit word signatures (a one-hash Bloom filter): a candidate's signature has bit h(w) set for each of
 * its words, so a need word whose bit is clear is surely absent. Used to bound text overlap without
 * touching the candidate's word set.
 */

/** Bit (0..63) of a word: FNV-1a hash. */
export function wordBit(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 63;
}

/** Write the signature of a set of words into `out[at]` (low 32 bits) and `out[at + 1]` (high 32 bits). */
export function writeSignature(words: Iterable<string>, out: Uint32Array, at: number): void {
  let lo = 0;
  let hi = 0;
  for (const w of words) {
    const b = wordBit(w);
    if (b < 32) lo |= 1 << b;
    else hi |= 1 << (b - 32);
  }
  out[at] = lo >>> 0;
  out[at + 1] = hi >>> 0;
}

/** True when the signature at `sig[at]` may contain a word with bit `b`. */
export function mayContain(sig: Uint32Array, at: number, b: number): boolean {
  return b < 32 ? ((sig[at] ?? 0) & (1 << b)) !== 0 : ((sig[at + 1] ?? 0) & (1 << (b - 32))) !== 0;
}
