import { CryptoError, CryptoErrorCode } from '../errors';
import { concatBytes, utf8 } from './bytes';

/**
 * The canonical encoding every signature and every associated-data string is
 * computed over (docs/protocol.md §2). A structure is its domain-separation
 * tag followed by its fields, each field a 4-byte big-endian length and the
 * bytes; strings are UTF-8; an optional field is one byte 0x00 (absent) or
 * 0x01 followed by the field; a list is a 4-byte count followed by its items.
 * Lengths make the encoding injective; the tag keeps a signature over one
 * structure from ever verifying as another.
 */
export class CanonicalWriter {
  private readonly parts: Uint8Array[] = [];

  constructor(tag: string) {
    if (!/^fpn\/[a-z0-9/-]+$/.test(tag)) {
      throw new CryptoError(CryptoErrorCode.InvalidField, `invalid domain tag ${tag}`);
    }
    this.bytes(utf8(tag));
  }

  bytes(value: Uint8Array): this {
    this.parts.push(uint32(value.length), value);
    return this;
  }

  string(value: string): this {
    return this.bytes(utf8(value));
  }

  optionalString(value: string | undefined): this {
    if (value === undefined) {
      this.parts.push(Uint8Array.of(0));
    } else {
      this.parts.push(Uint8Array.of(1));
      this.string(value);
    }
    return this;
  }

  /** A 4-byte big-endian unsigned integer: versions and list counts. */
  uint32(n: number): this {
    this.parts.push(uint32(n));
    return this;
  }

  finish(): Uint8Array {
    return concatBytes(...this.parts);
  }
}

function uint32(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new CryptoError(CryptoErrorCode.InvalidField, 'length out of range');
  }
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}
