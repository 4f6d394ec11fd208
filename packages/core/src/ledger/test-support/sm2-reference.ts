/**
 * Independent BigInt SM2 (GB/T 32918.2) for tests only: node:crypto cannot take a fixed k,
 * so the fixed-k vectors are reproduced here, and Node's signatures are checked against
 * the textbook formula (e = SM3(Z_A || M)) rather than only against Node itself.
 * Affine arithmetic, not constant time: never use with real keys.
 */
export type TRefCurve = { p: bigint; a: bigint; b: bigint; gx: bigint; gy: bigint; n: bigint };
type TPoint = { x: bigint; y: bigint } | null;

export function big(hex: string): bigint {
  return BigInt(`0x${hex}`);
}

export function curveFromHex(c: { p: string; a: string; b: string; gx: string; gy: string; n: string }): TRefCurve {
  return { p: big(c.p), a: big(c.a), b: big(c.b), gx: big(c.gx), gy: big(c.gy), n: big(c.n) };
}

function mod(x: bigint, m: bigint): bigint {
  const r = x % m;
  return r < 0n ? r + m : r;
}

function inv(x: bigint, m: bigint): bigint {
  let [a, b, u, v] = [mod(x, m), m, 1n, 0n];
  while (b !== 0n) {
    const q = a / b;
    [a, b] = [b, a - q * b];
    [u, v] = [v, u - q * v];
  }
  if (a !== 1n) throw new Error('not invertible');
  return mod(u, m);
}

function add(c: TRefCurve, P: TPoint, Q: TPoint): TPoint {
  if (P === null) return Q;
  if (Q === null) return P;
  if (P.x === Q.x && mod(P.y + Q.y, c.p) === 0n) return null;
  const l =
    P.x === Q.x && P.y === Q.y
      ? mod((3n * P.x * P.x + c.a) * inv(2n * P.y, c.p), c.p)
      : mod((Q.y - P.y) * inv(Q.x - P.x, c.p), c.p);
  const x = mod(l * l - P.x - Q.x, c.p);
  return { x, y: mod(l * (P.x - x) - P.y, c.p) };
}

export function mul(c: TRefCurve, k: bigint, P: TPoint): TPoint {
  let R: TPoint = null;
  let A = P;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) R = add(c, R, A);
    A = add(c, A, A);
  }
  return R;
}

export function publicFromPrivate(c: TRefCurve, d: bigint): { x: bigint; y: bigint } {
  const P = mul(c, d, { x: c.gx, y: c.gy });
  if (P === null) throw new Error('bad key');
  return P;
}

/** r = (e + x1) mod n, s = (1 + d)^-1 (k - r d) mod n with (x1, y1) = [k]G. */
export function signWithK(c: TRefCurve, d: bigint, e: bigint, k: bigint): { r: bigint; s: bigint } {
  const x1 = mul(c, k, { x: c.gx, y: c.gy })!.x;
  const r = mod(e + x1, c.n);
  const s = mod(inv(1n + d, c.n) * (k - r * d), c.n);
  return { r, s };
}

export function verifyRef(c: TRefCurve, P: { x: bigint; y: bigint }, e: bigint, r: bigint, s: bigint): boolean {
  if (r < 1n || r >= c.n || s < 1n || s >= c.n) return false;
  const t = mod(r + s, c.n);
  if (t === 0n) return false;
  const X = add(c, mul(c, s, { x: c.gx, y: c.gy }), mul(c, t, P));
  return X !== null && mod(e + X.x, c.n) === r;
}
