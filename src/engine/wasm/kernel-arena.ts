/**
 * A WebAssembly memory laid out once for the factor kernels: named typed arrays side by side, each on
 * a 16-byte boundary, viewed from JavaScript and addressed by the kernels through `address`. The
 * memory never grows, so the views stay valid for the arena's life.
 */
import { instantiateFactorKernels, webAssembly, type FactorKernels } from './factor-kernels.ts';

type ArrayKind = Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor;
type ViewOf<K extends ArrayKind> = InstanceType<K>;

const PAGE_BYTES = 65_536;

export class KernelArena<Spec extends Record<string, [ArrayKind, number]>> {
  private constructor(
    readonly kernels: FactorKernels,
    readonly arrays: { [Name in keyof Spec]: ViewOf<Spec[Name][0]> },
    private readonly addresses: Record<keyof Spec, number>,
  ) {}

  /** The arrays of `spec` (constructor and length each), zeroed; `undefined` without WebAssembly SIMD. */
  static create<Spec extends Record<string, [ArrayKind, number]>>(spec: Spec): KernelArena<Spec> | undefined {
    const wasm = webAssembly();
    if (!wasm) return undefined;
    const addresses = {} as Record<keyof Spec, number>;
    let bytes = 0;
    for (const name of Object.keys(spec) as (keyof Spec)[]) {
      const [Kind, length] = spec[name];
      addresses[name] = bytes;
      bytes += Math.ceil((length * Kind.BYTES_PER_ELEMENT) / 16) * 16;
    }
    // Addresses are i32 in the kernels.
    if (bytes > 2 ** 31 - 1) return undefined;
    const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE_BYTES)) });
    const kernels = instantiateFactorKernels(memory);
    if (!kernels) return undefined;
    const arrays = {} as { [Name in keyof Spec]: ViewOf<Spec[Name][0]> };
    for (const name of Object.keys(spec) as (keyof Spec)[]) {
      const [Kind, length] = spec[name];
      arrays[name] = new Kind(memory.buffer, addresses[name], length) as ViewOf<Spec[typeof name][0]>;
    }
    return new KernelArena(kernels, arrays, addresses);
  }

  /** Byte address of an array, as the kernels take it. */
  address(name: keyof Spec): number {
    return this.addresses[name];
  }
}
