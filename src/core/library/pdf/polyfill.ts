/**
 * pdfjs-dist 6 calls `Promise.withResolvers` and `ArrayBuffer.prototype.transferToFixedLength`,
 * which Node 20 lacks (Electron's newer Node has both). Without the second, getOperatorList
 * silently stops at the first font (pdf.js swallows the TypeError). Imported for its side
 * effect before pdf.js is loaded; each is a no-op where the runtime already has it.
 */
type Resolvers<T> = {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};

const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T>(): Resolvers<T> {
    let resolve!: Resolvers<T>['resolve'];
    let reject!: Resolvers<T>['reject'];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const AB = ArrayBuffer.prototype as unknown as {
  transferToFixedLength?: (this: ArrayBuffer, length?: number) => ArrayBuffer;
};
if (typeof AB.transferToFixedLength !== 'function') {
  // pdf.js only uses it to shrink a scratch buffer it owns, so copying (not detaching) is enough.
  AB.transferToFixedLength = function transferToFixedLength(this: ArrayBuffer, length?: number) {
    const len = length ?? this.byteLength;
    const out = new ArrayBuffer(len);
    new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(len, this.byteLength)));
    return out;
  };
}

export {};
