/**
 * Redis Cluster hash slots (CRC16/XMODEM of the key, or of its `{hash tag}`, mod 16384), so the bus
 * can group keys that one command or one pipeline may touch together.
 */
const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let j = 0; j < 8; j++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ b) & 0xff] as number);
  return crc;
}

const encoder = new TextEncoder();

/** The hash slot of `key`: only the part inside the first non-empty `{…}` counts when there is one. */
export function keySlot(key: string): number {
  const open = key.indexOf("{");
  if (open !== -1) {
    const close = key.indexOf("}", open + 1);
    if (close > open + 1) return crc16(encoder.encode(key.slice(open + 1, close))) % 16384;
  }
  return crc16(encoder.encode(key)) % 16384;
}

/** Keys grouped by slot, each group in first-seen order; the groups in the order their first key came. */
export function groupBySlot<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const slot = keySlot(keyOf(item));
    const group = groups.get(slot);
    if (group) group.push(item);
    else groups.set(slot, [item]);
  }
  return [...groups.values()];
}
