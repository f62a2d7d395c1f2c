/**
 * Deterministic randomness for the synthetic directory. Everything the simulator invents (services, stored
 * search distances, capacity over time, postcode positions) must replay exactly from its seed, so nothing
 * here touches Math.random.
 */

// Bound once: looking up the global `Math` on every call is slow inside vm contexts (Jest runs tests in one),
// and the capacity clock hashes every service each period.
const imul = Math.imul;

/** 32-bit hash of a string (MurmurHash3's mixing over UTF-16 code units), optionally salted. */
export function hashString(text: string, salt = 0): number {
  let h = (0x9e3779b9 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = imul(text.charCodeAt(i), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (imul(h, 5) + 0xe6546b64) | 0;
  }
  return finalMix(h ^ text.length);
}

/** 32-bit hash of up to three integers; cheap enough to call for every service on every capacity tick. */
export function hashInts(a: number, b: number, c = 0): number {
  let h = finalMix((a ^ 0x85ebca6b) >>> 0);
  h = finalMix((h ^ imul(b | 0, 0xcc9e2d51)) >>> 0);
  return finalMix((h ^ imul(c | 0, 0x1b873593)) >>> 0);
}

/** A hash mapped to [0, 1). */
export function toUnit(hash: number): number {
  return hash / 4294967296;
}

/** A seeded stream of numbers in [0, 1) (sfc32 over a string hash), with the helpers generation needs. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    this.a = hashString(seed, 1);
    this.b = hashString(seed, 2);
    this.c = hashString(seed, 3);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A letter from `alphabet`. */
  letter(alphabet: string): string {
    return alphabet[Math.floor(this.next() * alphabet.length)];
  }

  letters(alphabet: string, count: number): string {
    let text = "";
    for (let i = 0; i < count; i++) text += this.letter(alphabet);
    return text;
  }

  digits(count: number): string {
    let text = "";
    for (let i = 0; i < count; i++) text += String(Math.floor(this.next() * 10));
    return text;
  }
}

// Private: MurmurHash3's fmix32 finaliser, returning an unsigned 32-bit integer.
function finalMix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
