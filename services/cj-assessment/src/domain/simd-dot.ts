// A 2×4 block of dot products in WebAssembly SIMD (f64x2), the O(n³) inner loop of the dense SPD
// kernels (blocked-cholesky.ts). JavaScript itself has no SIMD and pays a bounds check per typed
// array load; this loop runs about 2× faster (bench/cj-bt-fit.ts times both in the same run).
// The module is assembled below from its opcodes (no toolchain, no dependency); its one function
// dot24(a0, a1, b0, b1, b2, b3, len, out) writes the 8 dot products of two rows with four rows
// (byte addresses, the first ⌊len/2⌋·2 elements) as doubles at `out`.

const I32 = 0x7f;
const V128 = 0x7b;
const leb = (value: number): number[] => {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
};
const vector = (items: readonly (readonly number[])[]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, body: readonly number[]): number[] => [id, ...leb(body.length), ...body];
const utf8 = (s: string): number[] => [...leb(s.length), ...new TextEncoder().encode(s)];
const get = (local: number): number[] => [0x20, local];
const set = (local: number): number[] => [0x21, local];
const tee = (local: number): number[] => [0x22, local];
const V128_LOAD = [0xfd, 0x00, 0x04, 0x00];
const F64X2_ADD = [0xfd, 0xf0, 0x01];
const F64X2_MUL = [0xfd, 0xf2, 0x01];
const I32_ADD = 0x6a;

// Locals: params 0–5 byte addresses, 6 len (elements, then bytes of the even part), 7 out address;
// 8 the byte offset, 9–16 the eight f64x2 accumulators, 17/18 the two a-rows, 19 the b-row.
const LEN = 6;
const OUT = 7;
const OFFSET = 8;
const ACC = 9;
const A0 = 17;
const A1 = 18;
const B = 19;

function dot24Body(): number[] {
  const body = [
    ...get(LEN), 0x41, 0x7e, 0x71, 0x41, 3, 0x74, ...set(LEN), // len ← (len & ~1) · 8
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(OFFSET), ...get(LEN), 0x4f, 0x0d, 1, // offset ≥ len → exit
    ...get(0), ...get(OFFSET), I32_ADD, ...V128_LOAD, ...set(A0),
    ...get(1), ...get(OFFSET), I32_ADD, ...V128_LOAD, ...set(A1),
  ];
  for (let c = 0; c < 4; c++) {
    body.push(...get(2 + c), ...get(OFFSET), I32_ADD, ...V128_LOAD, ...tee(B));
    body.push(...get(A0), ...F64X2_MUL, ...get(ACC + c), ...F64X2_ADD, ...set(ACC + c));
    body.push(...get(B), ...get(A1), ...F64X2_MUL, ...get(ACC + 4 + c), ...F64X2_ADD, ...set(ACC + 4 + c));
  }
  body.push(...get(OFFSET), 0x41, 16, I32_ADD, ...set(OFFSET), 0x0c, 0, 0x0b, 0x0b); // offset += 16; loop; end end
  for (let r = 0; r < 8; r++) {
    // out[r] = lane 0 + lane 1 (f64.store, align 8, offset 8r)
    body.push(...get(OUT), ...get(ACC + r), 0xfd, 0x21, 0, ...get(ACC + r), 0xfd, 0x21, 1, 0xa0, 0x39, 0x03, ...leb(8 * r));
  }
  body.push(0x0b);
  const code = [...vector([[1, I32], [11, V128]]), ...body];
  return [...leb(code.length), ...code];
}

const MODULE = new WebAssembly.Module(
  Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...vector(Array.from({ length: 8 }, () => [I32])), 0]])),
    ...section(3, vector([[0]])),
    ...section(5, vector([[0x00, 1]])),
    ...section(7, vector([[...utf8("dot24"), 0x00, 0], [...utf8("memory"), 0x02, 0]])),
    ...section(10, vector([dot24Body()])),
  ]),
);

type RawDot24 = (a0: number, a1: number, b0: number, b1: number, b2: number, b3: number, len: number, out: number) => void;

/** Doubles reserved at the start of the memory for dot24's eight results. */
export const RESULT_SLOTS = 8;

export interface DotKernel {
  /** The whole module memory as doubles; indices below are element indices into it. */
  readonly m: Float64Array;
  /**
   * Sets m[4r + c] = Σ_{k<len} m[a_r + k] · m[b_c + k] for r ∈ {0, 1}, c ∈ {0…3} (the result
   * slots m[0..7]). Any len ≥ 0, any element indices ≥ RESULT_SLOTS.
   */
  dot24(a0: number, a1: number, b0: number, b1: number, b2: number, b3: number, len: number): void;
}

// One instance per process, grown as needed and never shrunk (1,000 essays: 8 MB). Creating an
// instance per call cost ~4 ms (JSC sets up its memory and code each time) and a scale fit makes
// dozens of calls (its evidence search), which made instance creation 17% of cj-assessment's CPU
// through the stack (bench/cj-stack-rounds.ts profile, issue 14). The kernels run synchronously
// and never nest, so sharing one memory is safe.
let shared: { dot: RawDot24; memory: WebAssembly.Memory } | undefined;

function sharedInstance(): { dot: RawDot24; memory: WebAssembly.Memory } {
  if (shared) return shared;
  const instance = new WebAssembly.Instance(MODULE, {});
  const memory = instance.exports["memory"];
  const raw = instance.exports["dot24"];
  if (!(memory instanceof WebAssembly.Memory) || typeof raw !== "function") throw new Error("dot24 module is malformed");
  shared = { dot: raw as RawDot24, memory };
  return shared;
}

/**
 * A kernel whose memory holds at least `doubles` doubles after the result slots. Kernels share one
 * memory: a kernel is valid until the next call of createDotKernel (whose contents it may overwrite).
 */
export function createDotKernel(doubles: number): DotKernel {
  const { dot, memory } = sharedInstance();
  const pages = Math.ceil(((RESULT_SLOTS + doubles) * 8) / 65536);
  const have = memory.buffer.byteLength / 65536;
  if (pages > have) memory.grow(pages - have);
  const m = new Float64Array(memory.buffer);
  return {
    m,
    dot24(a0, a1, b0, b1, b2, b3, len) {
      dot(a0 * 8, a1 * 8, b0 * 8, b1 * 8, b2 * 8, b3 * 8, len, 0);
      if (len % 2 === 1) {
        const k = len - 1;
        const x = m[a0 + k]!;
        const y = m[a1 + k]!;
        const z0 = m[b0 + k]!;
        const z1 = m[b1 + k]!;
        const z2 = m[b2 + k]!;
        const z3 = m[b3 + k]!;
        m[0] = m[0]! + x * z0;
        m[1] = m[1]! + x * z1;
        m[2] = m[2]! + x * z2;
        m[3] = m[3]! + x * z3;
        m[4] = m[4]! + y * z0;
        m[5] = m[5]! + y * z1;
        m[6] = m[6]! + y * z2;
        m[7] = m[7]! + y * z3;
      }
    },
  };
}
