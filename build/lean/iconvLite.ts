// What express's body readers (body-parser, raw-body) ask of iconv-lite, answered by the TextDecoder that Node and
// Electron ship with full ICU. The bundles take this in place of iconv-lite, whose code tables every thread
// would otherwise compile at start, to decode request bodies that are UTF-8.

export interface StreamDecoder {
  write(chunk: Uint8Array): string;
  end(): string | undefined;
}

/** The decoder for a charset label (WHATWG names and aliases: utf-8, utf-16le, latin1, shift_jis…), or null. */
function textDecoder(encoding: string): TextDecoder | null {
  try {
    return new TextDecoder(encoding.trim());
  } catch {
    return null;
  }
}

function found(encoding: string): TextDecoder {
  const decoder = textDecoder(encoding);
  // raw-body turns exactly this message into its 415 "specified encoding unsupported".
  if (!decoder) throw new Error(`Encoding not recognized: '${encoding}'`);
  return decoder;
}

export function encodingExists(encoding: string): boolean {
  return textDecoder(encoding) !== null;
}

/** A whole body as text; a byte-order mark is dropped, as iconv-lite drops it. */
export function decode(body: Uint8Array, encoding: string): string {
  return found(encoding).decode(body);
}

/** A body read in chunks: a character split across two chunks is joined. */
export function getDecoder(encoding: string): StreamDecoder {
  const decoder = found(encoding);
  return {
    write: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => decoder.decode() || undefined,
  };
}
