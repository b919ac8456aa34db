/** Reading a file's bytes as flyctl does: UTF-8, where a byte that is not UTF-8 makes the file unreadable. */

interface Decoded {
  /** The text (a byte that is not UTF-8 reads as U+FFFD). */
  text: string;
  /** The offset of the first byte that is not UTF-8, if any. */
  invalidAt?: number;
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8", { ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    return { text: lenient.decode(bytes), invalidAt: firstInvalidByte(bytes) };
  }
}

/** The first byte that starts no well-formed sequence: a stray byte, or the lead of a broken one. Bytes that do not belong to a well-formed UTF-8 sequence follow RFC 3629: no overlongs, no surrogates. */
function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length;
}

/** Where the first bad byte is, in the decoded text's terms (UTF-16 offset), for a diagnostic. */
export function textOffsetOfByte(bytes: Uint8Array, byte: number): number {
  return lenient.decode(bytes.subarray(0, byte)).length;
}
