import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Crockford-like base32 without look-alike letters (a code is read off paper). */
function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A fresh random serial (80 bits). */
export function newSerial(): string {
  return base32(randomBytes(10));
}

/** The facts a code vouches for. */
export interface SignedFacts {
  serial: string;
  volunteerId: string;
  from: string;
  to: string;
  hours: number;
}

function mac(key: Buffer, f: SignedFacts): string {
  return base32(createHmac('sha256', key).update(`cert1|${f.serial}|${f.volunteerId}|${f.from}|${f.to}|${f.hours}`).digest()).slice(0, 20);
}

/** The verification code printed on a certificate: serial and a 100-bit HMAC over the facts. */
export function codeOf(key: Buffer, f: SignedFacts): string {
  return `${f.serial}-${mac(key, f)}`;
}

/** Splits a code into serial and MAC, or null when it is not shaped like one. */
export function parseCode(code: string): { serial: string; mac: string } | null {
  const m = /^([A-Z2-9]{16})-([A-Z2-9]{20})$/.exec(code.trim().toUpperCase());
  return m ? { serial: m[1]!, mac: m[2]! } : null;
}

/** Whether a code's MAC matches the stored facts (constant-time comparison). */
export function macMatches(key: Buffer, f: SignedFacts, given: string): boolean {
  const expected = Buffer.from(mac(key, f));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
