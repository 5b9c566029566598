/**
 * Binary data as the sync store takes it (`ArrayBuffer`, any view, Node's `Buffer`) as a `Uint8Array` over the
 * same memory.
 * @module
 */

/** A `Uint8Array` over the bytes of `data` (no copy). */
export const toBytes = (data: ArrayBuffer | ArrayBufferView): Uint8Array =>
  ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
