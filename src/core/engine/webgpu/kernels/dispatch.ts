/** One dispatch of a step's program: a kernel, its argument record and its workgroups. */
import { ELEMENT_GROUP, KernelSource } from './kernelSource';
import { ProductArg, ProductOperands, productGroups } from './tiledProduct';

export interface Dispatch {
  readonly kernel: KernelSource;
  readonly args: Readonly<Record<string, number>>;
  /** Workgroups in x and y. */
  readonly groups: readonly [number, number];
}

/** The most workgroups one dimension of a dispatch may have (WebGPU's default limit). */
export const MAX_GROUPS_PER_DIMENSION = 65535;

export function dispatch<A extends string>(kernel: KernelSource<A>, args: Readonly<Record<A, number>>, groups: readonly [number, number]): Dispatch {
  return { kernel, args, groups };
}

/** An element kernel over `count` indices: one thread each, rows of at most 65 535 workgroups. */
export function elementDispatch<A extends string>(kernel: KernelSource<A | 'count'>, args: Readonly<Record<A, number>>, count: number): Dispatch {
  const groups = Math.ceil(count / ELEMENT_GROUP);
  const y = Math.ceil(groups / MAX_GROUPS_PER_DIMENSION);
  return dispatch(kernel, { ...args, count } as Record<A | 'count', number>, [Math.ceil(groups / y), y]);
}

/** A product kernel over its M × N outputs. */
export function productDispatch<E extends string>(kernel: KernelSource<ProductArg | E>, operands: ProductOperands, extra: Readonly<Record<E, number>>): Dispatch {
  return dispatch(kernel, { ...operands, ...extra } as Record<ProductArg | E, number>, productGroups(operands.M, operands.N));
}
