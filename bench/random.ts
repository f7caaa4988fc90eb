// A small seeded random source (sfc32), so the same seed always generates the same history.

// Cumulative weights by list length and skew, shared by every generator (a call has its own generator).
const zipfTables = new Map<string, Float64Array>();

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` picks one of many independent sequences of the same seed (one per generated call). */
  constructor(seed: number, stream = 0) {
    // splitmix32 spreads the seed and the stream over the four words of state.
    const mixer = (start: number) => {
      let s = start >>> 0;
      return () => {
        s = (s + 0x9e3779b9) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
        return (z ^ (z >>> 16)) >>> 0;
      };
    };
    const fromSeed = mixer(seed);
    const fromStream = mixer(Math.imul(stream >>> 0, 0x27d4eb2f) ^ 0x165667b1);
    this.a = (fromSeed() ^ fromStream()) >>> 0;
    this.b = (fromSeed() ^ fromStream()) >>> 0;
    this.c = (fromSeed() ^ fromStream()) >>> 0;
    this.d = (fromSeed() ^ fromStream()) >>> 0;
    for (let i = 0; i < 12; i++) this.float();
  }

  /** Uniform in [0, 1). */
  float(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** Skewed towards the front of the list (rank r has weight 1/(r+1)^s), as real name and word counts are. */
  zipf<T>(items: readonly T[], s = 0.8): T {
    return items[this.zipfIndex(items.length, s)]!;
  }

  zipfIndex(n: number, s: number): number {
    const key = `${n}:${s}`;
    let cumulative = zipfTables.get(key);
    if (!cumulative) {
      cumulative = new Float64Array(n);
      let sum = 0;
      for (let i = 0; i < n; i++) cumulative[i] = sum += 1 / Math.pow(i + 1, s);
      for (let i = 0; i < n; i++) cumulative[i]! /= sum;
      zipfTables.set(key, cumulative);
    }
    const u = this.float();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Digits of the given length. */
  digits(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(this.float() * 10);
    return out;
  }

  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += Math.floor(this.float() * 16).toString(16);
    return out;
  }
}
